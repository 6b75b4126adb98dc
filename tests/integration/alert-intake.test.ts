import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findIncidentDetail } from '../../db/queries/incident-admin.ts';
import { dismissTriageIncident } from '../../src/alerts/dismiss-triage.ts';
import { handleAlertIntake } from '../../src/alerts/intake-endpoint.ts';
import { saveAlertRoute } from '../../src/alerts/save-alert-route.ts';
import { deleteAlertRouteById, moveAlertRouteBy } from '../../src/alerts/change-alert-routes.ts';
import { listAlertRoutes } from '../../db/queries/alert-routes.ts';
import { ForbiddenError } from '../../src/auth/permissions.ts';
import { loadIncidentAlerts, loadTriage, triageDeclareValues } from '../../src/alerts/triage-views.ts';
import type { Actor } from '../../src/auth/permissions.ts';
import { createComponent } from '../../src/catalog/create-component.ts';
import { loadConfig } from '../../src/config.ts';
import { declareIncident } from '../../src/incidents/declare-incident.ts';
import { describeTimelineEntry } from '../../src/incidents/hub-text.ts';
import { loadDashboard } from '../../src/incidents/hub-views.ts';
import { createMailer } from '../../src/mail/create-mailer.ts';
import type { Services } from '../../src/services.ts';
import { loadSnapshot } from '../../src/status/load-snapshot.ts';
import { createToken } from '../../src/tokens/create-token.ts';
import { CLI_ACTOR } from '../../src/users/audit.ts';
import { createUser } from '../../src/users/create-user.ts';
import { createTestDatabase, type TestDatabase, testDatabaseKinds } from '../support/test-database.ts';

const NO_JOBS = { schedulePublish: async (): Promise<void> => {}, scheduleMaintenance: async (): Promise<void> => {} };
const fixture = (name: string): Record<string, unknown> => JSON.parse(readFileSync(path.join(import.meta.dirname, '..', 'fixtures', name), 'utf8'));

interface AmAlert {
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL: string;
  fingerprint: string;
}

/** An Alertmanager v4 notification of one group, shaped like the captured one. */
function amNotification(groupKey: string, alerts: AmAlert[], commonLabels: Record<string, string>): Record<string, unknown> {
  return {
    receiver: 'herald',
    status: alerts.some((a) => a.status === 'firing') ? 'firing' : 'resolved',
    alerts,
    groupLabels: { alertname: commonLabels['alertname'] ?? 'X' },
    commonLabels,
    commonAnnotations: {},
    externalURL: 'http://alertmanager.example:9093',
    version: '4',
    groupKey,
    truncatedAlerts: 0,
  };
}

function amAlert(n: number, labels: Record<string, string>, status: 'firing' | 'resolved' = 'firing'): AmAlert {
  return {
    status,
    labels: { ...labels, instance: `host-${n}` },
    annotations: { summary: `Errors on host-${n}` },
    startsAt: '2026-12-01T09:55:00Z',
    endsAt: status === 'resolved' ? '2026-12-01T10:20:00Z' : '0001-01-01T00:00:00Z',
    generatorURL: '',
    fingerprint: `fp-${n}`,
  };
}

describe.each(testDatabaseKinds())('alert intake on %s', (kind) => {
  let database: TestDatabase;
  let services: Services;
  let now = new Date('2026-12-01T10:00:00Z');
  let token = '';
  let readOnlyToken = '';
  let comms: Actor;
  let apiId = '';

  const post = (source: string, body: unknown, options: { auth?: string; raw?: string } = {}): Promise<Response> =>
    handleAlertIntake(
      services,
      new Request(`http://herald.test/api/v1/alerts/${source}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: options.auth ?? `Bearer ${token}` },
        body: options.raw ?? JSON.stringify(body),
      }),
      source,
      '192.0.2.10',
      { rateLimit: 10_000 },
    );
  const postOk = async (source: string, body: unknown): Promise<{ result: string; incident_id?: string }> => {
    const response = await post(source, body);
    const json = (await response.json()) as { result: string; incident_id?: string; error?: string };
    expect(response.status, JSON.stringify(json)).toBe(202);
    return json;
  };
  const timeline = async (incidentId: string): Promise<string[]> => {
    const detail = await findIncidentDetail(services.db, incidentId);
    return (detail?.timeline ?? []).map((entry) => `${entry.actorName ?? ''} ${describeTimelineEntry(entry).text}`);
  };
  const incidentCount = async (): Promise<number> => Number((await services.db.selectFrom('incidents').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    const config = loadConfig({ HERALD_DATA_DIR: database.dataDir, HERALD_DEMO: '0' });
    services = { db: database.handle.db, config, now: () => now, refreshSnapshot: () => {}, jobs: NO_JOBS, mailer: createMailer(config) };
    const made = await createToken(services, CLI_ACTOR, { name: 'Prometheus', scopes: 'alerts:write' });
    const reader = await createToken(services, CLI_ACTOR, { name: 'Reader', scopes: 'read' });
    if (!made.ok || !reader.ok) throw new Error('tokens');
    token = made.value.token;
    readOnlyToken = reader.value.token;
    const user = await createUser(services, CLI_ACTOR, { name: 'Casey Comms', email: 'casey@acme.test', role: 'comms', password: 'correct horse battery staple' });
    if (!user.ok) throw new Error(JSON.stringify(user.errors));
    comms = { id: user.value.userId, name: 'Casey Comms', role: 'comms' };
    const api = await createComponent(services, comms, { name: 'API' });
    if (!api.ok) throw new Error(JSON.stringify(api.errors));
    apiId = api.value.componentId;
    const route = await saveAlertRoute(services, comms, {
      name: 'API pages',
      matchers: 'service=api\nseverity=~critical|page',
      componentIds: apiId,
      componentStatus: 'major_outage',
      severity: 'SEV1',
      updateTemplate: 'We are investigating errors on {{components}}: {{alert.summary}}.',
      action: 'triage',
    });
    if (!route.ok) throw new Error(JSON.stringify(route.errors));
  }, 60_000);

  afterAll(async () => {
    await database?.dispose();
  });

  it('opens one internal triage incident from Alertmanager’s notification, with the route’s suggestions and a draft', async () => {
    const body = fixture('alertmanager-0.25-firing.json');
    const answer = await postOk('alertmanager', body);
    expect(answer.result).toBe('opened');
    const id = answer.incident_id!;
    const detail = await findIncidentDetail(services.db, id);
    expect(detail).toMatchObject({ title: 'API 5xx above 5%', severity: 'SEV1', status: 'investigating' });
    const alerts = await loadIncidentAlerts(services, id);
    expect(alerts?.state).toBe('triage');
    expect(alerts?.alerts.map((a) => [a.fingerprint, a.status, a.labels['instance'], a.endsAt])).toEqual([
      ['b5449dc473925ed0', 'firing', 'api-1:9090', null],
      ['e9d302a5ff5db845', 'firing', 'api-2:9090', null],
    ]);
    // Internal: nothing on the public page, and the dashboard shows it under Triage, not as an open incident.
    const snapshot = await loadSnapshot(services.db, { now, publicUrl: 'http://herald.test' });
    expect(snapshot.incidents.map((i) => i.id)).not.toContain(id);
    expect((await loadDashboard(services, comms, now)).incidents.map((i) => i.incident.id)).not.toContain(id);
    const triage = await loadTriage(services, comms);
    expect(triage.incidents.map((t) => [t.id, t.firing, t.total, t.components.map((c) => `${c.name}:${c.status}`)])).toEqual([[id, 2, 2, ['API:major_outage']]]);
    expect(triage.incidents[0]?.draft?.body).toBe('We are investigating errors on API: API 5xx above 5%.');
    expect(await timeline(id)).toEqual([
      'Prometheus opened this triage incident from 2 alerts sent by Alertmanager (route “API pages”)',
      'Prometheus drafted an external update (Investigating)',
    ]);
  });

  it('adds nothing to the timeline for a repeated notification, and adds a new alert of the group', async () => {
    const body = fixture('alertmanager-0.25-firing.json') as { alerts: AmAlert[] } & Record<string, unknown>;
    const again = await postOk('alertmanager', body);
    expect(again.result).toBe('updated');
    expect(await incidentCount()).toBe(1);
    const id = again.incident_id!;
    expect(await timeline(id)).toHaveLength(2);

    now = new Date('2026-12-01T10:05:00Z');
    const third = { ...body.alerts[0]!, labels: { ...body.alerts[0]!.labels, instance: 'api-3:9090' }, fingerprint: 'c0ffee0000000003' };
    await postOk('alertmanager', { ...body, alerts: [...body.alerts, third] });
    expect(await incidentCount()).toBe(1);
    expect((await loadIncidentAlerts(services, id))?.alerts).toHaveLength(3);
    expect((await timeline(id)).at(-1)).toBe('Prometheus added 1 new alert of the same group');
  });

  it('says so when every alert has resolved and suggests “Resolve?”, without resolving by itself', async () => {
    now = new Date('2026-12-01T10:20:00Z');
    const body = fixture('alertmanager-0.25-resolved.json') as { alerts: AmAlert[] } & Record<string, unknown>;
    const third = { ...body.alerts[0]!, labels: { ...body.alerts[0]!.labels, instance: 'api-3:9090' }, fingerprint: 'c0ffee0000000003' };
    const answer = await postOk('alertmanager', { ...body, alerts: [...body.alerts, third] });
    const id = answer.incident_id!;
    expect((await timeline(id)).slice(-2)).toEqual(['Prometheus reported 3 alerts resolved', 'Prometheus reported every alert resolved (3 alerts). Resolve?']);
    const triage = await loadTriage(services, comms);
    expect(triage.incidents.find((t) => t.id === id)).toMatchObject({ firing: 0, total: 3, allResolved: true });
    const detail = await findIncidentDetail(services.db, id);
    expect(detail?.resolvedAt).toBeNull();
  });

  it('declares a triage incident through the declare use case: the same incident, its alerts kept, published', async () => {
    const [first] = (await loadTriage(services, comms)).incidents;
    const values = await triageDeclareValues(services, comms, first!.id);
    expect(values).toMatchObject({ title: 'API 5xx above 5%', severity: 'SEV1', components: { [apiId]: 'major_outage' }, body: 'We are investigating errors on API: API 5xx above 5%.' });
    const declared = await declareIncident(
      services,
      comms,
      {
        title: values!.title,
        severity: values!.severity,
        impact: 'critical',
        components: [{ componentId: apiId, status: 'major_outage' }],
        update: { audience: 'external', status: 'investigating', body: values!.body, action: 'publish', notify: 'on' },
      },
      { fromTriage: first!.id },
    );
    expect(declared.ok && declared.value.incidentId).toBe(first!.id);
    expect(await incidentCount()).toBe(1);
    const snapshot = await loadSnapshot(services.db, { now, publicUrl: 'http://herald.test' });
    expect(snapshot.incidents.map((i) => i.id)).toContain(first!.id);
    expect((await loadIncidentAlerts(services, first!.id))?.state).toBe('active');
    expect((await loadIncidentAlerts(services, first!.id))?.alerts).toHaveLength(3);
    expect((await timeline(first!.id)).slice(-2)).toEqual(['Casey Comms declared the incident as SEV1, critical impact (Investigating)', 'Casey Comms published an external update (Investigating) · subscribers notified (0)']);
    // Declaring twice is refused; the dashboard now lists it as an open incident and asks "Resolve?".
    const twice = await declareIncident(services, comms, { title: 'x', severity: 'SEV1', impact: 'critical', update: { audience: 'internal', body: 'x', action: 'publish' } }, { fromTriage: first!.id });
    expect(twice.ok ? null : twice.errors['_form']).toContain('already declared or dismissed');
    expect((await loadTriage(services, comms)).resolveSuggestions.map((s) => s.id)).toEqual([first!.id]);
  });

  it('opens a new incident when a group whose incident was resolved fires again, and routes by labels', async () => {
    now = new Date('2026-12-01T11:00:00Z');
    const other = await postOk('alertmanager', amNotification('{}:{alertname="DiskFull"}', [amAlert(1, { alertname: 'DiskFull', service: 'db' })], { alertname: 'DiskFull', service: 'db' }));
    expect(other.result).toBe('opened');
    const detail = await findIncidentDetail(services.db, other.incident_id!);
    // The default route: SEV2, no components.
    expect(detail).toMatchObject({ title: 'DiskFull', severity: 'SEV2' });
    expect((await loadTriage(services, comms)).incidents.find((t) => t.id === other.incident_id)?.draft?.body).toBe(
      'We are investigating a problem affecting our services. We will post an update within 30 minutes.',
    );
  });

  it('dismisses with a reason kept, nothing public, and a later notification of the group lands on it quietly', async () => {
    const triage = (await loadTriage(services, comms)).incidents;
    const target = triage.find((t) => t.title === 'DiskFull')!;
    const noReason = await dismissTriageIncident(services, comms, { incidentId: target.id, reason: '  ' });
    expect(noReason.ok ? null : noReason.errors['reason']).toBe('Say why you dismiss it (kept on the incident’s timeline)');
    const dismissed = await dismissTriageIncident(services, comms, { incidentId: target.id, reason: 'Known flapping disk on a test host' });
    expect(dismissed.ok).toBe(true);
    expect((await loadTriage(services, comms)).incidents.map((t) => t.id)).not.toContain(target.id);
    const alerts = await loadIncidentAlerts(services, target.id);
    expect(alerts).toMatchObject({ state: 'dismissed', dismissedReason: 'Known flapping disk on a test host' });
    expect((await timeline(target.id)).at(-1)).toBe('Casey Comms dismissed this triage incident');
    const snapshot = await loadSnapshot(services.db, { now, publicUrl: 'http://herald.test' });
    expect(snapshot.incidents.map((i) => i.id)).not.toContain(target.id);
    const before = await incidentCount();
    const repeat = await postOk('alertmanager', amNotification('{}:{alertname="DiskFull"}', [amAlert(1, { alertname: 'DiskFull', service: 'db' })], { alertname: 'DiskFull', service: 'db' }));
    expect(repeat.incident_id).toBe(target.id);
    expect(await incidentCount()).toBe(before);
  });

  it('auto-resolves only when the route says so and nobody has touched the incident', async () => {
    const route = await saveAlertRoute(services, comms, {
      name: 'Batch jobs',
      matchers: 'team=batch',
      componentStatus: 'degraded_performance',
      severity: 'SEV3',
      updateTemplate: 'Batch processing is delayed.',
      action: 'triage',
      autoResolve: 'on',
    });
    expect(route.ok).toBe(true);
    const key = '{}:{alertname="JobLate"}';
    const labels = { alertname: 'JobLate', team: 'batch' };
    const opened = await postOk('alertmanager', amNotification(key, [amAlert(1, labels)], labels));
    await postOk('alertmanager', amNotification(key, [amAlert(1, labels, 'resolved')], labels));
    const detail = await findIncidentDetail(services.db, opened.incident_id!);
    expect(detail?.status).toBe('resolved');
    expect((await timeline(opened.incident_id!)).at(-1)).toBe('Prometheus resolved the incident by itself: every alert resolved and its route resolves automatically');

    // Touched by a person (a dismiss attempt does not count; a note does): stays open.
    now = new Date('2026-12-01T12:00:00Z');
    const key2 = '{}:{alertname="JobLate2"}';
    const second = await postOk('alertmanager', amNotification(key2, [amAlert(2, labels)], labels));
    await services.db
      .insertInto('timeline_events')
      .values({ incident_id: second.incident_id!, kind: 'note.added', actor: 'Casey Comms', actor_id: comms.id, details: JSON.stringify({ body: 'looking' }), occurred_at: now })
      .execute();
    await postOk('alertmanager', amNotification(key2, [amAlert(2, labels, 'resolved')], labels));
    expect((await findIncidentDetail(services.db, second.incident_id!))?.status).toBe('investigating');
  });

  it('takes the generic JSON and Grafana’s webhook too, each deduplicated by its own key', async () => {
    const generic = { title: 'Checkout errors', status: 'firing', dedup_key: 'checkout-5xx', severity: 'critical', component: 'API', description: 'p99 above 2 s' };
    const a = await postOk('generic', generic);
    const b = await postOk('generic', generic);
    expect(a.result).toBe('opened');
    expect(b.incident_id).toBe(a.incident_id);
    // The generic `component` names a component: it is suggested.
    expect((await loadTriage(services, comms)).incidents.find((t) => t.id === a.incident_id)?.components.map((c) => c.name)).toEqual(['API']);
    const resolved = await postOk('generic', { ...generic, status: 'resolved' });
    expect(resolved.incident_id).toBe(a.incident_id);
    expect((await timeline(a.incident_id!)).at(-1)).toBe('Prometheus reported every alert resolved (1 alert). Resolve?');

    const grafana = await postOk('grafana', fixture('grafana-webhook.json'));
    expect(grafana.result).toBe('opened');
    expect((await findIncidentDetail(services.db, grafana.incident_id!))?.title).toBe('High memory usage and 1 more');
  });

  it('attaches to an open incident of the route’s components, and opens one incident for simultaneous notifications', async () => {
    now = new Date('2026-12-01T14:00:00Z');
    const route = await saveAlertRoute(services, comms, {
      name: 'API latency joins',
      matchers: 'alertname=ApiLatency',
      componentIds: apiId,
      componentStatus: 'degraded_performance',
      severity: 'SEV2',
      updateTemplate: 'Slow API.',
      action: 'attach',
    });
    expect(route.ok).toBe(true);
    // The declared "API 5xx above 5%" incident is still open and affects API.
    const declared = (await loadTriage(services, comms)).resolveSuggestions[0]!.id;
    const labels = { alertname: 'ApiLatency', service: 'api' };
    const attached = await postOk('alertmanager', amNotification('{}:{alertname="ApiLatency"}', [amAlert(1, labels)], labels));
    expect(attached).toEqual({ result: 'attached', incident_id: declared });
    expect((await timeline(declared)).at(-1)).toBe('Prometheus attached 1 alert from Alertmanager to this incident');
    expect((await loadIncidentAlerts(services, declared))?.firing).toBe(1);

    const before = await incidentCount();
    const burst = { alertname: 'Burst', team: 'none' };
    const answers = await Promise.all(Array.from({ length: 5 }, () => postOk('alertmanager', amNotification('{}:{alertname="Burst"}', [amAlert(9, burst)], burst))));
    expect(new Set(answers.map((a) => a.incident_id)).size).toBe(1);
    expect(answers.filter((a) => a.result === 'opened')).toHaveLength(1);
    expect(await incidentCount()).toBe(before + 1);
  });

  it('sets the components’ status at once only when the route opts in, and dismissing withdraws it', async () => {
    const db = await createComponent(services, comms, { name: 'Database' });
    if (!db.ok) throw new Error(JSON.stringify(db.errors));
    const route = await saveAlertRoute(services, comms, {
      name: 'Database down',
      matchers: 'alertname=PostgresDown',
      componentIds: db.value.componentId,
      componentStatus: 'major_outage',
      severity: 'SEV1',
      updateTemplate: 'Database unavailable.',
      action: 'triage',
      setComponentStatus: 'on',
    });
    expect(route.ok).toBe(true);
    const labels = { alertname: 'PostgresDown' };
    const opened = await postOk('alertmanager', amNotification('{}:{alertname="PostgresDown"}', [amAlert(1, labels)], labels));
    const status = async (): Promise<string | undefined> => (await loadSnapshot(services.db, { now, publicUrl: 'http://herald.test' })).components.find((c) => c.id === db.value.componentId)?.status;
    expect(await status()).toBe('major_outage');
    expect((await timeline(opened.incident_id!)).at(-1)).toBe('Prometheus set the components’ status from the alert route');
    const dismissed = await dismissTriageIncident(services, comms, { incidentId: opened.incident_id, reason: 'Failover test' });
    expect(dismissed.ok).toBe(true);
    expect(await status()).toBe('operational');
  });

  it('keeps routes valid: clear errors for matchers and templates, ordered, removable, never the default one', async () => {
    const base = { name: 'R', componentStatus: 'partial_outage', severity: 'SEV2', updateTemplate: 'x', action: 'triage' };
    const errors = async (input: Record<string, unknown>) => {
      const result = await saveAlertRoute(services, comms, { ...base, ...input });
      return result.ok ? null : result.errors;
    };
    expect(await errors({ matchers: '' })).toEqual({ matchers: 'Write at least one matcher (e.g. service=api): the default route already catches everything else.' });
    expect(await errors({ matchers: 'severity=~(page' })).toMatchObject({ matchers: expect.stringContaining('is not a valid regular expression') });
    expect(await errors({ matchers: 'service=api', updateTemplate: 'Hi {{alert.labels}}' })).toMatchObject({ updateTemplate: expect.stringContaining('Unknown placeholder {{alert.labels}}') });
    expect(await errors({ matchers: 'service=api', updateTemplate: '<script>x</script>' })).toMatchObject({ updateTemplate: expect.stringContaining('script') });
    expect(await errors({ matchers: 'service=api', action: 'attach' })).toMatchObject({ action: expect.stringContaining('Attaching needs components') });
    expect(await errors({ matchers: 'service=api', setComponentStatus: 'on' })).toMatchObject({ setComponentStatus: expect.stringContaining('Pick the components') });
    await expect(saveAlertRoute(services, { id: 'x', name: 'R', role: 'responder' }, { ...base, matchers: 'a=b' })).rejects.toBeInstanceOf(ForbiddenError);

    const routes = await listAlertRoutes(services.db);
    expect(routes.map((r) => r.name)).toEqual(['API pages', 'Batch jobs', 'API latency joins', 'Database down', 'Everything else']);
    expect((await moveAlertRouteBy(services, comms, routes[1]!.id, -1)).ok).toBe(true);
    expect((await listAlertRoutes(services.db)).map((r) => r.name)).toEqual(['Batch jobs', 'API pages', 'API latency joins', 'Database down', 'Everything else']);
    const defaultRoute = routes.find((r) => r.isDefault)!;
    expect((await deleteAlertRouteById(services, comms, defaultRoute.id)).ok).toBe(false);
    const saved = await saveAlertRoute(services, comms, { ...base, routeId: defaultRoute.id, name: 'Everything else', matchers: 'ignored=yes', severity: 'SEV3' });
    expect(saved.ok).toBe(true);
    expect((await listAlertRoutes(services.db)).find((r) => r.isDefault)).toMatchObject({ matchers: '', severity: 'SEV3' });
    const extra = await saveAlertRoute(services, comms, { ...base, matchers: 'service=tmp' });
    expect(extra.ok && (await deleteAlertRouteById(services, comms, extra.value.routeId)).ok).toBe(true);
    expect((await listAlertRoutes(services.db)).map((r) => r.name)).toEqual(['Batch jobs', 'API pages', 'API latency joins', 'Database down', 'Everything else']);
  });

  it('refuses bad requests with JSON errors: 401, 403, 400 with the reason, 422 naming the field', async () => {
    const expectError = async (response: Promise<Response>, status: number, error: RegExp): Promise<void> => {
      const answer = await response;
      expect(answer.status).toBe(status);
      expect(answer.headers.get('content-type')).toContain('application/json');
      expect(((await answer.json()) as { error: string }).error).toMatch(error);
    };
    await expectError(post('generic', { title: 'x' }, { auth: '' }), 401, /Authentication required/);
    await expectError(post('generic', { title: 'x' }, { auth: 'Bearer hrld_nope_nope' }), 401, /not valid/);
    await expectError(post('generic', { title: 'x' }, { auth: `Bearer ${readOnlyToken}` }), 403, /lacks the scope "alerts:write"/);
    await expectError(post('generic', null, { raw: '{"title": "x",' }), 400, /^The body is not valid JSON: /);
    await expectError(post('generic', null, { raw: '' }), 400, /empty/);
    await expectError(post('generic', { title: 'x', status: 'broken' }), 422, /^status: must be "firing" or "resolved"$/);
    await expectError(post('alertmanager', { ...fixture('alertmanager-0.25-firing.json'), alerts: [{ status: 'firing' }] }), 422, /^alerts\.0\.labels: /);
    await expectError(post('alertmanager', [1, 2]), 422, /must be a JSON object/);
    await expectError(handleAlertIntake(services, new Request('http://herald.test/api/v1/alerts/nagios', { method: 'POST' }), 'nagios', '192.0.2.10'), 404, /Unknown alert source/);
    // HTTP basic with the token as password works too (Grafana's and Alertmanager's basic_auth).
    const basic = await post('generic', { title: 'Basic auth works', dedup_key: 'basic' }, { auth: `Basic ${Buffer.from(`grafana:${token}`).toString('base64')}` });
    expect(basic.status).toBe(202);
  });

  it('limits a token to 120 notifications a minute: 429 with Retry-After', async () => {
    const made = await createToken(services, CLI_ACTOR, { name: 'Noisy', scopes: 'alerts:write' });
    if (!made.ok) throw new Error('token');
    const send = (): Promise<Response> =>
      handleAlertIntake(
        services,
        new Request('http://herald.test/api/v1/alerts/generic', { method: 'POST', headers: { authorization: `Bearer ${made.value.token}` }, body: JSON.stringify({ title: 'Noise', dedup_key: 'noise' }) }),
        'generic',
        '192.0.2.10',
      );
    now = new Date('2026-12-01T13:00:00Z');
    const statuses: number[] = [];
    for (let i = 0; i < 121; i++) {
      now = new Date(now.getTime() + 100);
      statuses.push((await send()).status);
    }
    expect(statuses.filter((s) => s === 202)).toHaveLength(120);
    const refused = await send();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(47);
    expect(((await refused.json()) as { error: string }).error).toContain('120 a minute');
    now = new Date(now.getTime() + 60_000);
    expect((await send()).status).toBe(202);
  }, 120_000);

  it('makes one incident of a storm of 1,000 alerts in one group', async () => {
    const labels = { alertname: 'NodeDown', service: 'fleet' };
    const key = '{}:{alertname="NodeDown"}';
    const before = await incidentCount();
    const alerts: AmAlert[] = [];
    for (let batch = 0; batch < 10; batch++) {
      for (let i = 0; i < 100; i++) alerts.push(amAlert(5000 + batch * 100 + i, labels));
      await postOk('alertmanager', amNotification(key, alerts, labels));
    }
    expect(await incidentCount()).toBe(before + 1);
    const incident = (await loadTriage(services, comms)).incidents.find((t) => t.title === 'NodeDown');
    expect(incident).toMatchObject({ total: 1000, firing: 1000 });
    expect(await timeline(incident!.id)).toHaveLength(2 + 9);
  }, 120_000);
});
