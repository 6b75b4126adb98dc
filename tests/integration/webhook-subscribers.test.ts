import { sql } from 'kysely';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Db, openDatabase } from '../../db/client.ts';
import { upsertPageSettings } from '../../db/queries/page.ts';
import { findSubscriberByEmail } from '../../db/queries/subscribers.ts';
import { findWebhookEndpointById } from '../../db/queries/webhook-endpoints.ts';
import type { Actor } from '../../src/auth/permissions.ts';
import { loadConfig } from '../../src/config.ts';
import type { Result } from '../../src/domain/result.ts';
import { declareIncident } from '../../src/incidents/declare-incident.ts';
import { saveUpdate } from '../../src/incidents/save-update.ts';
import { createMailer } from '../../src/mail/create-mailer.ts';
import { type DeliveryLoop, startDeliveryLoop } from '../../src/notifications/delivery-loop.ts';
import type { Services } from '../../src/services.ts';
import { confirmSubscription } from '../../src/subscriptions/confirm-subscription.ts';
import { subscriberLinkToken } from '../../src/subscriptions/links.ts';
import { subscribe } from '../../src/subscriptions/subscribe.ts';
import { removeSubscriber } from '../../src/subscriptions/remove-subscriber.ts';
import { removeSubscribers } from '../../src/subscriptions/remove-subscribers.ts';
import { unsubscribe } from '../../src/subscriptions/unsubscribe.ts';
import { insertOperationalComponent, insertTestActor, recordingScheduler } from '../support/job-queue.ts';
import { type SmtpSink, startSmtpSink } from '../support/smtp-sink.ts';
import { createTestDatabase, type TestDatabase, testDatabaseKinds } from '../support/test-database.ts';
import { type ReceivedWebhook, startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { heraldEnv, type HeraldProcess, ROOT, startHerald } from '../support/herald-process.ts';

const PUBLIC_URL = 'https://status.example.com';
const T0 = new Date('2026-11-29T09:00:00Z');

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`Expected success, got ${JSON.stringify(result.errors)}`);
  return result.value;
}

describe.each(testDatabaseKinds())('public webhook subscribers on %s', (kind) => {
  let target: TestDatabase;
  let db: Db;
  let sink: SmtpSink;
  let receiver: WebhookReceiver;
  let services: Services;
  let loop: DeliveryLoop;
  let clock = T0;
  let comms: Actor;
  let componentId: string;

  beforeAll(async () => {
    target = await createTestDatabase(kind);
    db = target.handle.db;
    sink = await startSmtpSink();
    receiver = await startWebhookReceiver();
    const config = loadConfig({
      HERALD_DATA_DIR: target.dataDir,
      HERALD_DEMO: '0',
      PUBLIC_URL,
      SMTP_URL: sink.url,
      MAIL_FROM: 'status@example.com',
      HERALD_WEBHOOK_ALLOW_PRIVATE: '1',
      ...(target.url === null ? {} : { DATABASE_URL: target.url }),
    });
    services = { db, config, mailer: createMailer(config), now: () => clock, refreshSnapshot: () => {}, jobs: recordingScheduler() };
    loop = startDeliveryLoop({ services, background: false });
    await upsertPageSettings(db, { name: 'Acme Cloud', description: '' }, T0);
    comms = await insertTestActor(target, 'comms');
    componentId = await insertOperationalComponent(target, 'API', T0);
  });

  afterAll(async () => {
    await loop?.stop();
    await services?.mailer.close();
    await receiver?.close();
    await sink?.close();
    await target?.dispose();
  });

  async function drain(): Promise<void> {
    while ((await loop.runOnce()) > 0) {
      // keep going
    }
  }
  function verify(secret: string, request: ReceivedWebhook): Record<string, any> {
    const spy = vi.spyOn(Date, 'now').mockReturnValue(clock.getTime());
    try {
      return new Webhook(secret).verify(request.body, request.headers as Record<string, string>) as Record<string, any>;
    } finally {
      spy.mockRestore();
    }
  }
  function confirmTokenFor(address: string): string {
    const mail = sink.received.filter((m) => m.to !== undefined && JSON.stringify(m.to).toLowerCase().includes(address)).at(-1);
    const match = /\/subscribe\/confirm\?token=([A-Za-z0-9._%-]+)/.exec(mail?.text ?? '');
    if (!match?.[1]) throw new Error(`no confirm URL for ${address}`);
    return decodeURIComponent(match[1]);
  }

  it('posts nothing before the contact confirms; then signed, Statuspage-shaped events; unsubscribing stops them', async () => {
    clock = T0;
    const url = receiver.url('/partner');
    expect(await subscribe(services, { email: 'ops@partner.example', mode: 'webhook', webhookUrl: url }, { ip: '192.0.2.1' })).toEqual({ outcome: 'accepted' });
    await drain();
    const token = confirmTokenFor('ops@partner.example');

    // An external update before confirmation: nothing posted, no email to the contact either.
    const { incidentId } = value(
      await declareIncident(services, comms, {
        title: 'Checkout is failing',
        severity: 'SEV1',
        impact: 'critical',
        components: [{ componentId, status: 'major_outage' }],
        update: { audience: 'external', status: 'investigating', body: 'We are looking into it.', action: 'publish', notify: 'on' },
      }),
    );
    await drain();
    expect(receiver.on('/partner')).toHaveLength(0);
    expect(sink.received.filter((m) => (m.subject ?? '').includes('Checkout'))).toHaveLength(0);

    clock = new Date(T0.getTime() + 5 * 60_000);
    const confirmed = await confirmSubscription(services, token);
    if (confirmed.outcome !== 'confirmed' || confirmed.webhook === null) throw new Error(`not confirmed with a webhook: ${JSON.stringify(confirmed)}`);
    expect(confirmed.webhook.url).toBe(url);
    const subscriber = (await findSubscriberByEmail(db, 'ops@partner.example'))!;
    expect(subscriber).toMatchObject({ status: 'confirmed', webhookUrl: url });
    const endpoint = (await findWebhookEndpointById(db, subscriber.webhookEndpointId!))!;
    expect(endpoint).toMatchObject({ kind: 'generic', audience: 'external', ownerEmail: 'ops@partner.example', url });
    expect([...endpoint.events].sort()).toEqual(['component.updated', 'incident.created', 'incident.resolved', 'incident.updated', 'maintenance']);

    clock = new Date(T0.getTime() + 10 * 60_000);
    value(await saveUpdate(services, comms, { incidentId, audience: 'external', status: 'identified', body: 'The payments deploy is rolled back.', notify: 'on', action: 'publish' }));
    await drain();
    const posts = receiver.on('/partner');
    expect(posts).toHaveLength(1);
    const body = verify(confirmed.webhook.secret, posts[0]!);
    expect(body['herald'].event).toBe('incident.updated');
    expect(body['page']).toMatchObject({ status_indicator: 'critical' });
    expect(body['incident']).toMatchObject({ id: incidentId, name: 'Checkout is failing', status: 'identified' });
    // meta.unsubscribe is the subscriber's own public unsubscribe page, not the admin's integration page.
    expect(body['meta'].unsubscribe).toBe(`${PUBLIC_URL}/unsubscribe?token=${encodeURIComponent(confirmed.manageToken)}`);
    // Webhook subscribers get posts, not emails of the updates.
    expect(sink.received.filter((m) => JSON.stringify(m.to).includes('ops@partner.example'))).toHaveLength(1);

    // The unsubscribe link (the manage token every email carries) disables the endpoint.
    expect((await unsubscribe(services, confirmed.manageToken)).outcome).toBe('unsubscribed');
    expect((await findWebhookEndpointById(db, endpoint.id))!.disabledAt).not.toBeNull();
    clock = new Date(T0.getTime() + 20 * 60_000);
    value(await saveUpdate(services, comms, { incidentId, audience: 'external', status: 'resolved', body: 'Fixed.', notify: 'on', action: 'publish' }));
    await drain();
    expect(receiver.on('/partner')).toHaveLength(1);
  });

  it('disables the endpoint of a webhook subscriber an admin removes, alone or among others', async () => {
    clock = T0;
    const admin = await insertTestActor(target, 'admin');
    for (const [address, path] of [['one@partner.example', '/one'], ['two@partner.example', '/two']] as const) {
      expect(await subscribe(services, { email: address, mode: 'webhook', webhookUrl: receiver.url(path) }, { ip: '192.0.2.2' })).toEqual({ outcome: 'accepted' });
      await drain();
      expect((await confirmSubscription(services, confirmTokenFor(address))).outcome).toBe('confirmed');
    }
    const one = (await findSubscriberByEmail(db, 'one@partner.example'))!;
    const two = (await findSubscriberByEmail(db, 'two@partner.example'))!;
    expect(await removeSubscriber(services, admin, one.id)).toBe(true);
    expect((await removeSubscribers(services, admin, [two.id])).ok).toBe(true);
    for (const subscriber of [one, two]) {
      const endpoint = (await findWebhookEndpointById(db, subscriber.webhookEndpointId!))!;
      expect(endpoint.disabledAt, subscriber.email).not.toBeNull();
      expect(endpoint.disabledReason).toBe('The subscriber was removed.');
    }
  });

  it('keeps one subscription per address: an email subscriber asking for a webhook is told they are subscribed; after unsubscribing, a webhook gets a new endpoint', async () => {
    clock = new Date(T0.getTime() + 60 * 60_000);
    expect(await subscribe(services, { email: 'both@partner.example' }, { ip: '192.0.2.3' })).toEqual({ outcome: 'accepted' });
    await drain();
    const first = await confirmSubscription(services, confirmTokenFor('both@partner.example'));
    if (first.outcome !== 'confirmed') throw new Error('not confirmed');
    expect(first.webhook).toBeNull();

    clock = new Date(clock.getTime() + 15 * 60_000);
    expect(await subscribe(services, { email: 'both@partner.example', mode: 'webhook', webhookUrl: receiver.url('/both') }, { ip: '192.0.2.3' })).toEqual({ outcome: 'accepted' });
    await drain();
    expect(await findSubscriberByEmail(db, 'both@partner.example')).toMatchObject({ status: 'confirmed', webhookUrl: null, webhookEndpointId: null });
    expect(sink.received.filter((m) => JSON.stringify(m.to).includes('both@partner.example')).at(-1)?.subject).toMatch(/already/i);

    // Unsubscribed, they may come back with a webhook: confirming creates its endpoint with the confirmation.
    expect((await unsubscribe(services, first.manageToken)).outcome).toBe('unsubscribed');
    clock = new Date(clock.getTime() + 15 * 60_000);
    expect(await subscribe(services, { email: 'both@partner.example', mode: 'webhook', webhookUrl: receiver.url('/both') }, { ip: '192.0.2.3' })).toEqual({ outcome: 'accepted' });
    await drain();
    const again = await confirmSubscription(services, confirmTokenFor('both@partner.example'));
    if (again.outcome !== 'confirmed' || again.webhook === null) throw new Error('not confirmed with a webhook');
    const subscriber = (await findSubscriberByEmail(db, 'both@partner.example'))!;
    expect((await findWebhookEndpointById(db, subscriber.webhookEndpointId!))).toMatchObject({ url: receiver.url('/both'), disabledAt: null });

    // Unsubscribed again and back with the same URL: a new endpoint (and secret); the old one stays disabled.
    expect((await unsubscribe(services, again.manageToken)).outcome).toBe('unsubscribed');
    clock = new Date(clock.getTime() + 25 * 3_600_000); // past the three confirmation emails a day
    expect(await subscribe(services, { email: 'both@partner.example', mode: 'webhook', webhookUrl: receiver.url('/both') }, { ip: '192.0.2.3' })).toEqual({ outcome: 'accepted' });
    await drain();
    const third = await confirmSubscription(services, confirmTokenFor('both@partner.example'));
    if (third.outcome !== 'confirmed' || third.webhook === null) throw new Error('not confirmed with a webhook');
    expect(third.webhook.secret).not.toBe(again.webhook.secret);
    const latest = (await findSubscriberByEmail(db, 'both@partner.example'))!;
    expect(latest.webhookEndpointId).not.toBe(subscriber.webhookEndpointId);
    expect((await findWebhookEndpointById(db, subscriber.webhookEndpointId!))!.disabledAt).not.toBeNull();
  });

  it('confirms and creates the endpoint in one transaction: if the endpoint cannot be stored, the subscriber stays pending and the link still works', async () => {
    clock = new Date(T0.getTime() + 3 * 3_600_000);
    expect(await subscribe(services, { email: 'atomic@partner.example', mode: 'webhook', webhookUrl: receiver.url('/atomic') }, { ip: '192.0.2.4' })).toEqual({ outcome: 'accepted' });
    await drain();
    const token = confirmTokenFor('atomic@partner.example');
    await sql`create function refuse_endpoint() returns trigger language plpgsql as $$ begin raise exception 'no endpoints today'; end $$`.execute(db);
    await sql`create trigger refuse_endpoint before insert on webhook_endpoints for each row execute function refuse_endpoint()`.execute(db);
    try {
      await expect(confirmSubscription(services, token)).rejects.toThrow(/no endpoints today/);
    } finally {
      await sql`drop trigger refuse_endpoint on webhook_endpoints`.execute(db);
      await sql`drop function refuse_endpoint()`.execute(db);
    }
    expect(await findSubscriberByEmail(db, 'atomic@partner.example')).toMatchObject({ status: 'pending', webhookEndpointId: null });
    const confirmed = await confirmSubscription(services, token);
    expect(confirmed.outcome === 'confirmed' && confirmed.webhook?.url).toBe(receiver.url('/atomic'));
    expect(await findSubscriberByEmail(db, 'atomic@partner.example')).toMatchObject({ status: 'confirmed', webhookEndpointId: expect.any(String) });
  });

  it('refuses a bad URL with a message for the field, before anything is stored or sent', async () => {
    const before = sink.received.length;
    expect(await subscribe(services, { email: 'a@partner.example', mode: 'webhook', webhookUrl: 'ftp://partner.example/hook' }, { ip: '192.0.2.2' })).toEqual({
      outcome: 'invalid',
      errors: { webhookUrl: 'Only http:// and https:// URLs can receive webhooks.' },
    });
    expect(await subscribe(services, { email: 'a@partner.example', mode: 'webhook', webhookUrl: '' }, { ip: '192.0.2.2' })).toEqual({ outcome: 'invalid', errors: { webhookUrl: 'Enter the URL to post updates to.' } });
    // Without HERALD_WEBHOOK_ALLOW_PRIVATE: a loopback address is refused (SSRF).
    const strict = { ...services, config: { ...services.config, webhookAllowPrivate: false } };
    const refused = await subscribe(strict, { email: 'a@partner.example', mode: 'webhook', webhookUrl: 'http://127.0.0.1:9/hook' }, { ip: '192.0.2.2' });
    expect(refused.outcome === 'invalid' && refused.errors['webhookUrl']).toBe('127.0.0.1 is a loopback, private, link-local or metadata address: updates can only be posted to a URL reachable from the internet.');
    await drain();
    expect(await findSubscriberByEmail(db, 'a@partner.example')).toBeNull();
    expect(sink.received.length).toBe(before);
  });
});

describe.each(testDatabaseKinds())('the /subscribe form offers a webhook (%s)', (kind) => {
  let database: TestDatabase;
  let herald: HeraldProcess;
  const post = (fields: Record<string, string>) =>
    fetch(`${herald.url}/subscribe`, { method: 'POST', redirect: 'manual', headers: { origin: herald.url, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });

  beforeAll(async () => {
    if (!existsSync(path.join(ROOT, 'dist', 'server', 'entry.mjs'))) throw new Error('These tests run the built server: run "npm run build" first.');
    database = await createTestDatabase(kind, { migrate: kind === 'postgres' });
    let env: NodeJS.ProcessEnv;
    if (kind === 'postgres') env = heraldEnv({ DATABASE_URL: database.url ?? '', HERALD_DATA_DIR: database.dataDir, HERALD_DEMO: '0' });
    else {
      await database.handle.close(); // the server opens the embedded database itself
      env = heraldEnv({ HERALD_DATA_DIR: database.dataDir, HERALD_DEMO: '0' });
    }
    herald = await startHerald(env);
  }, 120_000);

  afterAll(async () => {
    expect(await herald?.stop()).toBe(0);
    await database?.dispose().catch(() => {}); // embedded: the handle is closed already (the server had the database)
  });

  it('shows the URL problem next to the field, keeping what was typed; a good URL gets the check-your-inbox answer', async () => {
    const page = await (await fetch(`${herald.url}/subscribe`)).text();
    expect(page).toMatch(/<input[^>]*type="radio"[^>]*value="webhook"/);
    expect(page).toMatch(/<label for="webhookUrl">Webhook URL/);

    const loopback = await post({ mode: 'webhook', webhookUrl: 'http://127.0.0.1:9/hook', email: 'ops@partner.example' });
    expect(loopback.status).toBe(400);
    const html = await loopback.text();
    expect(html).toMatch(/<p class="error" id="webhookUrl-error">127\.0\.0\.1 is a loopback, private, link-local or metadata address/);
    expect(html).toMatch(/<input id="webhookUrl"[^>]*value="http:\/\/127\.0\.0\.1:9\/hook"/);
    expect(html).toMatch(/<input id="email"[^>]*value="ops@partner\.example"/);
    expect(html).toMatch(/<input type="radio" name="mode" value="webhook" checked/);

    expect(html).not.toContain('HERALD_WEBHOOK_ALLOW_PRIVATE');

    const accepted = await post({ mode: 'webhook', webhookUrl: 'https://93.184.215.14/hook', email: 'ops@partner.example' });
    expect(accepted.status).toBe(200);
    expect(await accepted.text()).toContain('Nothing is posted to the webhook URL until that link is opened');

    // The subscriber's manage page names the webhook URL and its contact.
    const handle = kind === 'postgres' ? database.handle : await openDatabase({ databaseUrl: null, dataDir: database.dataDir, shareEmbedded: true });
    try {
      const subscriber = (await findSubscriberByEmail(handle.db, 'ops@partner.example'))!;
      const manage = await (await fetch(`${herald.url}/subscribe/manage?token=${encodeURIComponent(await subscriberLinkToken(handle.db, subscriber.id))}`)).text();
      expect(manage).toMatch(/Updates are posted to the webhook <code class="secret">https:\/\/93\.184\.215\.14\/hook<\/code>; <strong>ops@partner\.example<\/strong> is its contact/);
    } finally {
      if (kind === 'embedded') await handle.close();
    }
  });
});
