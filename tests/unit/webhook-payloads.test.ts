import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isForbiddenAddress } from '../../src/webhooks/address-policy.ts';
import { judgeOutcome, parseRetryAfter, webhookBackoffMs } from '../../src/webhooks/deliver-webhook.ts';
import { buildGenericPayload } from '../../src/webhooks/payloads/generic.ts';
import { renderWebhookBody } from '../../src/webhooks/payloads/render.ts';
import { buildSlackPayload, markdownToMrkdwn } from '../../src/webhooks/payloads/slack.ts';
import { ADAPTIVE_CARD_CONTENT_TYPE, buildTeamsPayload } from '../../src/webhooks/payloads/teams.ts';
import { newWebhookSecret, signingSecrets, signWebhook } from '../../src/webhooks/signing.ts';
import type { WebhookEvent } from '../../src/webhooks/webhook-event.ts';

const AT = '2026-11-29T09:30:00.000Z';
const PAGE = { id: 'pg1', name: 'Acme Cloud', url: 'https://status.example.com/', indicator: 'major' as const, description: 'Partial System Outage' };

const incidentEvent: WebhookEvent = {
  type: 'incident.updated',
  audience: 'external',
  occurredAt: AT,
  page: PAGE,
  incident: {
    id: 'inc1',
    name: 'Checkout <errors> & timeouts',
    status: 'identified',
    impact: 'major',
    severity: 'SEV2',
    url: 'https://status.example.com/incidents/inc1',
    createdAt: '2026-11-29T09:00:00.000Z',
    updatedAt: AT,
    startedAt: '2026-11-29T08:55:00.000Z',
    monitoringAt: null,
    resolvedAt: null,
    scheduledFor: null,
    scheduledUntil: null,
    updates: [
      {
        id: 'u2',
        status: 'identified',
        body: 'We found the **cause**: see [the runbook](https://example.com/rb).',
        audience: 'external',
        createdAt: AT,
        affectedComponents: [{ id: 'c1', name: 'API', oldStatus: 'degraded_performance', newStatus: 'partial_outage' }],
      },
      { id: 'u1', status: 'investigating', body: 'Looking into it.', audience: 'external', createdAt: '2026-11-29T09:00:00.000Z', affectedComponents: [] },
    ],
    components: [{ id: 'c1', name: 'API', status: 'partial_outage' }],
  },
  componentChange: null,
  overdue: null,
};

const componentEvent: WebhookEvent = {
  type: 'component.updated',
  audience: 'external',
  occurredAt: AT,
  page: PAGE,
  incident: null,
  componentChange: {
    id: 'cu1',
    component: { id: 'c1', name: 'API', status: 'major_outage', description: null, position: 2, groupId: null, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: AT },
    oldStatus: 'operational',
    newStatus: 'major_outage',
    createdAt: AT,
  },
  overdue: null,
};

describe('generic payload: Statuspage webhook shape', () => {
  const context = { manageUrl: 'https://status.example.com/admin/integrations/e1', documentationUrl: 'https://status.example.com/docs/api#webhooks' };

  it('carries meta, page and the incident with its updates, as Statuspage sends them', () => {
    const payload = buildGenericPayload(incidentEvent, context) as Record<string, any>;
    expect(payload['meta']).toEqual({ unsubscribe: context.manageUrl, documentation: context.documentationUrl, generated_at: AT });
    expect(payload['page']).toEqual({ id: 'pg1', status_indicator: 'major', status_description: 'Partial System Outage' });
    const incident = payload['incident'];
    expect(incident).toMatchObject({ id: 'inc1', name: 'Checkout <errors> & timeouts', status: 'identified', impact: 'major', shortlink: 'https://status.example.com/incidents/inc1', page_id: 'pg1', resolved_at: null, monitoring_at: null });
    expect(incident.incident_updates.map((u: { id: string }) => u.id)).toEqual(['u2', 'u1']);
    expect(incident.incident_updates[0]).toMatchObject({ id: 'u2', incident_id: 'inc1', status: 'identified', body: incidentEvent.incident!.updates[0]!.body, created_at: AT, display_at: AT });
    expect(incident.incident_updates[0].affected_components).toEqual([{ code: 'c1', name: 'API', old_status: 'degraded_performance', new_status: 'partial_outage' }]);
    expect(payload['component_update']).toBeUndefined();
  });

  it('carries component_update and component for a component change', () => {
    const payload = buildGenericPayload(componentEvent, context) as Record<string, any>;
    expect(payload['component_update']).toEqual({ id: 'cu1', created_at: AT, old_status: 'operational', new_status: 'major_outage', component_type: 'Component', component_id: 'c1' });
    expect(payload['component']).toMatchObject({ id: 'c1', name: 'API', status: 'major_outage', position: 2, page_id: 'pg1', group_id: null });
    expect(payload['incident']).toBeUndefined();
  });

  it('makes recorded paths absolute with PUBLIC_URL when rendering', () => {
    const recorded: WebhookEvent = { ...incidentEvent, page: { ...PAGE, url: '/' }, incident: { ...incidentEvent.incident!, url: '/incidents/inc1' } };
    const body = JSON.parse(renderWebhookBody('generic', recorded, { publicUrl: 'https://status.acme.test', endpointId: 'e1' }));
    expect(body.incident.shortlink).toBe('https://status.acme.test/incidents/inc1');
    expect(body.meta.unsubscribe).toBe('https://status.acme.test/admin/integrations/e1');
  });
});

describe('Slack payload: Block Kit for an incoming webhook', () => {
  it('has a header, the body as mrkdwn, a context with status, severity and components, a button to the incident and a text fallback', () => {
    const payload = buildSlackPayload(incidentEvent) as { text: string; blocks: any[] };
    expect(payload.blocks.map((b) => b.type)).toEqual(['header', 'section', 'context', 'actions']);
    const [header, section, context, actions] = payload.blocks;
    expect(header.text).toEqual({ type: 'plain_text', text: 'Update: Checkout <errors> & timeouts', emoji: true });
    expect(section.text.type).toBe('mrkdwn');
    expect(section.text.text).toBe('We found the *cause*: see <https://example.com/rb|the runbook>.');
    expect(context.elements.map((e: { type: string; text: string }) => [e.type, e.text])).toEqual([
      ['mrkdwn', '*Status:* Identified'],
      ['mrkdwn', '*Severity:* SEV2'],
      ['mrkdwn', '*Components:* API (Partial outage)'],
    ]);
    expect(actions.elements).toEqual([{ type: 'button', text: { type: 'plain_text', text: 'View incident' }, url: 'https://status.example.com/incidents/inc1' }]);
    expect(payload.text).toContain('Update: Checkout <errors> & timeouts');
    expect(payload.text).toContain('Status: Identified');
  });

  it("escapes Slack's control characters in mrkdwn and keeps Slack's limits", () => {
    expect(markdownToMrkdwn('a < b & c > d')).toBe('a &lt; b &amp; c &gt; d');
    const long = buildSlackPayload({ ...incidentEvent, incident: { ...incidentEvent.incident!, name: 'x'.repeat(400), updates: [{ ...incidentEvent.incident!.updates[0]!, body: 'y'.repeat(5000) }] } }) as { blocks: any[] };
    expect(long.blocks[0].text.text.length).toBeLessThanOrEqual(150);
    expect(long.blocks[1].text.text.length).toBeLessThanOrEqual(3000);
  });

  it('marks internal events and links them to the hub', () => {
    const internal = buildSlackPayload({ ...incidentEvent, audience: 'internal', incident: { ...incidentEvent.incident!, url: 'https://status.example.com/admin/incidents/inc1' } }) as { blocks: any[] };
    expect(internal.blocks[0].text.text).toMatch(/^\[Internal\] /);
    expect(internal.blocks.at(-1).elements[0]).toMatchObject({ text: { text: 'Open in Herald' }, url: 'https://status.example.com/admin/incidents/inc1' });
  });
});

describe('Teams payload: a Workflows message with an Adaptive Card 1.4', () => {
  it('attaches an AdaptiveCard with TextBlocks, a FactSet and an Action.OpenUrl', () => {
    const payload = buildTeamsPayload(incidentEvent) as Record<string, any>;
    expect(payload['type']).toBe('message');
    expect(payload['attachments']).toHaveLength(1);
    const attachment = payload['attachments'][0];
    expect(attachment.contentType).toBe(ADAPTIVE_CARD_CONTENT_TYPE);
    expect(ADAPTIVE_CARD_CONTENT_TYPE).toBe('application/vnd.microsoft.card.adaptive');
    const card = attachment.content;
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.4', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json' });
    expect(card.body.map((b: { type: string }) => b.type)).toEqual(['TextBlock', 'TextBlock', 'FactSet']);
    expect(card.body[0]).toMatchObject({ text: 'Update: Checkout <errors> & timeouts', weight: 'Bolder', wrap: true });
    expect(card.body[2].facts).toEqual([
      { title: 'Status', value: 'Identified' },
      { title: 'Severity', value: 'SEV2' },
      { title: 'Components', value: 'API (Partial outage)' },
    ]);
    expect(card.actions).toEqual([{ type: 'Action.OpenUrl', title: 'View incident', url: 'https://status.example.com/incidents/inc1' }]);
  });

  it('describes a component change', () => {
    const card = (buildTeamsPayload(componentEvent) as Record<string, any>)['attachments'][0].content;
    expect(card.body[0].text).toBe('API: Major outage');
    expect(card.body[1].text).toBe('API changed from Operational to Major outage.');
  });
});

describe('Standard Webhooks signatures', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('verify with the standardwebhooks package, with either secret during a rotation', () => {
    const current = newWebhookSecret();
    const previous = newWebhookSecret();
    expect(current).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    const body = JSON.stringify({ hello: 'world' });
    const at = new Date(AT);
    const headers = signWebhook({ id: 'msg_abc', timestampSeconds: at.getTime() / 1000, body, secrets: [current, previous] });
    expect(headers['webhook-timestamp']).toBe(String(at.getTime() / 1000));
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    // The receiver's clock is the test's clock (the package refuses timestamps 5 minutes off).
    vi.useFakeTimers({ now: at });
    expect(new Webhook(current).verify(body, { ...headers })).toEqual({ hello: 'world' });
    expect(new Webhook(previous).verify(body, { ...headers })).toEqual({ hello: 'world' });
    expect(() => new Webhook(newWebhookSecret()).verify(body, { ...headers })).toThrow();
    expect(() => new Webhook(current).verify(`${body} `, { ...headers })).toThrow();
  });

  it('signs with the previous secret only until its overlap ends', () => {
    const endpoint = { secret: 'whsec_bmV3', previousSecret: 'whsec_b2xk', previousSecretExpiresAt: new Date('2026-11-30T09:30:00Z') };
    expect(signingSecrets(endpoint, new Date('2026-11-30T09:29:59Z'))).toEqual(['whsec_bmV3', 'whsec_b2xk']);
    expect(signingSecrets(endpoint, new Date('2026-11-30T09:30:00Z'))).toEqual(['whsec_bmV3']);
  });
});

describe('retries and refusals', () => {
  it('retries network errors, 408, 429 and 5xx; a 2xx is delivered; 3xx and other 4xx fail', () => {
    const answer = (status: number) => ({ kind: 'answer' as const, status, retryAfter: null, snippet: '', latencyMs: 1 });
    expect(judgeOutcome(answer(200))).toBe('delivered');
    expect(judgeOutcome(answer(204))).toBe('delivered');
    for (const status of [408, 429, 500, 502, 503]) expect(judgeOutcome(answer(status)), String(status)).toBe('retry');
    for (const status of [301, 302, 307, 400, 401, 404, 410]) expect(judgeOutcome(answer(status)), String(status)).toBe('fail');
    expect(judgeOutcome({ kind: 'network', error: 'ECONNREFUSED', latencyMs: 1 })).toBe('retry');
    expect(judgeOutcome({ kind: 'refused', error: 'private', latencyMs: 0 })).toBe('fail');
  });

  it('backs off from 5 s, doubling, up to 4 hours; reads Retry-After as seconds or a date', () => {
    expect([1, 2, 3, 4].map(webhookBackoffMs)).toEqual([5_000, 10_000, 20_000, 40_000]);
    expect(webhookBackoffMs(30)).toBe(4 * 60 * 60_000);
    const now = new Date(AT);
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(new Date(now.getTime() + 30_000).toUTCString(), now)).toBe(30_000);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });

  it('refuses loopback, private, CGNAT, link-local, metadata and IPv6 local addresses, not public ones', () => {
    for (const address of ['127.0.0.1', '10.0.0.5', '172.16.3.4', '192.168.1.1', '100.64.0.1', '169.254.169.254', '0.0.0.0', '::1', '::', 'fd00:ec2::254', 'fc00::1', 'fe80::1', '::ffff:127.0.0.1', '::ffff:a00:1']) {
      expect(isForbiddenAddress(address), address).toBe(true);
    }
    for (const address of ['93.184.216.34', '8.8.8.8', '1.1.1.1', '2606:4700:4700::1111']) expect(isForbiddenAddress(address), address).toBe(false);
  });
});
