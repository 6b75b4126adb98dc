/**
 * npm run bench:webhooks — how fast one published update reaches 1,000 webhook
 * endpoints through Herald's outbox and delivery loop, against the practical limit
 * of this machine: plain fetch (undici) posting the very same requests (bodies and
 * signed headers, recorded as Herald sent them) to the same receiver, no database.
 *
 * For the embedded database, and for PostgreSQL when DATABASE_URL_BENCH (or the
 * machine's postgres://postgres@127.0.0.1:5432/postgres) answers, in a database
 * created for the run and dropped after: migrates, inserts BENCH_ENDPOINTS (1,000)
 * generic endpoints on a local receiver (a worker thread on 127.0.0.1), publishes
 * one external update through the real use case (declareIncident, action publish)
 * and runs the delivery loop (its defaults) until the receiver has every request.
 * Prints deliveries/s and the ratio to the limit (target >= 0.5).
 * BENCH_WEBHOOK_BATCH and BENCH_WEBHOOK_CONCURRENCY override the loop's webhook
 * batch size and parallelism, to tune them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { sql } from 'kysely';
import { newId } from '../db/ids.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { upsertPageSettings } from '../db/queries/page.ts';
import { loadConfig } from '../src/config.ts';
import { declareIncident } from '../src/incidents/declare-incident.ts';
import { createMailer } from '../src/mail/create-mailer.ts';
import { startDeliveryLoop } from '../src/notifications/delivery-loop.ts';
import type { Services } from '../src/services.ts';
import { createWebhookPoster, type WebhookPoster } from '../src/webhooks/http-post.ts';
import { newWebhookSecret } from '../src/webhooks/signing.ts';
import { benchTargets, type Target } from './bench-targets.ts';

const ENDPOINTS = Number(process.env['BENCH_ENDPOINTS'] ?? 1_000);
const TIMEOUT_MS = Number(process.env['BENCH_TIMEOUT_MS'] ?? 120_000);
const PUBLIC_URL = 'https://status.example.com';
/** Tuning: the delivery loop's webhook batch and parallelism (defaults: the loop's, 200 and 32). */
const BATCH = process.env['BENCH_WEBHOOK_BATCH'] ? Number(process.env['BENCH_WEBHOOK_BATCH']) : undefined;
const CONCURRENCY = process.env['BENCH_WEBHOOK_CONCURRENCY'] ? Number(process.env['BENCH_WEBHOOK_CONCURRENCY']) : undefined;

interface Receiver {
  port: number;
  received: number;
  lastAt: number;
  reset(): void;
  waitFor(count: number, timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}

/** Absolute milliseconds, comparable with the receiver thread's. */
const clock = (): number => performance.timeOrigin + performance.now();

async function startReceiver(): Promise<Receiver> {
  const counters = new SharedArrayBuffer(4);
  const lastAt = new SharedArrayBuffer(8);
  const count = new Int32Array(counters);
  const last = new Float64Array(lastAt);
  const worker = new Worker(new URL('./webhook-count-receiver.ts', import.meta.url), { workerData: { counters, lastAt } });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', (message: { port: number }) => resolve(message.port));
    worker.once('error', reject);
  });
  return {
    port,
    get received() {
      return Atomics.load(count, 0);
    },
    get lastAt() {
      return last[0] ?? 0;
    },
    reset(): void {
      Atomics.store(count, 0, 0);
      last[0] = 0;
    },
    async waitFor(expected, timeoutMs): Promise<boolean> {
      const deadline = Date.now() + timeoutMs;
      while (Atomics.load(count, 0) < expected && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
      return Atomics.load(count, 0) >= expected;
    },
    close: () =>
      new Promise<void>((resolve) => {
        worker.once('exit', () => resolve());
        worker.postMessage('close');
      }),
  };
}

interface Sent {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** The limit: plain fetch (undici's pooled keep-alive agent), every recorded request at once, no database. */
async function plainLimit(receiver: Receiver, requests: readonly Sent[]): Promise<{ rate: number; seconds: number }> {
  receiver.reset();
  const started = clock();
  await Promise.all(
    requests.map(async (request) => {
      const response = await fetch(request.url, { method: 'POST', headers: { 'content-type': 'application/json', ...request.headers }, body: request.body, redirect: 'manual' });
      await response.text();
    }),
  );
  const seconds = (clock() - started) / 1000;
  return { rate: requests.length / seconds, seconds };
}

interface Run {
  label: string;
  publishMs: number;
  rate: number;
  lastMs: number;
  delivered: number;
  requests: Sent[];
}

async function runOn(target: Target, receiver: Receiver): Promise<Run> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'herald-bench-webhooks-'));
  const opened = await target.open(dataDir);
  const { db } = opened.handle;
  const config = loadConfig({
    HERALD_DATA_DIR: dataDir,
    HERALD_DEMO: '0',
    PUBLIC_URL,
    HERALD_WEBHOOK_ALLOW_PRIVATE: '1',
    ...(opened.databaseUrl === null ? {} : { DATABASE_URL: opened.databaseUrl }),
  });
  const mailer = createMailer(config);
  try {
    await migrateToLatest(db);
    await upsertPageSettings(db, { name: 'Bench Cloud', description: '' }, new Date());
    const actor = { id: newId(), name: 'Bench comms', role: 'comms' as const };
    await db.insertInto('users').values({ id: actor.id, email: 'comms@example.com', name: actor.name, role: actor.role, password_hash: 'not-a-real-hash' }).execute();
    await sql`
      insert into webhook_endpoints (id, kind, name, url, audience, events, secret, owner_email, created_by)
      select 'bench-' || g, 'generic', 'Endpoint ' || g, ${`http://127.0.0.1:${receiver.port}/hook/`}::text || g, 'external',
        '["incident.created","incident.updated","incident.resolved"]'::jsonb, ${newWebhookSecret()}::text, 'owner@example.com', 'bench'
      from generate_series(1, ${ENDPOINTS}::int) as g`.execute(db);

    // Records what Herald posts, so the limit replays exactly the same requests.
    const requests: Sent[] = [];
    const real = createWebhookPoster({ allowPrivate: true, maxSocketsPerHost: CONCURRENCY ?? 32 });
    const poster: WebhookPoster = {
      post(url, headers, body) {
        requests.push({ url, headers, body });
        return real.post(url, headers, body);
      },
      close: () => real.close(),
    };
    const services: Services = { db, config, mailer, now: () => new Date(), refreshSnapshot: () => {}, jobs: { async schedulePublish() {}, async scheduleMaintenance() {} } };

    receiver.reset();
    const started = clock();
    const result = await declareIncident(services, actor, {
      title: 'Elevated API error rates',
      severity: 'SEV2',
      impact: 'major',
      components: [],
      update: { audience: 'external', status: 'investigating', body: 'We are seeing **elevated error rates** on the API and are investigating. Requests may fail intermittently; retrying helps.', action: 'publish', notify: 'on' },
    });
    const publishMs = clock() - started;
    if (!result.ok) throw new Error(`Publishing failed: ${JSON.stringify(result.errors)}`);
    const loop = startDeliveryLoop({ services, log: () => {}, webhookPoster: poster, ...(BATCH === undefined ? {} : { webhookBatchSize: BATCH }), ...(CONCURRENCY === undefined ? {} : { webhookConcurrency: CONCURRENCY }) });
    const complete = await receiver.waitFor(ENDPOINTS, TIMEOUT_MS);
    await loop.stop();
    real.close();
    const delivered = receiver.received;
    const lastMs = (complete ? receiver.lastAt : clock()) - started;
    return { label: target.label, publishMs, rate: delivered / (lastMs / 1000), lastMs, delivered, requests };
  } finally {
    await mailer.close();
    await opened.handle.close();
    await opened.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const receiver = await startReceiver();
try {
  const targets = await benchTargets();
  console.log(`${ENDPOINTS.toLocaleString('en-US')} generic webhook endpoints on a receiver at 127.0.0.1:${receiver.port}\n`);
  const runs: Run[] = [];
  for (const target of targets) {
    console.log(`${target.label}: publishing, delivering…`);
    runs.push(await runOn(target, receiver));
  }
  const requests = runs.find((run) => run.requests.length >= ENDPOINTS)?.requests.slice(0, ENDPOINTS);
  if (!requests) throw new Error('Herald did not post to every endpoint: nothing to compare with.');
  console.log('plain fetch (no database): posting the same requests…');
  // Best of three rounds: the limit is not measured on cold connections only, nor on one unlucky round.
  let best = await plainLimit(receiver, requests);
  for (let round = 0; round < 2; round += 1) {
    const next = await plainLimit(receiver, requests);
    if (next.rate > best.rate) best = next;
  }
  console.log('');
  for (const run of runs) {
    const missing = run.delivered < ENDPOINTS ? `   ONLY ${run.delivered}/${ENDPOINTS} DELIVERED within ${TIMEOUT_MS / 1000} s` : '';
    console.log(
      `${run.label.padEnd(20)} ${run.rate.toFixed(0).padStart(6)} deliveries/s   publish ${run.publishMs.toFixed(0).padStart(4)} ms   publish → last delivery ${(run.lastMs / 1000).toFixed(2)} s   ratio ${(run.rate / best.rate).toFixed(2)}${missing}`,
    );
  }
  console.log(`${'plain fetch'.padEnd(20)} ${best.rate.toFixed(0).padStart(6)} deliveries/s   ${best.seconds.toFixed(2)} s for ${ENDPOINTS} (the practical limit; best of three rounds)`);
  console.log(`\nTarget: ratio >= 0.5. Body size ${Buffer.byteLength(requests[0]!.body)} bytes, signed per Standard Webhooks.`);
} finally {
  await receiver.close();
}
