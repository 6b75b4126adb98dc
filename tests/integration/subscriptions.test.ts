import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { findSubscriberByEmail, listSubscriberComponentIds } from '../../db/queries/subscribers.ts';
import { ForbiddenError, type Actor } from '../../src/auth/permissions.ts';
import { loadConfig } from '../../src/config.ts';
import type { Mailer, OutgoingMessage, SendResult } from '../../src/mail/types.ts';
import type { Services } from '../../src/services.ts';
import { confirmSubscription } from '../../src/subscriptions/confirm-subscription.ts';
import { exportSubscribers } from '../../src/subscriptions/export-subscribers.ts';
import { importSubscribers } from '../../src/subscriptions/import-subscribers.ts';
import { subscriberLinkToken, verifySubscriberLinkToken } from '../../src/subscriptions/links.ts';
import { listSubscribersForAdmin } from '../../src/subscriptions/list-subscribers.ts';
import { changeSubscriptionComponents } from '../../src/subscriptions/manage-subscription.ts';
import { subscribe } from '../../src/subscriptions/subscribe.ts';
import { unsubscribe } from '../../src/subscriptions/unsubscribe.ts';
import { insertOperationalComponent, recordingScheduler } from '../support/job-queue.ts';
import { createTestDatabase, type TestDatabase, testDatabaseKinds } from '../support/test-database.ts';

/** A real in-process sink: keeps every message handed to it. */
function recordingMailer(): Mailer & { sent: OutgoingMessage[] } {
  const sent: OutgoingMessage[] = [];
  return {
    sent,
    async send(message): Promise<SendResult> {
      sent.push(message);
      return { ok: true };
    },
    async close(): Promise<void> {},
  };
}

const HOUR = 3_600_000;
const ADMIN: Actor = { id: 'admin-id', name: 'Admin', role: 'admin' };
const VIEWER: Actor = { id: 'viewer-id', name: 'Viewer', role: 'viewer' };

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

  beforeAll(async () => {
    target = await createTestDatabase(kind);
    apiId = await insertOperationalComponent(target, 'API', new Date());
    await insertOperationalComponent(target, 'Dashboard', new Date());
  });
  afterAll(async () => {
    await target?.dispose();
  });
  beforeEach(() => {
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
    expect(mailer.sent).toHaveLength(1);
    const message = mailer.sent[0]!;
    expect(message.to).toBe('Ada@Example.com');
    expect(message.messageId).toMatch(/^confirm-[a-z0-9]+-\d+@status\.example\.com$/);
    expect(message.text).toContain('https://status.example.com/subscribe/confirm?token=');
    const token = confirmToken(message);

    const pending = await findSubscriberByEmail(target.handle.db, 'ada@example.com');
    expect(pending?.status).toBe('pending');
    expect(pending?.allComponents).toBe(false);
    expect(await listSubscriberComponentIds(target.handle.db, pending!.id)).toEqual([apiId]);

    const confirmed = await confirmSubscription(services, token);
    expect(confirmed.outcome).toBe('confirmed');
    expect((await findSubscriberByEmail(target.handle.db, 'ada@example.com'))?.status).toBe('confirmed');
    expect(await confirmSubscription(services, token)).toEqual({ outcome: 'invalid' });

    // Subscribing again once confirmed: the same answer, and nothing sent or changed.
    clock = new Date(clock.getTime() + 2 * HOUR);
    expect(await subscribe(services, { email: 'ada@example.com' }, { ip })).toEqual({ outcome: 'accepted' });
    expect(mailer.sent).toHaveLength(1);
    const after = await findSubscriberByEmail(target.handle.db, 'ada@example.com');
    expect(after?.status).toBe('confirmed');
    expect(after?.allComponents).toBe(false);
  });

  it('refuses an expired confirmation (48 h), forged and unknown tokens', async () => {
    await subscribe(services, { email: 'late@example.com' }, { ip });
    const token = confirmToken(mailer.sent[0]);
    clock = new Date(clock.getTime() + 49 * HOUR);
    expect(await confirmSubscription(services, token)).toEqual({ outcome: 'expired' });
    expect((await findSubscriberByEmail(target.handle.db, 'late@example.com'))?.status).toBe('pending');
    const [id] = token.split('.');
    expect(await confirmSubscription(services, `${id}.aaaaaaaaaaaaaaaaaaaaaaaa`)).toEqual({ outcome: 'invalid' });
    expect(await confirmSubscription(services, 'nope')).toEqual({ outcome: 'invalid' });
    expect(await confirmSubscription(services, null)).toEqual({ outcome: 'invalid' });
  });

  it('sends at most one confirmation per address per 10 minutes and three a day', async () => {
    const ask = () => subscribe(services, { email: 'bomb@example.com' }, { ip: `198.51.100.${Math.floor(Math.random() * 250)}` });
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
    // A day after the first: allowed again (but confirmed now, so nothing is sent).
    clock = new Date(clock.getTime() + 25 * HOUR);
    await ask();
    expect(mailer.sent).toHaveLength(3);
  });

  it('answers 429 after 10 requests from one IP in an hour', async () => {
    for (let i = 0; i < 10; i += 1) expect((await subscribe(services, { email: `ip${i}@example.com` }, { ip })).outcome).toBe('accepted');
    const refused = await subscribe(services, { email: 'ip10@example.com' }, { ip });
    expect(refused.outcome).toBe('rate-limited');
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
    const confirmed = await confirmSubscription(services, confirmToken(mailer.sent[0]));
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
    const confirm = confirmToken(mailer.sent[0]);
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

  it('lets admins import (as confirmed, with a per-line report) and export; viewers only look', async () => {
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

    const view = await listSubscribersForAdmin(services, VIEWER, { query: 'IMPORTED@', status: null });
    expect(view.subscribers.map((s) => s.email)).toEqual(['imported@example.com']);
    expect(view.canManage).toBe(false);
    expect(view.counts.confirmed).toBeGreaterThanOrEqual(2);
    await expect(exportSubscribers(services, VIEWER)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(importSubscribers(services, VIEWER, 'x@example.com')).rejects.toBeInstanceOf(ForbiddenError);
  });
});
