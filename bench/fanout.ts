/**
 * npm run bench:fanout — how fast one published update reaches 10,000 subscribers,
 * against the practical limit of this machine: plain nodemailer pooled sending of
 * the same messages to the same SMTP sink, with no database.
 *
 * For the embedded database, and for PostgreSQL when DATABASE_URL_BENCH (or the
 * machine's postgres://postgres@127.0.0.1:5432/postgres) answers, in a database
 * created for the run and dropped after: migrates, inserts BENCH_SUBSCRIBERS
 * (10,000) confirmed subscribers in one insert … select, publishes one external
 * update through the real use case (declareIncident, action publish) and times it,
 * then runs the delivery loop (its default concurrency, twice the SMTP pool) until the sink has
 * every message. Prints messages/s, publish → last message, and the ratio to the limit.
 * Targets on the 2-core machine: publish < 200 ms whatever the subscriber count;
 * PostgreSQL >= 0.4 of the limit (>= 300 messages/s).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import nodemailer from 'nodemailer';
import { Worker } from 'node:worker_threads';
import { newId } from '../db/ids.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { insertComponent } from '../db/queries/components.ts';
import { insertStatusInterval } from '../db/queries/status-intervals.ts';
import { loadConfig } from '../src/config.ts';
import { declareIncident } from '../src/incidents/declare-incident.ts';
import { createMailer } from '../src/mail/create-mailer.ts';
import type { Mailer, OutgoingMessage } from '../src/mail/types.ts';
import { startDeliveryLoop } from '../src/notifications/delivery-loop.ts';
import type { Services } from '../src/services.ts';
import { benchTargets, type Target } from './bench-targets.ts';

const SUBSCRIBERS = Number(process.env['BENCH_SUBSCRIBERS'] ?? 10_000);
const POOL_SIZE = Number(process.env['SMTP_POOL_SIZE'] ?? 10);
const DELIVERY_TIMEOUT_MS = Number(process.env['BENCH_TIMEOUT_MS'] ?? 120_000);
const PUBLIC_URL = 'https://status.example.com';

/** A local SMTP server (bench/smtp-count-sink.ts, in a worker thread) that accepts everything and only counts. */
interface Sink {
  port: number;
  received: number;
  lastAt: number;
  reset(): void;
  waitFor(count: number, timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}

/** Absolute milliseconds, comparable with the sink thread's. */
const clock = (): number => performance.timeOrigin + performance.now();

async function startSink(): Promise<Sink> {
  const counters = new SharedArrayBuffer(4);
  const lastAt = new SharedArrayBuffer(8);
  const count = new Int32Array(counters);
  const last = new Float64Array(lastAt);
  const worker = new Worker(new URL('./smtp-count-sink.ts', import.meta.url), { workerData: { counters, lastAt } });
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
      while (Atomics.load(count, 0) < expected && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      return Atomics.load(count, 0) >= expected;
    },
    close: () =>
      new Promise<void>((resolve) => {
        worker.once('exit', () => resolve());
        worker.postMessage('close');
      }),
  };
}

/** The plain limit: nodemailer, pooled like Herald's mailer, the same message to every address, no database. */
async function plainLimit(sink: Sink, sample: OutgoingMessage): Promise<{ rate: number; seconds: number }> {
  sink.reset();
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: sink.port, secure: false, pool: true, maxConnections: POOL_SIZE, maxMessages: Infinity });
  const started = clock();
  await Promise.all(
    Array.from({ length: SUBSCRIBERS }, (_, i) =>
      transport.sendMail({
        from: 'Status <status@example.com>',
        to: `reader${i}@example.com`,
        subject: sample.subject,
        text: sample.text,
        html: sample.html,
        messageId: `<limit-${i}.${sample.messageId}>`,
        headers: sample.headers,
      }),
    ),
  );
  const seconds = (clock() - started) / 1000;
  transport.close();
  return { rate: SUBSCRIBERS / seconds, seconds };
}

interface Run {
  label: string;
  insertMs: number;
  publishMs: number;
  rate: number;
  lastMessageMs: number;
  delivered: number;
  sample: OutgoingMessage | null;
}

async function runOn(target: Target, sink: Sink): Promise<Run> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'herald-bench-fanout-'));
  const opened = await target.open(dataDir);
  const { db } = opened.handle;
  let mailer: Mailer | null = null;
  try {
    await migrateToLatest(db);
    const since = new Date(Date.now() - 3_600_000);
    const componentId = await insertComponent(db, { groupId: null, name: 'API', position: 0, createdAt: since });
    await insertStatusInterval(db, { componentId, status: 'operational', startedAt: since });
    const actor = { id: newId(), name: 'Bench comms', role: 'comms' as const };
    await db.insertInto('users').values({ id: actor.id, email: 'comms@example.com', name: actor.name, role: actor.role, password_hash: 'not-a-real-hash' }).execute();

    const insertStarted = performance.now();
    await sql`
      insert into subscribers (id, email, status, token_hash, all_components, confirmed_at)
      select 'bench-' || g, 'reader' || g || '@example.com', 'confirmed', sha256(convert_to('bench-' || g, 'UTF8')), true, now()
      from generate_series(1, ${SUBSCRIBERS}::int) as g`.execute(db);
    await sql`analyze subscribers`.execute(db);
    const insertMs = performance.now() - insertStarted;

    const config = loadConfig({
      HERALD_DATA_DIR: dataDir,
      HERALD_DEMO: '0',
      PUBLIC_URL,
      SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
      SMTP_POOL_SIZE: String(POOL_SIZE),
      ...(opened.databaseUrl === null ? {} : { DATABASE_URL: opened.databaseUrl }),
    });
    const smtp = createMailer(config);
    mailer = smtp;
    // Keeps the first message, so the plain limit sends exactly what Herald sends.
    let sample: OutgoingMessage | null = null;
    const recording: Mailer = {
      send(message) {
        sample ??= message;
        return smtp.send(message);
      },
      close: () => smtp.close(),
    };
    const services: Services = {
      db,
      config,
      mailer: recording,
      now: () => new Date(),
      refreshSnapshot: () => {},
      jobs: { async schedulePublish() {}, async scheduleMaintenance() {} },
    };

    sink.reset();
    const publishStarted = clock();
    const result = await declareIncident(services, actor, {
      title: 'Elevated API error rates',
      severity: 'SEV2',
      impact: 'major',
      components: [{ componentId, status: 'partial_outage' }],
      update: {
        audience: 'external',
        status: 'investigating',
        body: 'We are seeing **elevated error rates** on the API and are investigating. Requests may fail intermittently; retrying helps.',
        action: 'publish',
        notify: 'on',
      },
    });
    const publishMs = clock() - publishStarted;
    if (!result.ok) throw new Error(`Publishing failed: ${JSON.stringify(result.errors)}`);

    const loop = startDeliveryLoop({ services, log: () => {} }); // default concurrency: twice the pool
    const complete = await sink.waitFor(SUBSCRIBERS, DELIVERY_TIMEOUT_MS);
    await loop.stop();
    const delivered = sink.received;
    const lastMessageMs = (complete ? sink.lastAt : clock()) - publishStarted;
    return { label: target.label, insertMs, publishMs, rate: delivered / (lastMessageMs / 1000), lastMessageMs, delivered, sample };
  } finally {
    await mailer?.close();
    await opened.handle.close();
    await opened.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const sink = await startSink();
try {
  const targets = await benchTargets();
  console.log(`${SUBSCRIBERS.toLocaleString('en-US')} confirmed subscribers, SMTP pool of ${POOL_SIZE}, sink on 127.0.0.1:${sink.port}\n`);
  const runs: Run[] = [];
  for (const target of targets) {
    console.log(`${target.label}: inserting subscribers, publishing, delivering…`);
    runs.push(await runOn(target, sink));
  }
  const sample = runs.find((run) => run.sample !== null)?.sample;
  if (!sample) throw new Error('No message was sent: nothing to compare with.');
  console.log('plain nodemailer (no database): sending the same messages…\n');
  const limit = await plainLimit(sink, sample);

  for (const run of runs) {
    const missing = run.delivered < SUBSCRIBERS ? `   ONLY ${run.delivered}/${SUBSCRIBERS} DELIVERED within ${DELIVERY_TIMEOUT_MS / 1000} s` : '';
    console.log(
      `${run.label.padEnd(20)} ${run.rate.toFixed(0).padStart(6)} messages/s   publish ${run.publishMs.toFixed(0).padStart(4)} ms   publish → last message ${(run.lastMessageMs / 1000).toFixed(1)} s   ratio ${(run.rate / limit.rate).toFixed(2)}   (subscribers inserted in ${run.insertMs.toFixed(0)} ms)${missing}`,
    );
  }
  console.log(`${'plain nodemailer'.padEnd(20)} ${limit.rate.toFixed(0).padStart(6)} messages/s   ${limit.seconds.toFixed(1)} s for ${SUBSCRIBERS} (the practical limit)`);
  console.log(`\nTargets: publish < 200 ms; PostgreSQL ratio >= 0.4 and >= 300 messages/s; message size ${Buffer.byteLength(sample.html) + Buffer.byteLength(sample.text)} bytes of body.`);
} finally {
  await sink.close();
}
