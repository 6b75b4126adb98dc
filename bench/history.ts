/**
 * npm run bench:history — what a long history costs the public page.
 *
 * Builds, creates a PostgreSQL database, loads the demo, starts the production
 * server on it and measures; then adds six years of history with SQL (4,500
 * resolved public incidents with 5–6 published updates each: about 24,700
 * updates), restarts the server and measures again. For each size it prints:
 * - change → new ETag on `/`: a component renamed by another connection (as
 *   `herald worker` or the CLI would), until `/` answers with a new ETag (median
 *   of 5);
 * - snapshot build: loadSnapshot in this process (median of 5);
 * - the server's resident memory after the load below;
 * - `/` bytes (uncompressed and brotli);
 * - req/s of `/` and of the oldest `/history?month=` (autocannon, 20 connections).
 *
 * Needs PostgreSQL (DATABASE_URL_BENCH, default the machine's server).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import type { Db } from '../db/client.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { seedDemo } from '../src/demo/seed-demo.ts';
import { loadSnapshot } from '../src/status/load-snapshot.ts';
import { heraldEnv, ROOT, startHerald } from '../tests/support/herald-process.ts';
import { addHistory } from '../tests/support/long-history.ts';
import { benchTargets } from './bench-targets.ts';

const DURATION_S = Number(process.env['BENCH_DURATION'] ?? 5);
const CONNECTIONS = 20;
const YEARS = 6;
const INCIDENTS = 4_500;

interface Figures {
  incidents: number;
  updates: number;
  changeMs: number;
  buildMs: number;
  rssMiB: number;
  bytes: number;
  brotliBytes: number;
  pageRps: number;
  history: string;
  historyRps: number;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

function residentMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:')) ?? '';
  return Math.round(Number(/(\d+)/.exec(line)?.[1] ?? 0) / 1024);
}

async function rps(url: string): Promise<number> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S, headers: { 'accept-encoding': 'br' } });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return Math.round(result.requests.average);
}

const etagOf = async (url: string): Promise<string> => (await fetch(url, { headers: { 'accept-encoding': 'br' } })).headers.get('etag') ?? '';

/** Renames a component from outside the server and times until `/` has a new ETag. */
async function changeToEtag(db: Db, base: string): Promise<number> {
  const component = await db.selectFrom('components').select(['id', 'name']).orderBy('position').executeTakeFirstOrThrow();
  const times: number[] = [];
  for (let i = 0; i < 5; i += 1) {
    const before = await etagOf(`${base}/`);
    const start = performance.now();
    await db.updateTable('components').set({ name: `${component.name} (${i})` }).where('id', '=', component.id).execute();
    while ((await etagOf(`${base}/`)) === before) {
      if (performance.now() - start > 30_000) throw new Error('No new ETag on / within 30 s of a change');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    times.push(performance.now() - start);
  }
  await db.updateTable('components').set({ name: component.name }).where('id', '=', component.id).execute();
  console.log(`  change → new ETag, each: ${times.map((t) => t.toFixed(0)).join(", ")} ms`);
  return median(times);
}

async function measure(db: Db, databaseUrl: string, dataDir: string): Promise<Figures> {
  const counts = await sql<{ incidents: string; updates: string; oldest: Date }>`
    select (select count(*) from incidents) as incidents, (select count(*) from updates) as updates,
      (select min(started_at) from incidents) as oldest`.execute(db);
  const row = counts.rows[0];
  const builds: number[] = [];
  for (let i = 0; i < 5; i += 1) {
    const start = performance.now();
    await loadSnapshot(db, { now: new Date(), publicUrl: 'http://localhost:4321' });
    builds.push(performance.now() - start);
  }
  const herald = await startHerald(heraldEnv({ DATABASE_URL: databaseUrl, HERALD_DATA_DIR: dataDir }), 120_000);
  try {
    const base = herald.url;
    const page = Buffer.from(await (await fetch(`${base}/`)).arrayBuffer());
    const brotli = await fetch(`${base}/`, { headers: { 'accept-encoding': 'br' } });
    const brotliBytes = Number(brotli.headers.get('content-length') ?? 0);
    const changeMs = await changeToEtag(db, base);
    const oldest = row?.oldest ?? new Date();
    const history = `/history?month=${oldest.toISOString().slice(0, 7)}`;
    const historyStatus = (await fetch(`${base}${history}`)).status;
    if (historyStatus !== 200) throw new Error(`${history} answered ${historyStatus}`);
    const pageRps = await rps(`${base}/`);
    const historyRps = await rps(`${base}${history}`);
    return {
      incidents: Number(row?.incidents ?? 0),
      updates: Number(row?.updates ?? 0),
      changeMs,
      buildMs: median(builds),
      rssMiB: residentMiB(herald.child.pid ?? 0),
      bytes: page.length,
      brotliBytes,
      pageRps,
      history,
      historyRps,
    };
  } finally {
    await herald.stop();
  }
}

const row = (label: string, f: Figures): string =>
  [
    label.padEnd(10),
    `${String(f.incidents).padStart(5)} incidents`,
    `${String(f.updates).padStart(6)} updates`,
    `change→ETag ${f.changeMs.toFixed(0).padStart(5)} ms`,
    `snapshot ${f.buildMs.toFixed(0).padStart(5)} ms`,
    `RSS ${String(f.rssMiB).padStart(4)} MiB`,
    `/ ${(f.bytes / 1024).toFixed(0)} KB (${(f.brotliBytes / 1024).toFixed(1)} KB br)`,
    `/ ${String(f.pageRps).padStart(6)} req/s`,
    `${f.history} ${String(f.historyRps).padStart(6)} req/s`,
  ].join('  ');

console.log('Building…');
execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'astro', 'bin', 'astro.mjs'), 'build'], { cwd: ROOT, stdio: 'ignore', env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' } });
const target = (await benchTargets()).find((candidate) => candidate.label === 'PostgreSQL');
if (!target) throw new Error('bench:history needs PostgreSQL (DATABASE_URL_BENCH)');
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'herald-bench-history-'));
const { handle, databaseUrl, drop } = await target.open(dataDir);
try {
  if (databaseUrl === null) throw new Error('unreachable: PostgreSQL has a URL');
  await migrateToLatest(handle.db);
  await seedDemo(handle.db, { now: new Date() });
  console.log('Measuring the demo…');
  const demo = await measure(handle.db, databaseUrl, path.join(dataDir, 'demo'));
  console.log(row('demo', demo));
  console.log(`Adding ${YEARS} years of history…`);
  await addHistory(handle.db, { incidents: INCIDENTS, years: YEARS, before: new Date(Date.now() - 100 * 86_400_000) });
  await sql`analyze`.execute(handle.db);
  const long = await measure(handle.db, databaseUrl, path.join(dataDir, 'long'));
  console.log(row('demo', demo));
  console.log(row(`${YEARS} years`, long));
  console.log(`RSS ${YEARS} years / demo: ${(long.rssMiB / demo.rssMiB).toFixed(2)} (target <= 1.3); change→ETag target <= 500 ms at both sizes`);
} finally {
  await handle.close();
  await drop();
  rmSync(dataDir, { recursive: true, force: true });
}
