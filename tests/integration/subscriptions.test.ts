import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { insertComponentGroup } from '../../db/queries/component-groups.ts';
import { insertComponent } from '../../db/queries/components.ts';
import { findSubscriberByEmail, insertSubscriber, listSubscriberComponentIds, replaceSubscriberComponents } from '../../db/queries/subscribers.ts';
import { ForbiddenError, type Actor } from '../../src/auth/permissions.ts';
import { loadConfig } from '../../src/config.ts';
import type { Mailer, OutgoingMessage, SendResult } from '../../src/mail/types.ts';
import type { Services } from '../../src/services.ts';
import { startDeliveryLoop } from '../../src/notifications/delivery-loop.ts';
import { checkConfirmation, confirmSubscription } from '../../src/subscriptions/confirm-subscription.ts';
import { exportSubscribers } from '../../src/subscriptions/export-subscribers.ts';
import { importSubscribers } from '../../src/subscriptions/import-subscribers.ts';
import { subscriberLinkToken, verifySubscriberLinkToken } from '../../src/subscriptions/links.ts';
import { listSubscribersForAdmin } from '../../src/subscriptions/list-subscribers.ts';
import { reactivateSubscribers } from '../../src/subscriptions/reactivate-subscribers.ts';
import { removeSubscriber } from '../../src/subscriptions/remove-subscriber.ts';
import { removeSubscribers } from '../../src/subscriptions/remove-subscribers.ts';
import { changeSubscriptionComponents } from '../../src/subscriptions/manage-subscription.ts';
import { subscribe } from '../../src/subscriptions/subscribe.ts';
import { unsubscribe } from '../../src/subscriptions/unsubscribe.ts';
import { insertOperationalComponent, insertTestActor, recordingScheduler } from '../support/job-queue.ts';
import { createTestDatabase, type TestDatabase, testDatabaseKinds } from '../support/test-database.ts';

/** A real in-process sink: keeps every message handed to it, optionally after a delay (a slow relay). */
function recordingMailer(delayMs = 0): Mailer & { sent: OutgoingMessage[] } {
  const sent: OutgoingMessage[] = [];
  return {
    sent,
    async send(message): Promise<SendResult> {
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      sent.push(message);
      return { ok: true };
    },
    async close(): Promise<void> {},
  };
}

const HOUR = 3_600_000;

function confirmToken(message: OutgoingMessage | undefined): string {
  const match = /\/subscribe\/confirm\?token=([A-Za-z0-9._%-]+)/.exec(message?.text ?? '');
  if (!match?.[1]) throw new Error(`no confirm URL in:\n${message?.text}`);
  return decodeURIComponent(match[1]);
}

describe.each(testDatabaseKinds())('subscriptions (%s)', (kind) => {
  let target: TestDatabase;
  let services: Services;
  let mailer: ReturnType<typeof recordingMailer>;
  let clock: Date;
  let apiId: string;
  let ipCounter = 0;
  /** A fresh IP per test, so the per-IP limit only bites where a test wants it. */
  let ip: string;
  let ADMIN: Actor;
  let COMMS: Actor;
  let RESPONDER: Actor;
  let VIEWER: Actor;

  beforeAll(async () => {
    target = await createTestDatabase(kind);
    ADMIN = await insertTestActor(target, 'admin');
    COMMS = await insertTestActor(target, 'comms');
    RESPONDER = await insertTestActor(target, 'responder');
    VIEWER = await insertTestActor(target, 'viewer');
    apiId = await insertOperationalComponent(target, 'API', new Date());
    await insertOperationalComponent(target, 'Dashboard', new Date());
  });
  afterAll(async () => {
    await target?.dispose();
  });
  /** What the delivery loop sends of what is queued (the subscribe request itself sends nothing). */
  async function deliver(): Promise<OutgoingMessage[]> {
    const loop = startDeliveryLoop({ services, background: false });
    while ((await loop.runOnce()) > 0) {
      // until nothing is due
    }
    return mailer.sent;
  }

  beforeEach(async () => {
    await target.handle.db.deleteFrom('deliveries').execute();
    clock = new Date('2026-12-01T12:00:00Z');
    mailer = recordingMailer();
    ipCounter += 1;
    ip = `192.0.2.${ipCounter}`;
    const config = loadConfig({ HERALD_DATA_DIR: target.dataDir, HERALD_DEMO: '0', PUBLIC_URL: 'https://status.example.com' });
    services = { db: target.handle.db, config, mailer, now: () => clock, refreshSnapshot: () => {}, jobs: recordingScheduler() };
  });

  it('sends one confirmation; the link confirms once; the answer never changes', async () => {
    const result = await subscribe(services, { email: ' Ada@Example.com ', components: apiId }, { ip });
    expect(result).toEqual({ outcome: 'accepted' });
    expect(mailer.sent).toHaveLength(0); // queued, not sent by the request
    expect(await deliver()).toHaveLength(1);
    const message = mailer.sent[0]!;
    expect(message.to).toBe('Ada@Example.com');
    expect(message.messageId).toMatch(/^confirm-[a-z0-9]+-\d+@status\.example\.com$/);
    expect(message.text).toContain('https://status.example.com/subscribe/confirm?token=');
    const token = confirmToken(message);

    const pending = await findSubscriberByEmail(target.handle.db, 'ada@example.com');
    expect(pending?.status).toBe('pending');
    expect(pending?.allComponents).toBe(false);
    expect(await listSubscriberComponentIds(target.handle.db, pending!.id)).toEqual([apiId]);

    // Opening the link (GET) only checks it: a mail scanner confirms nothing.
    expect(await checkConfirmation(services, token)).toEqual({ outcome: 'valid', email: 'Ada@Example.com', webhookUrl: null });
    expect(await checkConfirmation(services, token)).toEqual({ outcome: 'valid', email: 'Ada@Example.com', webhookUrl: null });
    expect((await findSubscriberByEmail(target.handle.db, 'ada@example.com'))?.status).toBe('pending');
    const confirmed = await confirmSubscription(services, token);
    expect(confirmed.outcome).toBe('confirmed');
    expect(await checkConfirmation(services, token)).toEqual({ outcome: 'invalid' });
    expect((await findSubscriberByEmail(target.handle.db, 'ada@example.com'))?.status).toBe('confirmed');
    expect(await confirmSubscription(services, token)).toEqual({ outcome: 'invalid' });

    // Subscribing again once confirmed: the same answer, nothing changed; the owner
    // gets an "already subscribed" note with their manage link.
    clock = new Date(clock.getTime() + 2 * HOUR);
    expect(await subscribe(services, { email: 'ada@example.com' }, { ip })).toEqual({ outcome: 'accepted' });
    expect(await deliver()).toHaveLength(2);
    const note = mailer.sent[1]!;
    expect(note.subject).toBe('[Status] You are already subscribed');
    expect(note.text).toContain(`https://status.example.com/subscribe/manage?token=${encodeURIComponent(confirmed.outcome === 'confirmed' ? confirmed.manageToken : '')}`);
    expect(note.text).not.toContain('/subscribe/confirm');
    const after = await findSubscriberByEmail(target.handle.db, 'ada@example.com');
    expect(after?.status).toBe('confirmed');
    expect(after?.allComponents).toBe(false);
  });

  it('expands a ticked whole group to its components, on subscribe and on the manage page', async () => {
    const groupId = await insertComponentGroup(target.handle.db, { name: 'Storage', position: 9, createdAt: clock });
    const disks = await insertComponent(target.handle.db, { groupId, name: 'Disks', position: 0, createdAt: clock });
    const buckets = await insertComponent(target.handle.db, { groupId, name: 'Buckets', position: 1, createdAt: clock });
    // Without JavaScript the form sends only the group; an unknown group is ignored.
    expect(await subscribe(services, { email: 'grouped@example.com', groups: [groupId, 'no-such-group'], components: apiId }, { ip })).toEqual({ outcome: 'accepted' });
    const subscriber = await findSubscriberByEmail(target.handle.db, 'grouped@example.com');
    expect(subscriber?.allComponents).toBe(false);
    expect(new Set(await listSubscriberComponentIds(target.handle.db, subscriber!.id))).toEqual(new Set([apiId, disks, buckets]));
    expect((await deliver())[0]?.text).toContain('Components: API, Disks, Buckets');

    const token = await subscriberLinkToken(target.handle.db, subscriber!.id);
    expect(await changeSubscriptionComponents(services, token, { groups: groupId })).toMatchObject({ outcome: 'saved', view: { selected: [disks, buckets] } });
    expect(new Set(await listSubscriberComponentIds(target.handle.db, subscriber!.id))).toEqual(new Set([disks, buckets]));
  });

  it('refuses an expired confirmation (48 h), forged and unknown tokens', async () => {
    await subscribe(services, { email: 'late@example.com' }, { ip });
    const token = confirmToken((await deliver())[0]);
    clock = new Date(clock.getTime() + 49 * HOUR);
    expect(await confirmSubscription(services, token)).toEqual({ outcome: 'expired' });
    expect((await findSubscriberByEmail(target.handle.db, 'late@example.com'))?.status).toBe('pending');
    const [id] = token.split('.');
    expect(await confirmSubscription(services, `${id}.aaaaaaaaaaaaaaaaaaaaaaaa`)).toEqual({ outcome: 'invalid' });
    expect(await confirmSubscription(services, 'nope')).toEqual({ outcome: 'invalid' });
    expect(await confirmSubscription(services, null)).toEqual({ outcome: 'invalid' });
  });

  it('a confirmation still queued when a newer one replaces it, or when it expires, is not sent', async () => {
    await subscribe(services, { email: 'twice@example.com' }, { ip });
    clock = new Date(clock.getTime() + 11 * 60_000);
    await subscribe(services, { email: 'twice@example.com' }, { ip });
    const sent = await deliver();
    expect(sent).toHaveLength(1);
    expect((await confirmSubscription(services, confirmToken(sent[0]))).outcome).toBe('confirmed');

    await subscribe(services, { email: 'slow-relay@example.com' }, { ip });
    clock = new Date(clock.getTime() + 49 * HOUR);
    expect(await deliver()).toHaveLength(1);
    const skipped = await target.handle.db.selectFrom('deliveries').select(['status', 'last_error', 'payload']).where('recipient', '=', 'slow-relay@example.com').execute();
    expect(skipped).toEqual([{ status: 'skipped', last_error: 'The confirmation link is expired.', payload: null }]);
  });

  it('sends at most one confirmation per address per 10 minutes and three a day', async () => {
    const ask = async () => {
      const result = await subscribe(services, { email: 'bomb@example.com' }, { ip: `198.51.100.${Math.floor(Math.random() * 250)}` });
      await deliver();
      return result;
    };
    await ask();
    expect(mailer.sent).toHaveLength(1);
    clock = new Date(clock.getTime() + 5 * 60_000);
    expect(await ask()).toEqual({ outcome: 'accepted' });
    expect(mailer.sent).toHaveLength(1);
    clock = new Date(clock.getTime() + 11 * 60_000);
    await ask();
    clock = new Date(clock.getTime() + 11 * 60_000);
    await ask();
    expect(mailer.sent).toHaveLength(3);
    clock = new Date(clock.getTime() + 11 * 60_000);
    expect(await ask()).toEqual({ outcome: 'accepted' });
    expect(mailer.sent).toHaveLength(3);
    // The previous link still works: a refused request does not replace it.
    expect((await confirmSubscription(services, confirmToken(mailer.sent[2]))).outcome).toBe('confirmed');
    // A day after the first: allowed again; confirmed now, so the one message is the
    // "already subscribed" note, under the same limits.
    clock = new Date(clock.getTime() + 25 * HOUR);
    await ask();
    expect(mailer.sent.map((m) => m.subject)).toEqual([...Array<string>(3).fill('[Status] Confirm your subscription'), '[Status] You are already subscribed']);
  });

  it('answers 429 after 10 requests from one IP in an hour', async () => {
    for (let i = 0; i < 10; i += 1) expect((await subscribe(services, { email: `ip${i}@example.com` }, { ip })).outcome).toBe('accepted');
    const refused = await subscribe(services, { email: 'ip10@example.com' }, { ip });
    expect(refused).toMatchObject({ outcome: 'rate-limited', retryAfterSeconds: 3600 });
    expect(await findSubscriberByEmail(target.handle.db, 'ip10@example.com')).toBeNull();
    clock = new Date(clock.getTime() + HOUR + 1000);
    expect((await subscribe(services, { email: 'ip10@example.com' }, { ip })).outcome).toBe('accepted');
  });

  it('accepts a filled honeypot with the same answer and stores and sends nothing', async () => {
    const result = await subscribe(services, { email: 'bot@example.com', website: 'http://spam.example' }, { ip });
    expect(result).toEqual({ outcome: 'accepted' });
    expect(mailer.sent).toHaveLength(0);
    expect(await findSubscriberByEmail(target.handle.db, 'bot@example.com')).toBeNull();
    const requests = await target.handle.db.selectFrom('subscribe_requests').select('id').where('ip', '=', ip).execute();
    expect(requests).toHaveLength(0);
  });

  it('refuses malformed addresses and header injection with a field error', async () => {
    for (const email of ['', 'not-an-address', 'a@b', 'victim@example.com\r\nBcc: everyone@example.com', 'x@example.com\n', 'a b@example.com']) {
      const result = await subscribe(services, { email }, { ip });
      expect(result.outcome, JSON.stringify(email)).toBe('invalid');
      if (result.outcome === 'invalid') expect(result.errors['email'], JSON.stringify(email)).toBeTruthy();
    }
    expect(mailer.sent).toHaveLength(0);
  });

  it('verifies unsubscribe tokens, refuses tampered ones, and unsubscribes', async () => {
    await subscribe(services, { email: 'leaver@example.com' }, { ip });
    const confirmed = await confirmSubscription(services, confirmToken((await deliver())[0]));
    if (confirmed.outcome !== 'confirmed') throw new Error('not confirmed');
    const subscriber = await findSubscriberByEmail(target.handle.db, 'leaver@example.com');
    const token = await subscriberLinkToken(target.handle.db, subscriber!.id);
    expect(token).toBe(confirmed.manageToken);
    expect((await verifySubscriberLinkToken(target.handle.db, token))?.id).toBe(subscriber!.id);

    const [id, mac] = token.split('.');
    const flipped = `${id}.${mac!.slice(0, -2)}${mac!.endsWith('AA') ? 'BB' : 'AA'}`;
    for (const bad of [flipped, `${id}.`, `${id}x.${mac}`, `${id}.${mac}.x`, 'garbage']) {
      expect(await verifySubscriberLinkToken(target.handle.db, bad), bad).toBeNull();
      expect(await unsubscribe(services, bad)).toEqual({ outcome: 'invalid' });
    }
    expect((await findSubscriberByEmail(target.handle.db, 'leaver@example.com'))?.status).toBe('confirmed');

    expect(await changeSubscriptionComponents(services, token, { components: [apiId] })).toMatchObject({ outcome: 'saved' });
    expect(await listSubscriberComponentIds(target.handle.db, subscriber!.id)).toEqual([apiId]);

    expect(await unsubscribe(services, token)).toEqual({ outcome: 'unsubscribed', email: 'leaver@example.com' });
    const gone = await findSubscriberByEmail(target.handle.db, 'leaver@example.com');
    expect(gone?.status).toBe('unsubscribed');
    expect(gone?.unsubscribedAt?.toISOString()).toBe(clock.toISOString());
  });

  it('never stores a token in clear', async () => {
    await subscribe(services, { email: 'secret@example.com' }, { ip });
    const confirm = confirmToken((await deliver())[0]);
    // The queued delivery held the token until it was sent; not after.
    const inDeliveries = await sql<{ n: string }>`
      select count(*) as n from deliveries where position(${confirm.split('.')[1]!} in row_to_json(deliveries)::text) > 0`.execute(target.handle.db);
    expect(Number(inDeliveries.rows[0]?.n)).toBe(0);
    const subscriber = await findSubscriberByEmail(target.handle.db, 'secret@example.com');
    const link = await subscriberLinkToken(target.handle.db, subscriber!.id);
    const secrets = [confirm.split('.')[1]!, link.split('.')[1]!];
    for (const secret of secrets) {
      const hex = Buffer.from(secret).toString('hex');
      const found = await sql<{ n: string }>`
        select count(*) as n from subscribers
        where position(${secret} in row_to_json(subscribers)::text) > 0
           or position(${hex} in encode(token_hash, 'hex') || coalesce(encode(confirmation_hash, 'hex'), '')) > 0`.execute(target.handle.db);
      expect(Number(found.rows[0]?.n), secret).toBe(0);
    }
  });

  it('does the same work whatever the address, and sends nothing during the request (a slow relay cannot tell who is subscribed)', async () => {
    mailer = recordingMailer(900); // a relay taking 0.9 s a message
    services = { ...services, mailer };
    const db = target.handle.db;
    await subscribe(services, { email: 'known@example.com' }, { ip: '203.0.113.1' });
    await deliver();
    await confirmSubscription(services, confirmToken(mailer.sent[0]));
    await subscribe(services, { email: 'waiting@example.com' }, { ip: '203.0.113.2' });
    clock = new Date(clock.getTime() + 11 * 60_000); // past the 10-minute gap for both
    const rowCounts = async (): Promise<number[]> =>
      Promise.all(['deliveries', 'subscribe_requests'].map(async (table) => Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(db)).rows[0]!.n)));
    const timings: Record<string, number[]> = { new: [], pending: [], confirmed: [] };
    // Two rounds: with the first request each, that is the 3-a-day limit per address.
    for (let round = 0; round < 2; round += 1) {
      for (const [label, email] of [['new', `fresh${round}@example.com`], ['pending', 'waiting@example.com'], ['confirmed', 'known@example.com']] as const) {
        const before = await rowCounts();
        const sentBefore = mailer.sent.length;
        const started = performance.now();
        expect(await subscribe(services, { email }, { ip: `203.0.113.${10 + round}` })).toEqual({ outcome: 'accepted' });
        timings[label]!.push(performance.now() - started);
        expect(mailer.sent.length, label).toBe(sentBefore);
        // One request row and one queued message, whatever the address.
        expect((await rowCounts()).map((n, i) => n - before[i]!), label).toEqual([1, 1]);
      }
      await target.handle.db.deleteFrom('deliveries').execute();
      clock = new Date(clock.getTime() + 11 * 60_000);
    }
    const slowest = Math.max(...Object.values(timings).flat());
    expect(slowest).toBeLessThan(900);
    const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    console.log(`subscribe request with a 900 ms relay (${kind}): median new ${median(timings['new']!).toFixed(1)} ms, pending ${median(timings['pending']!).toFixed(1)} ms, confirmed ${median(timings['confirmed']!).toFixed(1)} ms`);
  });

  it('lets admins import (as confirmed), export and remove, comms look, viewers and responders not at all; all of it audited', async () => {
    const csv = 'email,components\nimported@example.com,API\nbad-address\nsecond@example.com,API;Nope\nthird@example.com\nimported@example.com\n';
    const result = await importSubscribers(services, ADMIN, csv);
    if (!result.ok) throw new Error(result.error);
    expect(result.imported).toBe(2);
    expect(result.lines.map((l) => [l.line, l.status])).toEqual([
      [1, 'skipped'],
      [2, 'imported'],
      [3, 'error'],
      [4, 'error'],
      [5, 'imported'],
      [6, 'error'],
    ]);
    expect((await findSubscriberByEmail(target.handle.db, 'imported@example.com'))?.status).toBe('confirmed');
    const again = await importSubscribers(services, ADMIN, 'third@example.com');
    expect(again.ok && again.lines[0]?.status).toBe('exists');

    const exported = await exportSubscribers(services, ADMIN);
    expect(exported.split('\r\n')[0]).toBe('email,status,components,created_at,confirmed_at');
    expect(exported).toMatch(/imported@example\.com,confirmed,API,\d{4}-/);

    const view = await listSubscribersForAdmin(services, COMMS, { query: 'IMPORTED@', status: null });
    expect(view.subscribers.map((s) => s.email)).toEqual(['imported@example.com']);
    expect(view.canManage).toBe(false);
    expect(view.counts.confirmed).toBeGreaterThanOrEqual(2);
    // Addresses are for comms and admins only; export and import for admins only.
    for (const actor of [VIEWER, RESPONDER]) {
      await expect(listSubscribersForAdmin(services, actor, { query: null, status: null })).rejects.toBeInstanceOf(ForbiddenError);
    }
    for (const actor of [VIEWER, RESPONDER, COMMS]) {
      await expect(exportSubscribers(services, actor)).rejects.toBeInstanceOf(ForbiddenError);
      await expect(importSubscribers(services, actor, 'x@example.com')).rejects.toBeInstanceOf(ForbiddenError);
    }
    const imported = await findSubscriberByEmail(target.handle.db, 'imported@example.com');
    await expect(removeSubscriber(services, COMMS, imported!.id)).rejects.toBeInstanceOf(ForbiddenError);
    expect(await removeSubscriber(services, ADMIN, imported!.id)).toBe(true);
    expect(await removeSubscriber(services, ADMIN, imported!.id)).toBe(false);

    // Who looked, exported, imported and removed is in the audit log.
    const events = await target.handle.db
      .selectFrom('timeline_events')
      .select(['kind', 'actor_id', 'details'])
      .where('kind', 'in', ['subscribers.viewed', 'subscribers.exported', 'subscribers.imported', 'subscriber.removed'])
      .orderBy('id')
      .execute();
    expect(events).toEqual([
      { kind: 'subscribers.imported', actor_id: ADMIN.id, details: { imported: 2, existing: 0, errors: 3, lines: 6 } },
      { kind: 'subscribers.imported', actor_id: ADMIN.id, details: { imported: 0, existing: 1, errors: 0, lines: 1 } },
      { kind: 'subscribers.exported', actor_id: ADMIN.id, details: { rows: expect.any(Number) } },
      { kind: 'subscribers.viewed', actor_id: COMMS.id, details: { query: 'IMPORTED@', status: null, page: 1, shown: 1 } },
      { kind: 'subscriber.removed', actor_id: ADMIN.id, details: { email: 'imported@example.com', status: 'confirmed', subscriberId: imported!.id } },
    ]);
  });

  it('admins reactivate suspended subscribers — one, selected, or all suspended since a time — and see why each was suspended', async () => {
    const db = target.handle.db;
    await db.deleteFrom('subscribers').execute();
    const result = await importSubscribers(services, ADMIN, 'early@example.com\nmid@example.com\nlate1@example.com\nlate2@example.com\nfine@example.com');
    expect(result.ok).toBe(true);
    const suspend = async (email: string, at: string): Promise<string> => {
      const row = await db
        .updateTable('subscribers')
        .set({ status: 'suspended', bounce_count: 3, suspended_at: new Date(at), suspended_reason: `3 bounces; the last: 550 5.1.1 ${email} unknown` })
        .where('email', '=', email)
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    };
    const early = await suspend('early@example.com', '2026-11-28T08:00:00Z');
    const mid = await suspend('mid@example.com', '2026-11-29T09:00:00Z');
    await suspend('late1@example.com', '2026-11-29T10:00:00Z');
    await suspend('late2@example.com', '2026-11-29T10:00:05Z');
    const fine = (await findSubscriberByEmail(db, 'fine@example.com'))!.id;

    const listed = await listSubscribersForAdmin(services, ADMIN, { query: null, status: 'suspended' });
    expect(listed.subscribers.map((s) => [s.email, s.suspendedReason])).toContainEqual(['mid@example.com', '3 bounces; the last: 550 5.1.1 mid@example.com unknown']);

    for (const actor of [COMMS, VIEWER]) {
      await expect(reactivateSubscribers(services, actor, { ids: early })).rejects.toBeInstanceOf(ForbiddenError);
    }
    expect(await reactivateSubscribers(services, ADMIN, { ids: early })).toEqual({ ok: true, reactivated: ['early@example.com'] });
    // Selected: a confirmed subscriber among them is left alone.
    expect(await reactivateSubscribers(services, ADMIN, { ids: [mid, fine] })).toEqual({ ok: true, reactivated: ['mid@example.com'] });
    expect(await reactivateSubscribers(services, ADMIN, { suspendedSince: 'not a time' })).toMatchObject({ ok: false });
    expect(await reactivateSubscribers(services, ADMIN, { ids: [] })).toMatchObject({ ok: false });
    // All suspended since 10:00 UTC (a datetime-local value).
    expect(await reactivateSubscribers(services, ADMIN, { suspendedSince: '2026-11-29T10:00' })).toEqual({ ok: true, reactivated: ['late1@example.com', 'late2@example.com'] });

    const rows = await db.selectFrom('subscribers').select(['email', 'status', 'bounce_count', 'suspended_at', 'suspended_reason']).orderBy('email').execute();
    expect(rows.every((row) => row.status === 'confirmed' && row.bounce_count === 0 && row.suspended_at === null && row.suspended_reason === null)).toBe(true);
    const audit = await db.selectFrom('timeline_events').select(['actor_id', 'details']).where('kind', '=', 'subscribers.reactivated').orderBy('id').execute();
    expect(audit.map((event) => [event.actor_id, event.details])).toEqual([
      [ADMIN.id, { count: 1, emails: ['early@example.com'] }],
      [ADMIN.id, { count: 1, emails: ['mid@example.com'] }],
      [ADMIN.id, { count: 2, suspendedSince: '2026-11-29T10:00:00.000Z', emails: ['late1@example.com', 'late2@example.com'] }],
    ]);
  });

  it('pages the admin list 50 at a time past 200, names the components each follows, and removes ticked ones (audited each)', async () => {
    const db = target.handle.db;
    const dashboardId = (await db.selectFrom('components').select('id').where('name', '=', 'Dashboard').executeTakeFirstOrThrow()).id;
    // 230 confirmed "pager" subscribers, one a minute: pager-229 is the newest.
    for (let i = 0; i < 230; i += 1) {
      await insertSubscriber(db, {
        id: `pager${String(i).padStart(3, '0')}`,
        email: `pager-${i}@example.com`,
        status: 'confirmed',
        tokenHash: new Uint8Array([i % 256, 7]),
        confirmationHash: null,
        confirmationExpiresAt: null,
        allComponents: i % 2 === 0,
        now: new Date(Date.parse('2026-10-01T00:00:00Z') + i * 60_000),
        confirmedAt: new Date('2026-10-01T00:00:00Z'),
      });
    }
    await replaceSubscriberComponents(db, 'pager229', [dashboardId, apiId]);
    await replaceSubscriberComponents(db, 'pager227', [apiId]);

    const first = await listSubscribersForAdmin(services, ADMIN, { query: 'pager-', status: 'confirmed', page: null });
    expect([first.total, first.page, first.pages, first.subscribers.length]).toEqual([230, 1, 5, 50]);
    expect(first.subscribers.slice(0, 4).map((s) => [s.email, s.componentNames])).toEqual([
      ['pager-229@example.com', ['API', 'Dashboard']],
      ['pager-228@example.com', null],
      ['pager-227@example.com', ['API']],
      ['pager-226@example.com', null],
    ]);
    const last = await listSubscribersForAdmin(services, ADMIN, { query: 'pager-', status: 'confirmed', page: '5' });
    expect(last.subscribers.map((s) => s.email)).toEqual(Array.from({ length: 30 }, (_, n) => `pager-${29 - n}@example.com`));
    // Past the end shows the last page; nonsense shows the first.
    expect((await listSubscribersForAdmin(services, ADMIN, { query: 'pager-', status: 'confirmed', page: '99' })).page).toBe(5);
    expect((await listSubscribersForAdmin(services, ADMIN, { query: 'pager-', status: 'confirmed', page: 'x' })).page).toBe(1);
    expect((await listSubscribersForAdmin(services, ADMIN, { query: 'pager-', status: 'pending', page: null })).total).toBe(0);

    await expect(removeSubscribers(services, COMMS, ['pager000'])).rejects.toBeInstanceOf(ForbiddenError);
    expect(await removeSubscribers(services, ADMIN, [])).toEqual({ ok: false, error: 'Tick at least one subscriber to remove.' });
    expect(await removeSubscribers(services, ADMIN, ['pager001', 'pager000', 'nobody'])).toEqual({ ok: true, removed: ['pager-0@example.com', 'pager-1@example.com'] });
    expect((await listSubscribersForAdmin(services, ADMIN, { query: 'pager-', status: null, page: null })).total).toBe(228);
    const removed = await db.selectFrom('timeline_events').select(['actor_id', 'details']).where('kind', '=', 'subscriber.removed').where(sql<string>`details->>'email'`, 'like', 'pager-%').orderBy('id').execute();
    expect(removed).toEqual([
      { actor_id: ADMIN.id, details: { email: 'pager-0@example.com', status: 'confirmed', subscriberId: 'pager000' } },
      { actor_id: ADMIN.id, details: { email: 'pager-1@example.com', status: 'confirmed', subscriberId: 'pager001' } },
    ]);
    await db.deleteFrom('subscribers').where('email', 'like', 'pager-%').execute();
  });
});
