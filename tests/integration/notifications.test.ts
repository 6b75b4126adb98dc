import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.ts';
import { newId } from '../../db/ids.ts';
import { deliverySummary } from '../../db/queries/deliveries.ts';
import { describeDeliverySummary, isDeliveryInProgress } from '../../src/deliveries/describe-delivery-summary.ts';
import { upsertPageSettings } from '../../db/queries/page.ts';
import type { Actor } from '../../src/auth/permissions.ts';
import { loadConfig } from '../../src/config.ts';
import type { Result } from '../../src/domain/result.ts';
import { declareIncident } from '../../src/incidents/declare-incident.ts';
import { publishUpdateNow } from '../../src/incidents/publish-update.ts';
import { saveUpdate } from '../../src/incidents/save-update.ts';
import { createMailer } from '../../src/mail/create-mailer.ts';
import { backoffMs, type DeliveryLoop, startDeliveryLoop } from '../../src/notifications/delivery-loop.ts';
import type { Services } from '../../src/services.ts';
import { verifySubscriberLinkToken } from '../../src/subscriptions/links.ts';
import { subscribe } from '../../src/subscriptions/subscribe.ts';
import { insertOperationalComponent, insertTestActor, recordingScheduler, sleep, waitUntil } from '../support/job-queue.ts';
import { type SmtpSink, startSmtpSink } from '../support/smtp-sink.ts';
import { createTestDatabase, type TestDatabase, testDatabaseKinds } from '../support/test-database.ts';

const PUBLIC_URL = 'https://status.example.com';
/** The relay outage scenario's window; 20 s by default (the case), shorter for quick local runs. */
const OUTAGE_MS = Number(process.env.HERALD_TEST_RELAY_OUTAGE_MS ?? 20_000);

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`Expected success, got ${JSON.stringify(result.errors)}`);
  return result.value;
}

describe.each(testDatabaseKinds())('notifications on %s', (kind) => {
  let target: TestDatabase;
  let db: Db;
  let sink: SmtpSink;
  let services: Services;
  let loop: DeliveryLoop;
  let comms: Actor;
  let componentA: string;
  let componentB: string;
  const logs: string[] = [];

  beforeAll(async () => {
    target = await createTestDatabase(kind);
    db = target.handle.db;
    sink = await startSmtpSink();
    const config = loadConfig({
      HERALD_DATA_DIR: target.dataDir,
      HERALD_DEMO: '0',
      PUBLIC_URL,
      SMTP_URL: sink.url,
      SMTP_POOL_SIZE: '3',
      MAIL_FROM: 'status@example.com',
      ...(target.url === null ? {} : { DATABASE_URL: target.url }),
    });
    services = { db, config, mailer: createMailer(config), now: () => new Date(), refreshSnapshot: () => {}, jobs: recordingScheduler() };
    loop = startDeliveryLoop({ services, background: false, log: (message) => logs.push(message) });
    await upsertPageSettings(db, { name: 'Acme Cloud', description: '' }, services.now());
    comms = await insertTestActor(target, 'comms');
    componentA = await insertOperationalComponent(target, 'API', new Date());
    componentB = await insertOperationalComponent(target, 'Dashboard', new Date());
  });

  afterAll(async () => {
    await loop?.stop();
    await services?.mailer.close();
    await sink?.close();
    await target?.dispose();
  });

  beforeEach(async () => {
    await db.deleteFrom('subscribers').execute();
    await db.deleteFrom('deliveries').execute();
    await db.deleteFrom('mail_alerts').execute();
    await db.deleteFrom('internal_recipients').execute();
    await db.updateTable('users').set({ internal_notifications: false }).execute();
    sink.received.length = 0;
    sink.setDefault('accept');
    sink.rejectMailFromFor(0);
  });

  async function addSubscriber(email: string, status: 'confirmed' | 'pending' | 'unsubscribed' = 'confirmed', components: string[] | null = null): Promise<string> {
    const id = newId();
    await db
      .insertInto('subscribers')
      .values({
        id,
        email,
        status,
        token_hash: new Uint8Array(32),
        all_components: components === null,
        confirmed_at: status === 'pending' ? null : new Date(),
        unsubscribed_at: status === 'unsubscribed' ? new Date() : null,
      })
      .execute();
    for (const componentId of components ?? []) await db.insertInto('subscriber_components').values({ subscriber_id: id, component_id: componentId }).execute();
    return id;
  }

  async function declare(options: { component?: string; audience?: 'external' | 'internal'; notify?: boolean; title?: string } = {}): Promise<{ incidentId: string; updateId: string }> {
    return value(
      await declareIncident(services, comms, {
        title: options.title ?? 'Elevated API errors',
        severity: 'SEV2',
        impact: 'major',
        components: options.audience === 'internal' ? [] : [{ componentId: options.component ?? componentA, status: 'major_outage' }],
        update: { audience: options.audience ?? 'external', status: 'investigating', body: 'We are **looking** into it.', action: 'publish', notify: options.notify === false ? '' : 'on' },
      }),
    );
  }

  /** Works the outbox until nothing is due. */
  async function drain(): Promise<void> {
    while ((await loop.runOnce()) > 0) {
      // keep going
    }
  }

  const notificationsOf = (updateId: string) => db.selectFrom('notifications').selectAll().where('update_id', '=', updateId).execute();
  const header = (mail: SmtpSink['received'][number], name: string): string | undefined =>
    mail.headerLines.find((line) => line.key === name)?.line.replace(/\r?\n[ \t]+/g, ' ');

  it('records the notification with the publish and delivers it to every matching confirmed subscriber, with both parts and the headers', async () => {
    const all = await addSubscriber('all@example.com');
    const onA = await addSubscriber('Follows.A@example.com', 'confirmed', [componentA]);
    await addSubscriber('follows.b@example.com', 'confirmed', [componentB]);
    await addSubscriber('pending@example.com', 'pending');
    await addSubscriber('left@example.com', 'unsubscribed');

    const started = Date.now();
    const { incidentId, updateId } = await declare();
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(sink.received).toHaveLength(0); // publishing sends nothing itself
    expect(await notificationsOf(updateId)).toEqual([expect.objectContaining({ audience: 'external', kind: 'incident', fanned_out_at: null })]);

    await drain();
    expect(sink.recipients().sort()).toEqual(['all@example.com', 'follows.a@example.com']);
    expect(await deliverySummary(db, updateId)).toEqual({ queued: 0, sending: 0, sent: 2, failed: 0, skipped: 0, fannedOut: true, audience: 'external' });

    const mail = sink.received.find((m) => sink.recipients()[sink.received.indexOf(m)] === 'all@example.com')!;
    expect(mail.subject).toBe('[Acme Cloud] Investigating: Elevated API errors');
    expect(mail.text).toContain('We are **looking** into it.');
    expect(mail.html).toContain('<strong>looking</strong>');
    expect(mail.text).toContain(`${PUBLIC_URL}/incidents/${incidentId}`);
    expect(mail.messageId).toBe(`<update-${updateId}.${all}@status.example.com>`);
    expect(mail.inReplyTo).toBe(`<incident-${incidentId}@status.example.com>`);
    expect(mail.references).toBe(`<incident-${incidentId}@status.example.com>`);
    expect(header(mail, 'list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(header(mail, 'list-id')).toBe('List-ID: Acme Cloud status <status.example.com>');
    const unsubscribe = /^List-Unsubscribe: <(https:\/\/status\.example\.com\/unsubscribe\?token=[^>]+)>$/.exec(header(mail, 'list-unsubscribe') ?? '');
    expect(unsubscribe).not.toBeNull();
    const token = new URL(unsubscribe![1]!).searchParams.get('token')!;
    expect((await verifySubscriberLinkToken(db, token))?.id).toBe(all);
    expect(mail.text).toContain(unsubscribe![1]);

    const other = sink.received.find((m) => m.messageId === `<update-${updateId}.${onA}@status.example.com>`);
    expect(other).toBeDefined();
    // Fanned out once: running again sends nothing more.
    expect(await loop.runOnce()).toBe(0);
    expect(sink.received).toHaveLength(2);
  });

  it('a subscriber to component A receives nothing about an incident on B', async () => {
    await addSubscriber('a-only@example.com', 'confirmed', [componentA]);
    await addSubscriber('b-only@example.com', 'confirmed', [componentB]);
    await declare({ component: componentB, title: 'Dashboard slow' });
    await drain();
    expect(sink.recipients()).toEqual(['b-only@example.com']);
  });

  it('says "no subscriber matched" once the fan-out found nobody, and "no messages queued yet" only before it', async () => {
    await addSubscriber('a-only@example.com', 'confirmed', [componentA]);
    const { updateId } = await declare({ component: componentB, title: 'Nobody follows this' });
    const before = await deliverySummary(db, updateId);
    expect(describeDeliverySummary(before)).toBe('Email: no messages queued yet');
    expect(isDeliveryInProgress(before)).toBe(true);
    await drain();
    const after = await deliverySummary(db, updateId);
    expect(after).toEqual({ queued: 0, sending: 0, sent: 0, failed: 0, skipped: 0, fannedOut: true, audience: 'external' });
    expect(describeDeliverySummary(after)).toBe('Email: no subscriber matched');
    expect(isDeliveryInProgress(after)).toBe(false);
    expect(sink.received).toHaveLength(0);
  });

  it('a publish that rolls back leaves no notification', async () => {
    await addSubscriber('all@example.com');
    const { incidentId } = await declare();
    await drain();
    sink.received.length = 0;
    const { updateId } = value(await saveUpdate(services, comms, { incidentId, audience: 'external', status: 'identified', body: 'Found it.', notify: 'on', action: 'draft' }));
    await expect(
      db.transaction().execute(async (trx) => {
        expect(await publishUpdateNow(trx, updateId, comms, new Date())).toBe(true);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await notificationsOf(updateId)).toHaveLength(0);
    await drain();
    expect(sink.received).toHaveLength(0);
  });

  it('notify unchecked: nothing is recorded or sent', async () => {
    await addSubscriber('all@example.com');
    const { updateId } = await declare({ notify: false });
    expect(await notificationsOf(updateId)).toHaveLength(0);
    await drain();
    expect(sink.received).toHaveLength(0);
  });

  it('an internal update reaches only the internal list, never subscribers', async () => {
    await addSubscriber('all@example.com');
    const insider = await insertTestActor(target, 'responder');
    await db.updateTable('users').set({ internal_notifications: true }).where('id', '=', insider.id).execute();
    const disabled = await insertTestActor(target, 'responder');
    await db.updateTable('users').set({ internal_notifications: true, disabled_at: new Date() }).where('id', '=', disabled.id).execute();
    await db.insertInto('internal_recipients').values({ email: 'oncall@example.com' }).execute();

    const { updateId } = await declare({ audience: 'internal', title: 'Replica lag' });
    expect(await notificationsOf(updateId)).toEqual([expect.objectContaining({ audience: 'internal', kind: 'internal' })]);
    await drain();
    const insiderEmail = (await db.selectFrom('users').select('email').where('id', '=', insider.id).executeTakeFirstOrThrow()).email.toLowerCase();
    expect(sink.recipients().sort()).toEqual([insiderEmail, 'oncall@example.com'].sort());
    for (const mail of sink.received) {
      expect(mail.subject).toContain('[INTERNAL]');
      expect(header(mail, 'list-unsubscribe')).toBeUndefined();
    }
  });

  it('unsubscribing after the fan-out still stops a queued delivery', async () => {
    const id = await addSubscriber('changed-mind@example.com');
    const { updateId } = await declare();
    // Fan out without sending (a batch of 0), then unsubscribe before the send.
    const fanOutOnly = startDeliveryLoop({ services, background: false, batchSize: 0 });
    await fanOutOnly.runOnce();
    expect(await deliverySummary(db, updateId)).toMatchObject({ queued: 1 });
    await db.updateTable('subscribers').set({ status: 'unsubscribed', unsubscribed_at: new Date() }).where('id', '=', id).execute();
    await drain();
    expect(sink.received).toHaveLength(0);
    expect(await deliverySummary(db, updateId)).toMatchObject({ skipped: 1, sent: 0 });
  });

  it('450 at RCPT TO for a while: deliveries back off and all arrive once the server accepts', async () => {
    expect([1, 2, 3, 10].map(backoffMs)).toEqual([2_000, 4_000, 8_000, 300_000]);
    const emails = ['r1@example.com', 'r2@example.com', 'r3@example.com', 'r4@example.com'];
    for (const email of emails) await addSubscriber(email);
    sink.setDefault('tempfail');
    const { updateId } = await declare();
    await drain();
    expect(sink.received).toHaveLength(0);
    expect(sink.refusals[450]).toBeGreaterThanOrEqual(4);
    const rows = await db.selectFrom('deliveries').select(['status', 'attempts', 'last_error', 'next_attempt_at']).execute();
    const mine = await deliverySummary(db, updateId);
    expect(mine).toMatchObject({ queued: 4, sent: 0 });
    expect(rows.filter((row) => row.status === 'queued').every((row) => row.next_attempt_at.getTime() > Date.now() && row.last_error !== null)).toBe(true);
    // Not due yet: nothing is claimed before the backoff has passed.
    expect(await loop.runOnce()).toBe(0);

    await sleep(2_100);
    await drain(); // second attempt, still refused: now 4 s
    expect(sink.received).toHaveLength(0);
    sink.setDefault('accept');
    const deadline = Date.now() + 15_000;
    while ((await deliverySummary(db, updateId)).sent < 4 && Date.now() < deadline) {
      await loop.runOnce();
      await sleep(200);
    }
    expect(sink.recipients().sort()).toEqual(emails);
    expect(await deliverySummary(db, updateId)).toEqual({ queued: 0, sending: 0, sent: 4, failed: 0, skipped: 0, fannedOut: true, audience: 'external' });
    const attempts = await db.selectFrom('deliveries').select('attempts').where('recipient', 'in', emails).execute();
    expect(attempts.every((row) => row.attempts === 3)).toBe(true);
  }, 30_000);

  it('a 550 address is recorded as failed, and suspended after three bounces', async () => {
    const bad = await addSubscriber('nobody@example.com');
    await addSubscriber('fine@example.com');
    sink.setAddress('nobody@example.com', 'reject');
    for (let round = 1; round <= 3; round += 1) {
      const { updateId } = await declare({ title: `Outage ${round}` });
      await drain();
      expect(await deliverySummary(db, updateId)).toEqual({ queued: 0, sending: 0, sent: 1, failed: 1, skipped: 0, fannedOut: true, audience: 'external' });
      const subscriber = await db.selectFrom('subscribers').select(['status', 'bounce_count', 'suspended_at']).where('id', '=', bad).executeTakeFirstOrThrow();
      expect(subscriber.bounce_count).toBe(round);
      expect(subscriber.status).toBe(round < 3 ? 'confirmed' : 'suspended');
      expect(subscriber.suspended_at === null).toBe(round < 3);
    }
    const reason = await db.selectFrom('subscribers').select('suspended_reason').where('id', '=', bad).executeTakeFirstOrThrow();
    expect(reason.suspended_reason).toMatch(/^3 bounces; the last: .*550 5\.1\.1 No such user here/);
    const failed = await db.selectFrom('deliveries').select(['status', 'last_error']).where('recipient', '=', 'nobody@example.com').execute();
    expect(failed.every((row) => row.status === 'failed' && /No such user/.test(row.last_error ?? ''))).toBe(true);
    // Suspended: the next update does not even queue a delivery for the address.
    const { updateId } = await declare({ title: 'Outage 4' });
    await drain();
    expect(await deliverySummary(db, updateId)).toEqual({ queued: 0, sending: 0, sent: 1, failed: 0, skipped: 0, fannedOut: true, audience: 'external' });
    expect(sink.recipients().filter((to) => to === 'fine@example.com')).toHaveLength(4);
  });

  async function addConfirmedSubscribers(count: number, prefix: string): Promise<void> {
    const rows = Array.from({ length: count }, (_, index) => ({
      id: newId(),
      email: `${prefix}${String(index).padStart(4, '0')}@example.com`,
      status: 'confirmed' as const,
      token_hash: new Uint8Array(32),
      all_components: true,
      confirmed_at: new Date(),
    }));
    await db.insertInto('subscribers').values(rows).execute();
  }

  const suspendedCount = async (): Promise<number> =>
    Number((await db.selectFrom('subscribers').select((eb) => eb.fn.countAll<string>().as('n')).where('status', '=', 'suspended').executeTakeFirstOrThrow()).n);
  const bouncedCount = async (): Promise<number> =>
    Number((await db.selectFrom('subscribers').select((eb) => eb.fn.countAll<string>().as('n')).where('bounce_count', '>', 0).executeTakeFirstOrThrow()).n);

  it(`the relay refusing MAIL FROM for ${OUTAGE_MS / 1000} s while updates go out to 300 subscribers suspends nobody, and every message arrives once it recovers`, async () => {
    await addConfirmedSubscribers(300, 'reader');
    const outageLogs: string[] = [];
    const background = startDeliveryLoop({ services, pollMs: 100, relayRetryBaseMs: 1_000, relayRetryMaxMs: 4_000, log: (message) => outageLogs.push(message) });
    try {
      sink.rejectMailFromFor(OUTAGE_MS);
      const started = Date.now();
      const updates: string[] = [];
      for (let round = 1; round <= 3; round += 1) {
        updates.push((await declare({ title: `Relay outage round ${round}` })).updateId);
        await sleep(Math.min(5_000, OUTAGE_MS / 4));
      }
      // During the outage: nothing counted against anyone, and the relay was not hammered.
      expect(await suspendedCount()).toBe(0);
      await waitUntil(async () => {
        const summaries = await Promise.all(updates.map((id) => deliverySummary(db, id)));
        return summaries.every((summary) => summary.sent === 300);
      }, OUTAGE_MS + 60_000);
      const recoveredAfterMs = Date.now() - started;

      expect(await suspendedCount()).toBe(0);
      expect(await bouncedCount()).toBe(0);
      for (const id of updates) expect(await deliverySummary(db, id)).toEqual({ queued: 0, sending: 0, sent: 300, failed: 0, skipped: 0, fannedOut: true, audience: 'external' });
      const messageIds = new Set(sink.received.map((mail) => mail.messageId));
      expect(messageIds.size).toBe(900);
      // One alert for the whole outage, closed when mail flowed again.
      const alerts = await db.selectFrom('mail_alerts').selectAll().execute();
      expect(alerts).toEqual([expect.objectContaining({ kind: 'relay-outage', closed_at: expect.any(Date) })]);
      expect(outageLogs.filter((line) => line.startsWith('ALERT: email relay outage'))).toHaveLength(1);
      // The breaker probes once per cool-down instead of retrying 900 messages.
      const refused = sink.mailFromRefusals();
      expect(refused).toBeLessThan(60);
      console.log(`relay outage ${OUTAGE_MS} ms, 300 subscribers, 3 updates: suspended=${await suspendedCount()}, delivered=${messageIds.size}/900, MAIL FROM refused ${refused} times, all delivered ${recoveredAfterMs} ms after the outage began`);
    } finally {
      await background.stop();
    }
  }, OUTAGE_MS + 90_000);

  it('the relay refusing every RCPT TO at once is an outage too, not 40 bounces', async () => {
    await addConfirmedSubscribers(40, 'rcpt');
    const fresh = startDeliveryLoop({ services, background: false, relayRetryBaseMs: 200, relayRetryMaxMs: 400 });
    sink.setDefault('reject');
    const { updateId } = await declare({ title: 'Relay refusing recipients' });
    await fresh.runOnce();
    expect(await bouncedCount()).toBe(0);
    expect(await deliverySummary(db, updateId)).toMatchObject({ queued: 40, failed: 0 });
    expect(await db.selectFrom('mail_alerts').select('kind').execute()).toEqual([{ kind: 'relay-outage' }]);
    sink.setDefault('accept');
    await waitUntil(async () => {
      await fresh.runOnce();
      return (await deliverySummary(db, updateId)).sent === 40;
    }, 15_000);
    expect(await bouncedCount()).toBe(0);
    expect((await db.selectFrom('mail_alerts').select('closed_at').executeTakeFirstOrThrow()).closed_at).not.toBeNull();
  });

  it('transient failures are retried for 72 hours, then failed, and the admins told once', async () => {
    const fixedNow = new Date('2026-11-20T12:00:00Z');
    const clocked: Services = { ...services, now: () => fixedNow };
    await addSubscriber('old@example.com');
    await addSubscriber('recent@example.com');
    sink.setDefault('tempfail');
    const { updateId } = await declare({ title: 'Long relay trouble' });
    await drain();
    expect(await deliverySummary(db, updateId)).toMatchObject({ queued: 2 });
    const hour = 3_600_000;
    await db.updateTable('deliveries').set({ created_at: new Date(fixedNow.getTime() - 72 * hour - 1), next_attempt_at: new Date(0) }).where('recipient', '=', 'old@example.com').execute();
    await db.updateTable('deliveries').set({ created_at: new Date(fixedNow.getTime() - 71 * hour), next_attempt_at: new Date(Date.now() + hour) }).where('recipient', '=', 'recent@example.com').execute();
    const alerts: string[] = [];
    const expiring = startDeliveryLoop({ services: clocked, background: false, expiryCheckEveryMs: 0, log: (message) => alerts.push(message) });
    await expiring.runOnce();
    await expiring.runOnce();
    const rows = await db.selectFrom('deliveries').select(['recipient', 'status', 'last_error']).orderBy('recipient').execute();
    expect(rows).toEqual([
      { recipient: 'old@example.com', status: 'failed', last_error: expect.stringMatching(/^Gave up after 72 hours of retrying\. Last error: .*Mailbox busy, try again later/) },
      expect.objectContaining({ recipient: 'recent@example.com', status: 'queued' }),
    ]);
    const notices = await db.selectFrom('mail_alerts').select(['kind', 'deliveries', 'detail']).execute();
    expect(notices).toEqual([{ kind: 'retries-expired', deliveries: 1, detail: expect.stringContaining('1 message could not be delivered within 72 hours') }]);
    expect(alerts.filter((line) => line.startsWith('ALERT:'))).toHaveLength(1);
    expect(await bouncedCount()).toBe(0);
  });

  it('a confirmation queued behind a large fan-out goes out first', async () => {
    await addConfirmedSubscribers(60, 'crowd');
    const { updateId } = await declare({ title: 'Busy day' });
    const fanOutOnly = startDeliveryLoop({ services, background: false, batchSize: 0 });
    await fanOutOnly.runOnce();
    expect(await deliverySummary(db, updateId)).toMatchObject({ queued: 60 });
    expect(await subscribe(services, { email: 'newcomer@example.com' }, { ip: '198.51.100.77' })).toEqual({ outcome: 'accepted' });
    expect(sink.received).toHaveLength(0); // the request sent nothing
    const small = startDeliveryLoop({ services, background: false, batchSize: 5, concurrency: 1 });
    await small.runOnce();
    expect(sink.recipients()[0]).toBe('newcomer@example.com');
    expect(sink.received[0]!.subject).toBe('[Acme Cloud] Confirm your subscription');
    await drain();
    expect(sink.received).toHaveLength(61);
  });
});
