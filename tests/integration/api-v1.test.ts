import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../../db/client.ts';
import { heraldEnv, type HeraldProcess, ROOT, runHerald, startHerald } from '../support/herald-process.ts';
import { createTestDatabase, type TestDatabase, testDatabaseKinds } from '../support/test-database.ts';

/**
 * The management API (v1) against the built server on both databases: tokens made
 * with the CLI, sent the ways clients send them, components and groups created
 * and changed with JSON and with Rails-style forms, and every refusal as JSON.
 */

const RATE_LIMIT = 120;

beforeAll(() => {
  if (!existsSync(path.join(ROOT, 'dist', 'server', 'entry.mjs'))) {
    throw new Error('These tests run the built server: run "npm run build" first (npm test does).');
  }
});

interface ComponentJson {
  id: string;
  page_id: string;
  group_id: string | null;
  name: string;
  description: string | null;
  status: string;
  showcase: boolean;
  only_show_if_degraded: boolean;
  start_date: string | null;
  group: boolean;
  components?: string[];
}

describe.each(testDatabaseKinds())('management API v1 on %s', (kind) => {
  let database: TestDatabase;
  let herald: HeraldProcess;
  let env: NodeJS.ProcessEnv;
  let other: DatabaseHandle;
  let pageId = '';
  const tokens: Record<string, string> = {};

  const makeToken = async (name: string, scopes: string): Promise<string> => {
    const result = await runHerald(['token', 'create', '--name', name, '--scopes', scopes, '--expires-in', '30d'], env);
    expect(result.code, result.output).toBe(0);
    const lines = result.output.trim().split('\n');
    const token = lines.at(-1) ?? '';
    expect(token).toMatch(/^hrld_[a-z2-7]{8}_[a-z2-7]{32}$/);
    return token;
  };

  const api = (
    method: string,
    route: string,
    options: { token?: string | null; json?: unknown; form?: string | URLSearchParams; headers?: Record<string, string>; scheme?: string } = {},
  ): Promise<Response> => {
    const headers: Record<string, string> = { ...options.headers };
    const token = options.token === undefined ? tokens['admin'] : options.token;
    if (token) headers['authorization'] = `${options.scheme ?? 'OAuth'} ${token}`;
    let body: string | undefined;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = typeof options.json === 'string' ? options.json : JSON.stringify(options.json);
    } else if (options.form !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = options.form.toString();
    }
    return fetch(`${herald.url}/api/v1/pages/${pageId}${route}`, { method, headers, body });
  };

  beforeAll(async () => {
    database = await createTestDatabase(kind, { migrate: kind === 'postgres' });
    const base = { HERALD_DATA_DIR: database.dataDir, HERALD_DEMO: '0', HERALD_API_RATE_LIMIT: String(RATE_LIMIT) };
    env = heraldEnv(kind === 'postgres' ? { ...base, DATABASE_URL: database.url ?? '' } : base);
    if (kind === 'embedded') await database.handle.close(); // the server opens the embedded database itself
    herald = await startHerald(env);
    other = kind === 'postgres' ? database.handle : await openDatabase({ databaseUrl: null, dataDir: database.dataDir, shareEmbedded: true });
    pageId = ((await (await fetch(`${herald.url}/api/v2/summary.json`)).json()) as { page: { id: string } }).page.id;
    tokens['admin'] = await makeToken('terraform', 'components:write,read');
    tokens['reader'] = await makeToken('dashboard', 'read');
    tokens['publisher'] = await makeToken('statuspage client', 'incidents:write,incidents:publish');
    tokens['responder'] = await makeToken('on-call bot', 'incidents:write');
  }, 120_000);

  afterAll(async () => {
    if (kind === 'embedded') await other?.close();
    expect(await herald?.stop()).toBe(0);
    await database?.dispose().catch(() => {});
  });

  it('refuses a missing or bad token with 401, a missing scope with 403 naming it, another page with 404 — all JSON', async () => {
    const none = await api('GET', '/components', { token: null });
    expect([none.status, none.headers.get('content-type')]).toEqual([401, 'application/json; charset=utf-8']);
    expect(((await none.json()) as { error: string }).error).toContain('Authorization: OAuth');
    const bad = await api('GET', '/components', { token: 'hrld_aaaaaaaa_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' });
    expect([bad.status, ((await bad.json()) as { error: string }).error]).toEqual([401, expect.stringContaining('not valid')]);
    const forbidden = await api('POST', '/components', { token: tokens['reader'], json: { component: { name: 'Nope' } } });
    expect([forbidden.status, ((await forbidden.json()) as { error: string }).error]).toEqual([403, expect.stringContaining('"components:write"')]);
    const wrongPage = await fetch(`${herald.url}/api/v1/pages/nosuchpage/components`, { headers: { authorization: `OAuth ${tokens['admin']}` } });
    expect([wrongPage.status, ((await wrongPage.json()) as { error: string }).error]).toEqual([404, expect.stringContaining('summary.json')]);
    const method = await api('DELETE', '/incidents');
    expect([method.status, method.headers.get('allow'), ((await method.json()) as { error: string }).error]).toEqual([405, 'GET, POST', 'This endpoint takes GET, POST.']);
    const nowhere = await fetch(`${herald.url}/api/v1/pages/${pageId}/widgets`);
    expect([nowhere.status, nowhere.headers.get('content-type'), ((await nowhere.json()) as { error: string }).error]).toEqual([404, 'application/json; charset=utf-8', expect.stringContaining('There is no API endpoint')]);
  });

  it('accepts the token as OAuth, Bearer and HTTP basic password', async () => {
    expect((await api('GET', '/components', { scheme: 'OAuth' })).status).toBe(200);
    expect((await api('GET', '/components', { scheme: 'Bearer' })).status).toBe(200);
    const basic = Buffer.from(`grafana:${tokens['admin']}`).toString('base64');
    expect((await api('GET', '/components', { token: null, headers: { authorization: `Basic ${basic}` } })).status).toBe(200);
  });

  it('creates, reads, updates and deletes a component with JSON', async () => {
    const created = await api('POST', '/components', { json: { component: { name: 'API', description: 'The REST API', status: 'degraded_performance', showcase: true, colour: 'ignored' } } });
    expect(created.status).toBe(201);
    const component = (await created.json()) as ComponentJson;
    expect(component).toMatchObject({ page_id: pageId, name: 'API', description: 'The REST API', status: 'degraded_performance', showcase: true, group: false, group_id: null, only_show_if_degraded: false, start_date: null, automation_email: null });
    expect(Object.keys(component)).toEqual(['id', 'page_id', 'group_id', 'created_at', 'updated_at', 'group', 'name', 'description', 'position', 'status', 'showcase', 'only_show_if_degraded', 'automation_email', 'start_date']);

    const patched = await api('PATCH', `/components/${component.id}`, { json: { component: { status: 'operational', description: null } } });
    expect([patched.status, await patched.json()]).toEqual([200, expect.objectContaining({ name: 'API', status: 'operational', description: null, showcase: true })]);
    const put = await api('PUT', `/components/${component.id}`, { json: { component: { name: 'Public API', start_date: '2026-01-15' } } });
    expect(await put.json()).toMatchObject({ name: 'Public API', start_date: '2026-01-15', showcase: true });
    const one = (await (await api('GET', `/components/${component.id}`, { token: tokens['reader'] })).json()) as ComponentJson;
    expect(one.name).toBe('Public API');
    // The public API shows it too, once the snapshot is rebuilt.
    const listed = (await (await api('GET', '/components')).json()) as ComponentJson[];
    expect(listed.map((c) => c.name)).toContain('Public API');

    const deleted = await api('DELETE', `/components/${component.id}`);
    expect([deleted.status, await deleted.text()]).toEqual([204, '']);
    expect((await api('GET', `/components/${component.id}`)).status).toBe(404);
    expect((await api('DELETE', `/components/${component.id}`)).status).toBe(404);
  });

  it('reads Rails-style form bodies into the same fields (component[name]=…)', async () => {
    const form = new URLSearchParams({ 'component[name]': 'Web app', 'component[showcase]': 'false', 'component[only_show_if_degraded]': 'true', 'component[status]': 'partial_outage' });
    const created = await api('POST', '/components', { form });
    expect(created.status).toBe(201);
    const component = (await created.json()) as ComponentJson;
    expect(component).toMatchObject({ name: 'Web app', showcase: false, only_show_if_degraded: true, status: 'partial_outage' });
    const patched = await api('PATCH', `/components/${component.id}`, { form: 'component[description]=Browser+front+end&component[status]=operational' });
    expect(await patched.json()).toMatchObject({ description: 'Browser front end', status: 'operational', only_show_if_degraded: true });
  });

  it('answers bad input with 422 naming the field, unknown ids with 404, unreadable JSON with 400, too much with 413', async () => {
    const error = async (response: Response): Promise<[number, string]> => [response.status, ((await response.json()) as { error: string }).error];
    expect(await error(await api('POST', '/components', { json: { component: { name: '' } } }))).toEqual([422, 'component.name: Give the component a name.']);
    expect(await error(await api('POST', '/components', { json: { component: { name: 'X', showcase: 'maybe' } } }))).toEqual([422, 'component.showcase: must be true or false']);
    expect(await error(await api('POST', '/components', { json: { component: { name: 42 } } }))).toEqual([422, 'component.name: must be text']);
    expect(await error(await api('POST', '/components', { json: { component: { name: 'X', status: 'on_fire' } } }))).toEqual([422, expect.stringContaining('component.status: must be one of operational')]);
    expect(await error(await api('POST', '/components', { json: { name: 'X' } }))).toEqual([422, expect.stringContaining('component: is required')]);
    expect(await error(await api('POST', '/components', { json: { component: { name: 'X', group_id: 'nosuchgroup' } } }))).toEqual([404, 'component.group_id: there is no component group "nosuchgroup".']);
    expect(await error(await api('PATCH', '/components/nosuchcomponent', { json: { component: { name: 'X' } } }))).toEqual([404, 'There is no component "nosuchcomponent".']);
    expect(await error(await api('POST', '/components', { json: '{"component": {"name": "X"' }))).toEqual([400, expect.stringContaining('not valid JSON')]);
    const huge = await api('POST', '/components', { json: { component: { name: 'X', description: 'x'.repeat(1024 * 1024 + 10) } } });
    expect(await error(huge)).toEqual([413, expect.stringContaining('1 MB')]);
    // Nothing half-written: none of these made a component.
    const names = ((await (await api('GET', '/components')).json()) as ComponentJson[]).map((c) => c.name);
    expect(names.filter((n) => n === 'X')).toEqual([]);
  });

  it('replays a POST with the same Idempotency-Key and body, and refuses the key with another body', async () => {
    const body = { component: { name: 'Billing' } };
    const first = await api('POST', '/components', { json: body, headers: { 'idempotency-key': 'create-billing-1' } });
    const again = await api('POST', '/components', { json: body, headers: { 'idempotency-key': 'create-billing-1' } });
    const a = (await first.json()) as ComponentJson;
    const b = (await again.json()) as ComponentJson;
    expect([first.status, again.status, b.id, again.headers.get('idempotent-replayed')]).toEqual([201, 201, a.id, 'true']);
    const names = ((await (await api('GET', '/components')).json()) as ComponentJson[]).filter((c) => c.name === 'Billing');
    expect(names).toHaveLength(1);
    const changed = await api('POST', '/components', { json: { component: { name: 'Billing 2' } }, headers: { 'idempotency-key': 'create-billing-1' } });
    expect([changed.status, ((await changed.json()) as { error: string }).error]).toEqual([422, expect.stringContaining('different request body')]);
  });

  it('manages component groups with their members, in Statuspage’s shape', async () => {
    const c1 = (await (await api('POST', '/components', { json: { component: { name: 'EU database' } } })).json()) as ComponentJson;
    const c2 = (await (await api('POST', '/components', { json: { component: { name: 'US database' } } })).json()) as ComponentJson;
    const created = await api('POST', '/component-groups', { form: `component_group[name]=Databases&description=Primary+stores&component_group[components][]=${c1.id}&component_group[components][]=${c2.id}` });
    expect(created.status).toBe(201);
    const group = (await created.json()) as { id: string; name: string; description: string; components: string[] };
    expect(group).toMatchObject({ page_id: pageId, name: 'Databases', description: 'Primary stores', components: [c1.id, c2.id] });
    expect(((await (await api('GET', `/components/${c1.id}`)).json()) as ComponentJson).group_id).toBe(group.id);
    const listed = (await (await api('GET', '/components')).json()) as ComponentJson[];
    expect(listed.find((c) => c.id === group.id)).toMatchObject({ group: true, components: [c1.id, c2.id] });

    const patched = await api('PATCH', `/component-groups/${group.id}`, { json: { component_group: { name: 'Data stores', components: [c2.id] } } });
    expect(await patched.json()).toMatchObject({ name: 'Data stores', components: [c2.id] });
    expect(((await (await api('GET', `/components/${c1.id}`)).json()) as ComponentJson).group_id).toBeNull();
    expect((await api('POST', '/component-groups', { json: { component_group: { name: 'Ghosts', components: ['nosuch'] } } })).status).toBe(404);

    const deleted = await api('DELETE', `/component-groups/${group.id}`);
    expect([deleted.status, ((await deleted.json()) as { name: string }).name]).toEqual([200, 'Data stores']);
    expect((await api('GET', `/component-groups/${group.id}`)).status).toBe(404);
    expect(((await (await api('GET', `/components/${c2.id}`)).json()) as ComponentJson).group_id).toBeNull();
  });

  it('drives the API like a Statuspage client: OAuth header, form-encoded create with status, then a status PATCH', async () => {
    // What statuspage-io clients (Ruby, Python, Go) send: OAuth and component[…] form fields.
    const created = await fetch(`${herald.url}/api/v1/pages/${pageId}/components`, {
      method: 'POST',
      headers: { authorization: `OAuth ${tokens['admin']}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: 'component[name]=Checkout&component[description]=Payments&component[status]=major_outage&component[showcase]=true',
    });
    const component = (await created.json()) as ComponentJson;
    expect([created.status, component.status, component.name]).toEqual([201, 'major_outage', 'Checkout']);
    const patched = await fetch(`${herald.url}/api/v1/pages/${pageId}/components/${component.id}`, {
      method: 'PATCH',
      headers: { authorization: `OAuth ${tokens['admin']}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'component[status]=operational',
    });
    expect(((await patched.json()) as ComponentJson).status).toBe('operational');
    // The public v2 API, which status widgets read, follows.
    const deadline = Date.now() + 10_000;
    let publicStatus = '';
    while (Date.now() < deadline) {
      const v2 = (await (await fetch(`${herald.url}/api/v2/components.json`)).json()) as { components: ComponentJson[] };
      publicStatus = v2.components.find((c) => c.id === component.id)?.status ?? '';
      if (publicStatus === 'operational') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(publicStatus).toBe('operational');
  });

  it('creates incidents the way Statuspage clients do (form, components map), public with incidents:publish', async () => {
    const target = (await (await api('POST', '/components', { json: { component: { name: 'Search' } } })).json()) as ComponentJson;
    const form = [
      'incident[name]=Search+is+slow',
      'incident[status]=identified',
      'incident[body]=We+found+a+bad+index.',
      `incident[component_ids][]=${target.id}`,
      `incident[components][${target.id}]=partial_outage`,
      'incident[deliver_notifications]=false',
      'incident[metadata][jira][issue_id]=OPS-1',
    ].join('&');
    const created = await api('POST', '/incidents', { token: tokens['publisher'], form });
    expect(created.status).toBe(201);
    const incident = (await created.json()) as { id: string; name: string; status: string; impact: string; page_id: string; shortlink: string; incident_updates: { body: string; status: string; affected_components: unknown[] }[]; components: ComponentJson[]; herald: Record<string, unknown> };
    expect(incident).toMatchObject({ name: 'Search is slow', status: 'identified', impact: 'major', page_id: pageId, herald: { kind: 'incident', severity: 'SEV2', visibility: 'public', state: 'active', source: 'api', alerts: [] } });
    expect(incident.incident_updates.map((u) => [u.status, u.body])).toEqual([['identified', 'We found a bad index.']]);
    expect(incident.components.map((c) => [c.id, c.status])).toEqual([[target.id, 'partial_outage']]);
    expect(incident.shortlink).toMatch(new RegExp(`/incidents/${incident.id}$`));
    // The public API shows it.
    const deadline = Date.now() + 10_000;
    let ids: string[] = [];
    while (Date.now() < deadline) {
      ids = ((await (await fetch(`${herald.url}/api/v2/incidents/unresolved.json`)).json()) as { incidents: { id: string }[] }).incidents.map((i) => i.id);
      if (ids.includes(incident.id)) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(ids).toContain(incident.id);
    const unresolved = (await (await api('GET', '/incidents/unresolved', { token: tokens['reader'] })).json()) as { id: string }[];
    expect(unresolved.map((i) => i.id)).toContain(incident.id);
    expect((await api('GET', `/incidents/${incident.id}`, { token: tokens['reader'] })).status).toBe(200);
    expect((await api('GET', '/incidents/nosuchincident', { token: tokens['reader'] })).status).toBe(404);

    // Moving it along: a status and body become a published update with component changes…
    const monitoring = await api('PATCH', `/incidents/${incident.id}`, {
      token: tokens['publisher'],
      form: `incident[status]=monitoring&incident[body]=Index+rebuilt.&incident[components][${target.id}]=degraded_performance&incident[name]=Search+is+slow`,
    });
    const moved = (await monitoring.json()) as typeof incident & { monitoring_at: string | null };
    expect([monitoring.status, moved.status, moved.incident_updates.length, moved.incident_updates[0]?.body, moved.components[0]?.status]).toEqual([200, 'monitoring', 2, 'Index rebuilt.', 'degraded_performance']);
    expect(moved.monitoring_at).not.toBeNull();
    // …resolving needs incidents:publish…
    const notAllowed = await api('PATCH', `/incidents/${incident.id}`, { token: tokens['responder'], json: { incident: { status: 'resolved' } } });
    expect([notAllowed.status, ((await notAllowed.json()) as { error: string }).error]).toEqual([403, expect.stringContaining('"incidents:publish"')]);
    // …a new name goes through the hub's rename…
    const renamed = await api('PATCH', `/incidents/${incident.id}`, { token: tokens['publisher'], json: { incident: { name: 'Search is slow again' } } });
    expect([renamed.status, ((await renamed.json()) as { name: string }).name]).toEqual([200, 'Search is slow again']);
    // …and resolves it, the component back to operational.
    const resolved = (await (await api('PATCH', `/incidents/${incident.id}`, { token: tokens['publisher'], json: { incident: { status: 'resolved', body: 'All good.' } } })).json()) as typeof moved & { resolved_at: string | null };
    expect([resolved.status, resolved.resolved_at !== null, resolved.incident_updates[0]?.body, resolved.components[0]?.status, resolved.herald['state']]).toEqual(['resolved', true, 'All good.', 'operational', 'active']);
  });

  it('keeps an incident internal, its body a draft, for a token without incidents:publish; "public" is then a 403', async () => {
    const created = await api('POST', '/incidents', { token: tokens['responder'], json: { incident: { name: 'Queue backlog', body: 'Jobs are delayed.', severity: 'SEV1' } } });
    expect(created.status).toBe(201);
    const incident = (await created.json()) as { id: string; impact: string; incident_updates: unknown[]; herald: Record<string, unknown> };
    expect(incident).toMatchObject({ impact: 'critical', incident_updates: [], herald: { severity: 'SEV1', visibility: 'internal' } });
    const drafts = await other.db.selectFrom('updates').select(['audience', 'state', 'body']).where('incident_id', '=', incident.id).execute();
    expect(drafts).toEqual([{ audience: 'external', state: 'draft', body: 'Jobs are delayed.' }]);
    const publicIds = ((await (await fetch(`${herald.url}/api/v2/incidents.json`)).json()) as { incidents: { id: string }[] }).incidents.map((i) => i.id);
    expect(publicIds).not.toContain(incident.id);
    const refused = await api('POST', '/incidents', { token: tokens['responder'], json: { incident: { name: 'Loud', visibility: 'public' } } });
    expect([refused.status, ((await refused.json()) as { error: string }).error]).toEqual([403, expect.stringContaining('"incidents:publish"')]);
    const unknown = await api('POST', '/incidents', { token: tokens['responder'], json: { incident: { name: 'Ghost', components: { nosuch: 'major_outage' } } } });
    expect(unknown.status).toBe(404);
    const noName = await api('POST', '/incidents', { token: tokens['responder'], json: { incident: { body: 'x' } } });
    expect([noName.status, ((await noName.json()) as { error: string }).error]).toEqual([422, 'incident.name: Give the incident a title']);
    expect((await api('POST', '/incidents', { token: tokens['reader'], json: { incident: { name: 'x' } } })).status).toBe(403);
    const events = await other.db.selectFrom('timeline_events').select('actor').where('incident_id', '=', incident.id).execute();
    expect(new Set(events.map((e) => e.actor))).toEqual(new Set(['on-call bot']));
  });

  it('audits every change with the token’s name as the actor, and records its last use', async () => {
    const events = await other.db.selectFrom('timeline_events').select(['kind', 'actor', 'actor_id', 'token_id']).where('kind', 'like', 'component%').where('actor', '=', 'terraform').execute();
    expect(events.length).toBeGreaterThan(5);
    expect(new Set(events.map((e) => `${e.actor_id}|${e.token_id === null ? 'none' : 'token'}`))).toEqual(new Set(['null|token']));
    const list = await runHerald(['token', 'list'], env);
    expect(list.output).toMatch(/hrld_[a-z2-7]{8}… +active +terraform +\[read,components:write\] +expires \S+ +last used \S+ from 127\.0\.0\.1/);
  });

  it('limits a token to HERALD_API_RATE_LIMIT requests a rolling minute: then 429 with Retry-After', async () => {
    const busy = await makeToken('busy poller', 'read');
    for (let i = 0; i < RATE_LIMIT; i += 1) expect((await api('GET', '/component-groups', { token: busy })).status).toBe(200);
    const refused = await api('GET', '/component-groups', { token: busy });
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(((await refused.json()) as { error: string }).error).toContain(`at most ${RATE_LIMIT} a minute`);
    // Other tokens are not affected.
    expect((await api('GET', '/component-groups', { token: tokens['reader'] })).status).toBe(200);
  });

  it('describes itself: /api/v1/openapi.json (OpenAPI 3.1) and a readable /docs/api', async () => {
    const openapi = await fetch(`${herald.url}/api/v1/openapi.json`);
    const doc = (await openapi.json()) as { openapi: string; paths: Record<string, unknown> };
    expect([openapi.status, doc.openapi]).toEqual([200, '3.1.0']);
    expect(Object.keys(doc.paths)).toContain('/pages/{page_id}/incidents/{incident_id}');
    const reference = await fetch(`${herald.url}/docs/api`);
    const html = await reference.text();
    expect(reference.status).toBe(200);
    expect(html).toContain('Management API');
    expect(html).toContain(`POST /pages/${pageId}/components`);
    expect(html).toContain('Authorization: OAuth');
  });

  it('revoked tokens stop at once', async () => {
    const doomed = await makeToken('doomed', 'read');
    const prefix = doomed.slice(0, 13);
    expect((await api('GET', '/components', { token: doomed })).status).toBe(200);
    const revoked = await runHerald(['token', 'revoke', '--id', prefix], env);
    expect(revoked.output).toContain('Revoked the token “doomed”');
    expect((await api('GET', '/components', { token: doomed })).status).toBe(401);
  });
});
