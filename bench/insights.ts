/**
 * npm run bench:insights — how long /admin/insights takes to render over 10,000
 * incidents (target: under 300 ms on PostgreSQL).
 *
 * Needs a build (npm run build). On each bench database (embedded PGlite, and
 * PostgreSQL when it answers: bench/bench-targets.ts) it writes BENCH_INCIDENTS
 * (10,000) declared incidents spread over the last 365 days, each with its
 * milestones, one to three components, three external updates, a postmortem for
 * one in five (with root-cause tags) and action items for one in four, in a few
 * set-based statements. Then it renders /admin/insights for every period (30, 90 and
 * 365 days), each for all incidents, one component and one severity, through the
 * built app as a signed-in viewer (the same middleware, session check and page as a
 * browser gets): one cold render, then BENCH_PASSES (10) timed ones each, and prints
 * the median and the slowest, then one line per period. The machine's load average
 * comes first: on a shared machine the figures move with it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { migrateToLatest } from '../db/migrate.ts';
import { createSession, SESSION_COOKIE } from '../src/auth/session.ts';
import { loadConfig } from '../src/config.ts';
import { createMailer } from '../src/mail/create-mailer.ts';
import type { AstroRenderer } from '../src/server/astro-app.ts';
import { serverEntryPath } from '../src/server/astro-app.ts';
import type { Services } from '../src/services.ts';
import { loadSnapshot } from '../src/status/load-snapshot.ts';
import { ROOT } from '../tests/support/herald-process.ts';
import { benchTargets, type Target } from './bench-targets.ts';
import { seedInsightsBench } from './insights-data.ts';

const INCIDENTS = Number(process.env['BENCH_INCIDENTS'] ?? 10_000);
const PASSES = Number(process.env['BENCH_PASSES'] ?? 10);
const TARGET_MS = 300;
/** Fixed, so every run measures the same data. */
const NOW = new Date('2026-11-20T12:00:00Z');
const PERIODS = [30, 90, 365] as const;
/** Every period for all incidents, one component (c3: in a quarter of them) and one severity (a third). */
const SCOPES = [
  { label: 'all', query: '' },
  { label: 'one component', query: '&component=c3' },
  { label: 'one severity', query: '&severity=SEV2' },
] as const;
const ROUTES = PERIODS.flatMap((days) => SCOPES.map((scope) => ({ days, scope: scope.label, route: `/admin/insights?days=${days}${scope.query}` })));

// The built app's renderer (src/server/astro-entry.ts): pages, middleware and session check as a browser gets them.
const { renderer } = (await import(pathToFileURL(serverEntryPath(path.join(ROOT, 'dist'))).href)) as { renderer: AstroRenderer };

interface Result {
  days: number;
  scope: string;
  route: string;
  cold: number;
  median: number;
  cpu: number;
  max: number;
}

async function benchOn(target: Target): Promise<{ label: string; results: Result[] }> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'herald-bench-insights-'));
  const { handle, drop } = await target.open(dataDir);
  try {
    await migrateToLatest(handle.db);
    const seeded = performance.now();
    await seedInsightsBench(handle.db, INCIDENTS, NOW);
    console.log(`${target.label}: wrote ${INCIDENTS.toLocaleString('en-US')} incidents in ${((performance.now() - seeded) / 1000).toFixed(1)} s`);
    const config = loadConfig({ HERALD_DATA_DIR: dataDir, HERALD_CLOCK_START: NOW.toISOString() });
    const unused = (): Promise<void> => Promise.reject(new Error('not in the bench'));
    const services: Services = {
      db: handle.db,
      config,
      now: () => NOW,
      refreshSnapshot: () => {},
      jobs: { schedulePublish: unused, scheduleMaintenance: unused },
      mailer: createMailer(config),
    };
    const snapshot = await loadSnapshot(handle.db, { now: NOW, publicUrl: config.publicUrl });
    const { token } = await createSession(handle.db, 'bench-viewer', { now: NOW, userAgent: 'bench', ip: null });
    /** Wall time of one render, and this process's CPU time for it (steadier on a shared machine), in ms. */
    const render = async (route: string): Promise<{ wall: number; cpu: number }> => {
      const locals: App.Locals = { snapshot, staleSince: null, services, user: null, session: null, clientAddress: '127.0.0.1', listenOrigins: [] };
      const start = performance.now();
      const cpu = process.cpuUsage();
      const response = await renderer.render(new Request(new URL(route, 'http://localhost'), { headers: { cookie: `${SESSION_COOKIE}=${token}` } }), {
        locals,
        clientAddress: '127.0.0.1',
        prerenderedErrorPageFetch: () => Promise.resolve(new Response(null, { status: 404 })),
      });
      const body = await response.text();
      const used = process.cpuUsage(cpu);
      const elapsed = { wall: performance.now() - start, cpu: (used.user + used.system) / 1000 };
      if (response.status !== 200 || !body.includes('MTTR')) throw new Error(`${route} answered ${response.status}`);
      return elapsed;
    };
    const results: Result[] = [];
    for (const { days, scope, route } of ROUTES) {
      const cold = (await render(route)).wall;
      const runs: { wall: number; cpu: number }[] = [];
      for (let i = 0; i < PASSES; i += 1) runs.push(await render(route));
      const median = (values: number[]): number => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
      results.push({ days, scope, route, cold, median: median(runs.map((r) => r.wall)), cpu: median(runs.map((r) => r.cpu)), max: Math.max(...runs.map((r) => r.wall)) });
    }
    await services.mailer.close();
    return { label: target.label, results };
  } finally {
    await handle.close();
    await drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const load = (): string => os.loadavg().map((l) => l.toFixed(2)).join(', ');
console.log(`${os.cpus().length} cores, load average ${load()} (1, 5, 15 min)`);
for (const target of await benchTargets()) {
  const { label, results } = await benchOn(target);
  for (const r of results) {
    const verdict = r.median < TARGET_MS ? 'under' : 'OVER';
    console.log(`${label}: ${r.route} over ${INCIDENTS.toLocaleString('en-US')} incidents: cold ${r.cold.toFixed(0)} ms, median of ${PASSES} ${r.median.toFixed(0)} ms wall, ${r.cpu.toFixed(0)} ms CPU in this process (slowest ${r.max.toFixed(0)} ms) — ${verdict} the ${TARGET_MS} ms target`);
  }
  // One line per period, for the README: the median wall time of each scope, and the slowest render seen.
  for (const days of PERIODS) {
    const rows = results.filter((r) => r.days === days);
    const worst = Math.max(...rows.map((r) => r.median));
    console.log(
      `${label}, ${days} days: ${rows.map((r) => `${r.scope} ${r.median.toFixed(0)} ms`).join(', ')} (median wall; slowest render ${Math.max(...rows.map((r) => r.max)).toFixed(0)} ms) — ${worst < TARGET_MS ? 'under' : 'OVER'} the ${TARGET_MS} ms target`,
    );
  }
  console.log(`load average now ${load()}`);
}
