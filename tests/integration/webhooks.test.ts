import { sql } from 'kysely';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Db } from '../../db/client.ts';
import { deliverySummary } from '../../db/queries/deliveries.ts';
import { upsertPageSettings } from '../../db/queries/page.ts';
import { listWebhookAttempts } from '../../db/queries/webhook-attempts.ts';
import { findWebhookEndpointById } from '../../db/queries/webhook-endpoints.ts';
import type { Actor } from '../../src/auth/permissions.ts';
import { loadConfig } from '../../src/config.ts';
import type { Result } from '../../src/domain/result.ts';
import { declareIncident } from '../../src/incidents/declare-incident.ts';
import { notifyOverdueIncidents } from '../../src/incidents/notify-overdue.ts';
import { saveUpdate } from '../../src/incidents/save-update.ts';
import { createMailer } from '../../src/mail/create-mailer.ts';
import { type DeliveryLoop, startDeliveryLoop } from '../../src/notifications/delivery-loop.ts';
import type { Services } from '../../src/services.ts';
import { addWebhookEndpoint } from '../../src/webhooks/add-endpoint.ts';
import { sendWebhookTestEvent } from '../../src/webhooks/change-endpoint.ts';
import { createWebhookPoster } from '../../src/webhooks/http-post.ts';
import { insertOperationalComponent, insertTestActor, recordingScheduler } from '../support/job-queue.ts';
import { type SmtpSink, startSmtpSink } from '../support/smtp-sink.ts';
import { createTestDatabase, type TestDatabase, testDatabaseKinds } from '../support/test-database.ts';
import { type ReceivedWebhook, startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';

const PUBLIC_URL = 'https://status.example.com';
const T0 = new Date('2026-11-29T09:00:00Z');
const HOUR = 60 * 60_000;

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`Expected success, got ${JSON.stringify(result.errors)}`);
  return result.value;
}

describe.each(testDatabaseKinds())('outbound webhooks on %s', (kind) => {
  let target: TestDatabase;
  let db: Db;
  let sink: SmtpSink;
  let receiver: WebhookReceiver;
  let services: Services;
  let loop: DeliveryLoop;
  let clock = T0;
  let admin: Actor;
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
    admin = await insertTestActor(target, 'admin');
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
  /** Makes every queued delivery due now (the backoff is kept by the database's clock). */
  const dueNow = () => sql`update deliveries set next_attempt_at = now() where status = 'queued'`.execute(db);
  const add = async (input: Record<string, unknown>) => value(await addWebhookEndpoint(services, admin, input));
  const deliveriesTo = (endpointId: string) => db.selectFrom('deliveries').selectAll().where('webhook_endpoint_id', '=', endpointId).orderBy('id').execute();
  /** What the standardwebhooks package says of a request; the receiver's clock is the test's clock. */
  function verify(secret: string, request: ReceivedWebhook): unknown {
    const spy = vi.spyOn(Date, 'now').mockReturnValue(clock.getTime());
    try {
      return new Webhook(secret).verify(request.body, request.headers as Record<string, string>);
    } finally {
      spy.mockRestore();
    }
  }

  it('posts signed, Statuspage-shaped events to the endpoints that want them; internal updates never reach external-only endpoints', async () => {
    clock = T0;
    const generic = await add({ name: 'Partner status', url: receiver.url('/generic'), kind: 'generic', audience: 'external' });
    const slack = await add({ name: 'Team Slack', url: receiver.url('/slack'), kind: 'slack', audience: 'all', events: 'incident.created,incident.updated,incident.resolved,update.overdue' });
    const teams = await add({ name: 'Team Teams', url: receiver.url('/teams'), kind: 'teams', audience: 'all', events: ['incident.created'] });

    const { incidentId, updateId } = value(
      await declareIncident(services, comms, {
        title: 'Checkout is failing',
        severity: 'SEV1',
        impact: 'critical',
        components: [{ componentId, status: 'major_outage' }],
        update: { audience: 'external', status: 'investigating', body: 'We are **looking** into it.', action: 'publish', notify: 'on' },
      }),
    );
    expect(receiver.received).toHaveLength(0); // queued in the outbox, posted by the delivery loop
    await drain();

    // Generic: the incident and the component change, each verified with the standardwebhooks package.
    const posted = receiver.on('/generic').map((request) => ({ request, body: verify(generic.secret, request) as Record<string, any> }));
    expect(posted.map((p) => p.body['herald'].event).sort()).toEqual(['component.updated', 'incident.created']);
    const created = posted.find((p) => p.body['herald'].event === 'incident.created')!;
    expect(created.request.headers['content-type']).toBe('application/json');
    expect(created.request.headers['webhook-id']).toMatch(/^msg_[0-9a-f]{32}$/);
    expect(created.request.headers['webhook-timestamp']).toBe(String(T0.getTime() / 1000));
    expect(created.body['meta'].unsubscribe).toBe(`${PUBLIC_URL}/admin/integrations/${generic.id}`);
    expect(created.body['page']).toMatchObject({ status_indicator: 'critical', status_description: 'Major Service Outage' });
    expect(created.body['incident']).toMatchObject({ id: incidentId, name: 'Checkout is failing', status: 'investigating', impact: 'critical', shortlink: `${PUBLIC_URL}/incidents/${incidentId}` });
    expect(created.body['incident'].incident_updates).toHaveLength(1);
    expect(created.body['incident'].incident_updates[0].body).toBe('We are **looking** into it.');
    const component = posted.find((p) => p.body['herald'].event === 'component.updated')!.body;
    expect(component['component_update']).toMatchObject({ old_status: 'operational', new_status: 'major_outage', component_id: componentId });
    expect(component['component']).toMatchObject({ id: componentId, name: 'API', status: 'major_outage' });

    // Slack and Teams: their own shapes, signed the same way.
    const [slackPost] = receiver.on('/slack');
    expect((verify(slack.secret, slackPost!) as { blocks: { type: string }[] }).blocks.map((b) => b.type)).toEqual(['header', 'section', 'context', 'actions']);
    const [teamsPost] = receiver.on('/teams');
    expect((verify(teams.secret, teamsPost!) as { attachments: { contentType: string }[] }).attachments[0]!.contentType).toBe('application/vnd.microsoft.card.adaptive');

    // An internal update: the "all" Slack endpoint gets it, the external-only one never does.
    const before = receiver.on('/generic').length;
    clock = new Date(T0.getTime() + 10 * 60_000);
    value(await saveUpdate(services, comms, { incidentId, audience: 'internal', status: 'identified', body: 'Root cause: the **payments** deploy.', notify: '', action: 'publish' }));
    await drain();
    expect(receiver.on('/generic')).toHaveLength(before);
    expect(await db.selectFrom('deliveries').select('id').where('webhook_endpoint_id', '=', generic.id).where('payload', 'is not', null).execute()).toHaveLength(0);
    const internal = receiver.on('/slack').at(-1)!;
    const internalBody = verify(slack.secret, internal) as { text: string; blocks: { type: string; text?: { text: string }; elements?: { url?: string }[] }[] };
    expect(internalBody.blocks[0]!.text!.text).toBe('[Internal] Update: Checkout is failing');
    expect(internalBody.blocks[1]!.text!.text).toBe('Root cause: the *payments* deploy.');
    expect(internalBody.blocks.at(-1)!.elements![0]!.url).toBe(`${PUBLIC_URL}/admin/incidents/${incidentId}`);
    // Teams wanted only incident.created: nothing more.
    expect(receiver.on('/teams')).toHaveLength(1);
    // An overdue external update: a nudge to the team's channel, never to the external-only
    // endpoint (which has every event, update.overdue included).
    clock = new Date(T0.getTime() + 31 * 60_000);
    expect((await notifyOverdueIncidents(services)).nudged).toBe(1);
    await drain();
    expect(receiver.on('/generic')).toHaveLength(before);
    const nudge = verify(slack.secret, receiver.on('/slack').at(-1)!) as { blocks: { text?: { text: string } }[] };
    expect(nudge.blocks[0]!.text!.text).toBe('[Internal] Update overdue: SEV1 Checkout is failing');
    expect(nudge.blocks[1]!.text!.text).toBe('The next external update was due at 2026-11-29 09:30 UTC (cadence: every 30 minutes). Customers are waiting for news.');
    // The update's delivery summary (the hub's "sent to N subscribers") counts email only.
    expect(await deliverySummary(db, updateId)).toMatchObject({ queued: 0, sending: 0, sent: 0, failed: 0, skipped: 0 });
    const attempts = await listWebhookAttempts(db, slack.id);
    expect(attempts.map((a) => [a.event, a.outcome, a.httpStatus, a.responseSnippet])).toEqual([
      ['update.overdue', 'delivered', 200, 'ok'],
      ['incident.updated', 'delivered', 200, 'ok'],
      ['incident.created', 'delivered', 200, 'ok'],
    ]);
  });

  it('retries a 500 with the same webhook-id, and acknowledges only the 2xx', async () => {
    clock = new Date(T0.getTime() + HOUR);
    receiver.answer('/flaky', { status: 500, body: 'boom' }, { status: 200, body: 'fine' });
    const endpoint = await add({ name: 'Flaky', url: receiver.url('/flaky') });
    value(await sendWebhookTestEvent(services, admin, endpoint.id));
    await drain();
    expect(receiver.on('/flaky')).toHaveLength(1);
    const [queued] = await deliveriesTo(endpoint.id);
    expect(queued).toMatchObject({ status: 'queued', attempts: 1 });
    expect(queued!.last_error).toBe('HTTP 500: boom');
    // The backoff is about 5 s: not due yet.
    await drain();
    expect(receiver.on('/flaky')).toHaveLength(1);

    clock = new Date(clock.getTime() + 6_000);
    await dueNow();
    await drain();
    const [first, second] = receiver.on('/flaky');
    expect(second).toBeDefined();
    expect(second!.headers['webhook-id']).toBe(first!.headers['webhook-id']);
    expect(Number(second!.headers['webhook-timestamp'])).toBe(Number(first!.headers['webhook-timestamp']) + 6);
    verify(endpoint.secret, second!);
    expect((await deliveriesTo(endpoint.id))[0]).toMatchObject({ status: 'sent', attempts: 2 });
    await drain();
    expect(receiver.on('/flaky')).toHaveLength(2); // never again once acknowledged
    const log = await listWebhookAttempts(db, endpoint.id);
    expect(log.map((a) => [a.outcome, a.httpStatus])).toEqual([
      ['delivered', 200],
      ['retrying', 500],
    ]);
    expect((await findWebhookEndpointById(db, endpoint.id))!.failingSince).toBeNull();
  });

  it("honours a 429's Retry-After", async () => {
    receiver.answer('/busy', { status: 429, headers: { 'retry-after': '120' }, body: 'slow down' });
    const endpoint = await add({ name: 'Busy', url: receiver.url('/busy') });
    value(await sendWebhookTestEvent(services, admin, endpoint.id));
    await drain();
    const row = await sql<{ wait: number }>`select extract(epoch from next_attempt_at - now())::float as wait from deliveries where webhook_endpoint_id = ${endpoint.id}`.execute(db);
    expect(row.rows[0]!.wait).toBeGreaterThan(110);
    expect(row.rows[0]!.wait).toBeLessThanOrEqual(120);
  });

  it('does not follow redirects: a 3xx is a failure', async () => {
    receiver.answer('/moved', { status: 302, headers: { location: '/elsewhere' } });
    const endpoint = await add({ name: 'Moved', url: receiver.url('/moved') });
    value(await sendWebhookTestEvent(services, admin, endpoint.id));
    await drain();
    expect(receiver.on('/moved')).toHaveLength(1);
    expect(receiver.on('/elsewhere')).toHaveLength(0);
    const [delivery] = await deliveriesTo(endpoint.id);
    expect(delivery!.status).toBe('failed');
    expect(delivery!.last_error).toMatch(/HTTP 302: a redirect, which webhooks do not follow/);
  });

  it('gives up after 24 hours, disables an endpoint failing for a day and emails its owner once', async () => {
    const start = new Date(T0.getTime() + 2 * HOUR);
    clock = start;
    receiver.answer('/down', { status: 503, body: 'maintenance' });
    const endpoint = await add({ name: 'Down for good', url: receiver.url('/down'), ownerEmail: 'owner@example.com' });
    value(await sendWebhookTestEvent(services, admin, endpoint.id));
    await drain();
    expect((await findWebhookEndpointById(db, endpoint.id))!.failingSince).toEqual(start);

    // Still within the day: retried, not disabled.
    clock = new Date(start.getTime() + 23 * HOUR);
    await dueNow();
    await drain();
    expect((await deliveriesTo(endpoint.id))[0]!.status).toBe('queued');
    expect((await findWebhookEndpointById(db, endpoint.id))!.disabledAt).toBeNull();

    // A day later: the delivery is given up and the endpoint disabled, its owner told once.
    clock = new Date(start.getTime() + 24 * HOUR + 60_000);
    await dueNow();
    await drain();
    const [delivery] = await deliveriesTo(endpoint.id);
    expect(delivery!.status).toBe('failed');
    expect(delivery!.last_error).toMatch(/^Gave up after 24 hours of retrying\. Last error: HTTP 503: maintenance/);
    const disabled = (await findWebhookEndpointById(db, endpoint.id))!;
    expect(disabled.disabledAt).toEqual(clock);
    expect(disabled.disabledReason).toMatch(/^Failing for more than 24 hours/);
    const mails = sink.received.filter((mail) => mail.subject === '[Acme Cloud] Webhook disabled: Down for good');
    expect(mails).toHaveLength(1);
    expect(sink.recipients()).toContain('owner@example.com');
    expect(mails[0]!.text).toContain(`${PUBLIC_URL}/admin/integrations/${endpoint.id}`);

    // Nothing more is queued for it, and nobody is emailed again.
    const posts = receiver.on('/down').length;
    expect(await sendWebhookTestEvent(services, admin, endpoint.id)).toMatchObject({ ok: false });
    await drain();
    expect(receiver.on('/down')).toHaveLength(posts);
    expect(sink.received.filter((mail) => mail.subject === '[Acme Cloud] Webhook disabled: Down for good')).toHaveLength(1);
  });

  describe('SSRF', () => {
    it('refuses a loopback URL when it is added without HERALD_WEBHOOK_ALLOW_PRIVATE', async () => {
      const closed = { ...services, config: { ...services.config, webhookAllowPrivate: false } };
      const result = await addWebhookEndpoint(closed, admin, { name: 'Local', url: receiver.url('/local') });
      expect(result.ok).toBe(false);
      expect(!result.ok && result.errors['url']).toMatch(/^127\.0\.0\.1 is a loopback, private, link-local or metadata address/);
      const metadata = await addWebhookEndpoint(closed, admin, { name: 'Metadata', url: 'http://169.254.169.254/latest/meta-data/' });
      expect(!metadata.ok && metadata.errors['url']).toMatch(/metadata address/);
      const ftp = await addWebhookEndpoint(closed, admin, { name: 'FTP', url: 'ftp://example.com/x' });
      expect(!ftp.ok && ftp.errors['url']).toBe('Only http:// and https:// URLs can receive webhooks.');
    });

    it('checks the address at connection time: an IP literal and a name that rebinds to 127.0.0.1 are refused, nothing reaches the receiver', async () => {
      clock = new Date(T0.getTime() + 30 * HOUR);
      const closed = { ...services, config: { ...services.config, webhookAllowPrivate: false } };
      // Saved while the name resolved to a public address…
      const rebinding = value(
        await addWebhookEndpoint(closed, admin, { name: 'Rebinding', url: `http://hooks.rebind.test:${receiver.port}/rebind` }, { resolve: () => Promise.resolve(['93.184.216.34']) }),
      );
      // …and one saved when private addresses were allowed.
      const literal = await add({ name: 'Literal', url: receiver.url('/literal') });
      await drain();
      const strictLoop = startDeliveryLoop({
        services: closed,
        background: false,
        webhookPoster: createWebhookPoster({ allowPrivate: false, resolve: (_host, _options, callback) => callback(null, [{ address: '127.0.0.1', family: 4 }]) }),
      });
      try {
        value(await sendWebhookTestEvent(services, admin, rebinding.id));
        value(await sendWebhookTestEvent(services, admin, literal.id));
        while ((await strictLoop.runOnce()) > 0) {
          // keep going
        }
      } finally {
        await strictLoop.stop();
      }
      expect(receiver.on('/rebind')).toHaveLength(0);
      expect(receiver.on('/literal')).toHaveLength(0);
      const [rebound] = await deliveriesTo(rebinding.id);
      expect(rebound!.status).toBe('failed');
      expect(rebound!.last_error).toMatch(/^hooks\.rebind\.test resolves to 127\.0\.0\.1, a loopback, private, link-local or metadata address/);
      const [direct] = await deliveriesTo(literal.id);
      expect(direct!.status).toBe('failed');
      expect(direct!.last_error).toMatch(/^127\.0\.0\.1 is a loopback, private, link-local or metadata address: webhooks may not be sent there/);
    });
  });
});
