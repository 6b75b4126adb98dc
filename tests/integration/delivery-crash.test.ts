import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../db/ids.ts';
import { deliverySummary } from '../../db/queries/deliveries.ts';
import { upsertPageSettings } from '../../db/queries/page.ts';
import { loadConfig } from '../../src/config.ts';
import { declareIncident } from '../../src/incidents/declare-incident.ts';
import { createMailer } from '../../src/mail/create-mailer.ts';
import { heraldEnv, ROOT } from '../support/herald-process.ts';
import { insertOperationalComponent, insertTestActor, recordingScheduler, sleep } from '../support/job-queue.ts';
import { type SmtpSink, startSmtpSink } from '../support/smtp-sink.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

/*
 * Crash safety of the outbox: a `herald worker` child process is SIGKILLed in the
 * middle of a 500-message fan-out and started again. Every subscriber must get the
 * update; duplicates only for messages in flight at the kill, each with the same
 * Message-ID. PostgreSQL when TEST_DATABASE_URL is set, else the embedded database
 * (this test's handle serves the socket and the worker joins it).
 */

const SUBSCRIBERS = 500;
const KILL_AT = 150;
const kind = process.env['TEST_DATABASE_URL'] ? 'postgres' : 'embedded';

function startWorker(target: TestDatabase, sink: SmtpSink): { child: ChildProcess; output: () => string } {
  const env = heraldEnv({
    HERALD_DATA_DIR: target.dataDir,
    HERALD_DEMO: '0',
    PUBLIC_URL: 'https://status.example.com',
    SMTP_URL: sink.url,
    SMTP_POOL_SIZE: '5',
    ...(target.url === null ? {} : { DATABASE_URL: target.url }),
  });
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'herald.ts'), 'worker'], { cwd: ROOT, env });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(20);
  }
  throw new Error(`Timed out waiting for ${what}`);
}

describe(`worker crash during a fan-out (${kind})`, () => {
  let target: TestDatabase;
  let sink: SmtpSink;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    target = await createTestDatabase(kind);
    sink = await startSmtpSink();
  });

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await sink?.close();
    await target?.dispose();
  });

  it('delivers to every subscriber exactly once, but for the messages in flight at the kill', async () => {
    const started = Date.now();
    const db = target.handle.db;
    await upsertPageSettings(db, { name: 'Acme Cloud', description: '' }, new Date());
    const actor = await insertTestActor(target, 'comms');
    const component = await insertOperationalComponent(target, 'API', new Date());
    const emails = Array.from({ length: SUBSCRIBERS }, (_, i) => `sub${String(i).padStart(3, '0')}@example.com`);
    await db
      .insertInto('subscribers')
      .values(emails.map((email) => ({ id: newId(), email, status: 'confirmed', token_hash: new Uint8Array(32), confirmed_at: new Date() })))
      .execute();
    const config = loadConfig({ HERALD_DATA_DIR: target.dataDir, HERALD_DEMO: '0', ...(target.url === null ? {} : { DATABASE_URL: target.url }) });
    const services = { db, config, mailer: createMailer(config), now: () => new Date(), refreshSnapshot: () => {}, jobs: recordingScheduler() };
    const declared = await declareIncident(services, actor, {
      title: 'API down',
      severity: 'SEV1',
      impact: 'critical',
      components: [{ componentId: component, status: 'major_outage' }],
      update: { audience: 'external', status: 'investigating', body: 'Looking into it.', action: 'publish', notify: 'on' },
    });
    if (!declared.ok) throw new Error(JSON.stringify(declared.errors));
    const { updateId } = declared.value;

    const first = startWorker(target, sink);
    children.push(first.child);
    await until(() => sink.received.length >= KILL_AT, 60_000, `${KILL_AT} messages (worker said: ${first.output()})`).catch((error: Error) => {
      throw new Error(`${error.message}\n${first.output()}`);
    });
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    const beforeKill = sink.received.length;

    const second = startWorker(target, sink);
    children.push(second.child);
    await until(() => new Set(sink.recipients()).size >= SUBSCRIBERS, 75_000, `every address (worker said: ${second.output()})`);
    await until(async () => (await deliverySummary(db, updateId)).sent === SUBSCRIBERS, 10_000, 'every delivery marked sent');
    second.child.kill('SIGTERM');
    await new Promise((resolve) => second.child.once('exit', resolve));

    const byAddress = new Map<string, string[]>();
    sink.received.forEach((mail, index) => {
      const to = sink.recipients()[index]!;
      byAddress.set(to, [...(byAddress.get(to) ?? []), mail.messageId ?? '']);
    });
    expect([...byAddress.keys()].sort()).toEqual(emails);
    const duplicates = [...byAddress.values()].filter((ids) => ids.length > 1);
    for (const ids of duplicates) expect(new Set(ids).size).toBe(1);
    const duplicateCount = duplicates.reduce((sum, ids) => sum + ids.length - 1, 0);
    expect(duplicateCount).toBeLessThanOrEqual(10);
    expect(await deliverySummary(db, updateId)).toEqual({ queued: 0, sending: 0, sent: SUBSCRIBERS, failed: 0, skipped: 0, fannedOut: true, audience: 'external' });
    console.log(`delivery-crash (${kind}): ${beforeKill} messages before the kill, ${duplicateCount} duplicate(s), ${sink.received.length} received, ${Date.now() - started} ms`);
  }, 150_000);
});
