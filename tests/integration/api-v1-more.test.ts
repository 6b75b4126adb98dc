import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../../db/client.ts';
import { heraldEnv, type HeraldProcess, ROOT, runHerald, startHerald } from '../support/herald-process.ts';
import { createTestDatabase, type TestDatabase, testDatabaseKinds } from '../support/test-database.ts';

/**
 * The management API (v1), its later parts, against the built server on both
 * databases: the herald object of alert-sourced incidents, editing an incident
 * update, incident templates and the subscriber list, with JSON and form bodies.
 */

const RATE_LIMIT = 120;

beforeAll(() => {
  if (!existsSync(path.join(ROOT, 'dist', 'server', 'entry.mjs'))) {
    throw new Error('These tests run the built server: run "npm run build" first (npm test does).');
  }
});

describe.each(testDatabaseKinds())('management API v1 (more) on %s', (kind) => {
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
    options: { token?: string | null; json?: unknown; form?: string | URLSearchParams; headers?: Record<string, string> } = {},
  ): Promise<Response> => {
    const headers: Record<string, string> = { ...options.headers };
    const token = options.token === undefined ? tokens['admin'] : options.token;
    if (token) headers['authorization'] = `OAuth ${token}`;
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
  const errorOf = async (response: Response): Promise<[number, string]> => [response.status, ((await response.json()) as { error: string }).error];

  beforeAll(async () => {
    database = await createTestDatabase(kind, { migrate: kind === 'postgres' });
    const base = { HERALD_DATA_DIR: database.dataDir, HERALD_DEMO: '0', HERALD_API_RATE_LIMIT: String(RATE_LIMIT) };
    env = heraldEnv(kind === 'postgres' ? { ...base, DATABASE_URL: database.url ?? '' } : base);
    if (kind === 'embedded') await database.handle.close(); // the server opens the embedded database itself
    herald = await startHerald(env);
    other = kind === 'postgres' ? database.handle : await openDatabase({ databaseUrl: null, dataDir: database.dataDir, shareEmbedded: true });
    pageId = ((await (await fetch(`${herald.url}/api/v2/summary.json`)).json()) as { page: { id: string } }).page.id;
    tokens['admin'] = await makeToken('terraform', 'admin');
    tokens['reader'] = await makeToken('dashboard', 'read');
    tokens['publisher'] = await makeToken('statuspage client', 'incidents:write,incidents:publish');
    tokens['responder'] = await makeToken('on-call bot', 'incidents:write');
    tokens['alerts'] = await makeToken('Prometheus', 'alerts:write');
  }, 120_000);

  afterAll(async () => {
    if (kind === 'embedded') await other?.close();
    expect(await herald?.stop()).toBe(0);
    await database?.dispose().catch(() => {});
  });

  it('shows where an alert-sourced incident came from, its triage state and its alerts under herald', async () => {
    const alert = { title: 'Checkout errors', status: 'firing', dedup_key: 'checkout-5xx', severity: 'critical', description: 'p99 above 2 s' };
    const intake = await fetch(`${herald.url}/api/v1/alerts/generic`, { method: 'POST', headers: { authorization: `Bearer ${tokens['alerts']}`, 'content-type': 'application/json' }, body: JSON.stringify(alert) });
    const opened = (await intake.json()) as { incident_id?: string };
    expect(intake.status, JSON.stringify(opened)).toBe(202);
    const id = opened.incident_id ?? '';
    const got = await api('GET', `/incidents/${id}`, { token: tokens['reader'] });
    expect(got.status).toBe(200);
    const incident = (await got.json()) as { name: string; incident_updates: unknown[]; herald: { visibility: string; state: string; source: string; alerts: { fingerprint: string; status: string; name: string; labels: Record<string, string>; starts_at: string; ends_at: string | null }[] } };
    expect(incident).toMatchObject({ name: 'Checkout errors', incident_updates: [], herald: { visibility: 'internal', state: 'triage', source: 'generic' } });
    expect(incident.herald.alerts).toHaveLength(1);
    expect(incident.herald.alerts[0]).toMatchObject({ status: 'firing', name: 'Checkout errors', ends_at: null });
    expect(Object.keys(incident.herald.alerts[0] ?? {})).toEqual(['fingerprint', 'status', 'name', 'labels', 'starts_at', 'ends_at']);
    expect(incident.herald.alerts[0]?.starts_at).toMatch(/^\d{4}-\d\d-\d\dT/);
    // The lists carry the same herald object; a resolved alert says so.
    const resolved = await fetch(`${herald.url}/api/v1/alerts/generic`, { method: 'POST', headers: { authorization: `Bearer ${tokens['alerts']}`, 'content-type': 'application/json' }, body: JSON.stringify({ ...alert, status: 'resolved' }) });
    expect(resolved.status).toBe(202);
    const listed = (await (await api('GET', '/incidents/unresolved', { token: tokens['reader'] })).json()) as (typeof incident & { id: string })[];
    const inList = listed.find((i) => i.id === id);
    expect(inList?.herald).toMatchObject({ state: 'triage', source: 'generic', alerts: [{ status: 'resolved' }] });
    expect(inList?.herald.alerts[0]?.ends_at).not.toBeNull();
    // A hub or API incident: state active, no alerts.
    const declared = (await (await api('POST', '/incidents', { token: tokens['publisher'], json: { incident: { name: 'Slow pages', body: 'Looking.' } } })).json()) as typeof incident;
    expect(declared.herald).toMatchObject({ visibility: 'public', state: 'active', alerts: [] });
  });

  it('edits a draft incident update with JSON and with a form, through the hub’s use case, and never a published one', async () => {
    const created = (await (await api('POST', '/incidents', { token: tokens['responder'], json: { incident: { name: 'Queue backlog', body: 'Jobs are delayed.' } } })).json()) as { id: string };
    const draft = await other.db.selectFrom('updates').select(['id']).where('incident_id', '=', created.id).executeTakeFirstOrThrow();
    const path = `/incidents/${created.id}/incident_updates/${draft.id}`;

    const patched = await api('PATCH', path, { token: tokens['responder'], json: { incident_update: { body: 'Jobs are delayed by about 10 minutes.', display_at: '2026-01-01T00:00:00Z', wants_twitter_update: false } } });
    const update = (await patched.json()) as Record<string, unknown>;
    expect(patched.status, JSON.stringify(update)).toBe(200);
    expect(update).toMatchObject({ id: draft.id, incident_id: created.id, status: 'investigating', body: 'Jobs are delayed by about 10 minutes.', display_at: null, deliver_notifications: true });
    expect(Object.keys(update)).toEqual(['id', 'incident_id', 'status', 'body', 'created_at', 'updated_at', 'display_at', 'affected_components', 'deliver_notifications', 'custom_tweet', 'tweet_id']);

    const put = await api('PUT', path, { token: tokens['responder'], form: 'incident_update[body]=Jobs+are+delayed+by+5+minutes.&incident_update[deliver_notifications]=false' });
    expect([put.status, ((await put.json()) as { body: string; deliver_notifications: boolean }).deliver_notifications]).toEqual([200, false]);
    const stored = await other.db.selectFrom('updates').select(['state', 'audience', 'body']).where('id', '=', draft.id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ state: 'draft', audience: 'external', body: 'Jobs are delayed by 5 minutes.' });
    const edits = await other.db.selectFrom('timeline_events').select(['actor']).where('incident_id', '=', created.id).where('kind', '=', 'update.edited').execute();
    expect(edits.map((e) => e.actor)).toEqual(['on-call bot', 'on-call bot']);

    expect(await errorOf(await api('PATCH', path, { token: tokens['reader'], json: { incident_update: { body: 'x' } } }))).toEqual([403, expect.stringContaining('"incidents:write"')]);
    expect((await api('PATCH', `/incidents/${created.id}/incident_updates/nosuch`, { token: tokens['responder'], json: { incident_update: { body: 'x' } } })).status).toBe(404);
    expect((await api('PATCH', `/incidents/nosuch/incident_updates/${draft.id}`, { token: tokens['responder'], json: { incident_update: { body: 'x' } } })).status).toBe(404);
    expect(await errorOf(await api('PATCH', path, { token: tokens['responder'], json: { incident_update: { body: 5 } } }))).toEqual([422, 'incident_update.body: must be text']);
    expect(await errorOf(await api('PATCH', path, { token: tokens['responder'], json: { incident_update: { body: '  ' } } }))).toEqual([422, 'incident_update.body: Write the update']);
    expect((await api('GET', path, { token: tokens['responder'] })).status).toBe(405);

    // A published update is history: refused, unchanged.
    const published = (await (await api('POST', '/incidents', { token: tokens['publisher'], json: { incident: { name: 'Login errors', body: 'Some sign-ins fail.' } } })).json()) as { id: string; incident_updates: { id: string }[] };
    const publishedPath = `/incidents/${published.id}/incident_updates/${published.incident_updates[0]?.id ?? ''}`;
    expect(await errorOf(await api('PATCH', publishedPath, { token: tokens['publisher'], json: { incident_update: { body: 'Rewritten.' } } }))).toEqual([422, expect.stringContaining('already published')]);
    // Another incident's update is not found under this one.
    expect((await api('PATCH', `/incidents/${published.id}/incident_updates/${draft.id}`, { token: tokens['responder'], json: { incident_update: { body: 'x' } } })).status).toBe(404);
  });

  it('lists and creates incident templates as Herald’s update templates, with JSON and with a form', async () => {
    const created = await api('POST', '/incident_templates', {
      token: tokens['responder'],
      json: { template: { name: 'Database failover', title: 'Database failover', body: 'We are failing over the database for {{components}}.', update_status: 'identified', should_tweet: false, should_send_notifications: true, component_ids: [], group_id: null } },
    });
    const template = (await created.json()) as Record<string, unknown>;
    expect(created.status, JSON.stringify(template)).toBe(201);
    expect(template).toMatchObject({ name: 'Database failover', title: 'Database failover', body: 'We are failing over the database for {{components}}.', update_status: 'identified', group_id: null, components: [], should_tweet: false, should_send_notifications: true });
    expect(Object.keys(template)).toEqual(['id', 'components', 'name', 'title', 'body', 'group_id', 'update_status', 'should_tweet', 'should_send_notifications', 'created_at', 'updated_at']);

    const form = 'template[name]=CDN+trouble&template[title]=CDN&template[body]=Pages+load+slowly.&template[should_tweet]=false&template[component_ids][]=x';
    const fromForm = await api('POST', '/incident_templates', { token: tokens['responder'], form });
    expect([fromForm.status, ((await fromForm.json()) as { update_status: string }).update_status]).toEqual([201, 'investigating']);

    const listed = await api('GET', '/incident_templates', { token: tokens['reader'] });
    expect(listed.status).toBe(200);
    const names = ((await listed.json()) as { name: string }[]).map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['Database failover', 'CDN trouble']));
    const stored = await other.db.selectFrom('update_templates').select(['name', 'status']).where('name', '=', 'Database failover').execute();
    expect(stored).toEqual([{ name: 'Database failover', status: 'identified' }]);
    const audited = await other.db.selectFrom('timeline_events').select('actor').where('kind', '=', 'template.created').execute();
    expect(audited.map((e) => e.actor)).toEqual(['on-call bot', 'on-call bot']);

    expect(await errorOf(await api('POST', '/incident_templates', { token: tokens['reader'], json: { template: { name: 'x', body: 'y' } } }))).toEqual([403, expect.stringContaining('"incidents:write"')]);
    expect((await api('GET', '/incident_templates', { token: tokens['alerts'] })).status).toBe(403);
    expect(await errorOf(await api('POST', '/incident_templates', { token: tokens['responder'], json: { template: { name: 'Database failover', body: 'Again.' } } }))).toEqual([422, expect.stringMatching(/^template\.name: There is already a template/)]);
    expect(await errorOf(await api('POST', '/incident_templates', { token: tokens['responder'], json: { template: { name: 'Odd', body: 'x', update_status: 'sleeping' } } }))).toEqual([422, expect.stringMatching(/^template\.update_status: must be one of investigating/)]);
    expect(await errorOf(await api('POST', '/incident_templates', { token: tokens['responder'], form: 'template[name]=Empty&template[body]=+' }))).toEqual([422, 'template.body: Write the template’s text.']);
    expect((await api('POST', '/incident_templates', { token: tokens['responder'], json: { name: 'x' } })).status).toBe(422);
    expect((await api('DELETE', '/incident_templates', { token: tokens['responder'] })).status).toBe(405);
  });

  it('lists subscribers through the hub’s use case, for a token with subscribers:read only', async () => {
    tokens['subscribers'] = await makeToken('CRM sync', 'subscribers:read');
    const signedUp = await fetch(`${herald.url}/subscribe`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: herald.url }, body: 'email=ada%40example.com', redirect: 'manual' });
    expect(signedUp.status).toBeLessThan(400);
    const listed = await api('GET', '/subscribers', { token: tokens['subscribers'] });
    const subscribers = (await listed.json()) as Record<string, unknown>[];
    expect(listed.status, JSON.stringify(subscribers)).toBe(200);
    expect(subscribers).toHaveLength(1);
    expect(subscribers[0]).toMatchObject({ email: 'ada@example.com', mode: 'email', endpoint: null, skip_confirmation_notification: false, quarantined_at: null, purge_at: null, components: [], herald: { status: 'pending', confirmed_at: null } });
    expect(((await (await api('GET', '/subscribers?q=nobody', { token: tokens['subscribers'] })).json()) as unknown[]).length).toBe(0);
    const audited = await other.db.selectFrom('timeline_events').select('actor').where('kind', '=', 'subscribers.viewed').execute();
    expect(audited.map((e) => e.actor)).toContain('CRM sync');
    expect(await errorOf(await api('GET', '/subscribers', { token: tokens['reader'] }))).toEqual([403, expect.stringContaining('"subscribers:read"')]);
    expect((await api('GET', '/subscribers?page=x', { token: tokens['subscribers'] })).status).toBe(422);
  });

  it('adds subscribers through the sign-up’s double opt-in or the admin import, and removes them as the hub does', async () => {
    tokens['subwriter'] = await makeToken('signup form', 'subscribers:read,subscribers:write');
    const created = await api('POST', '/subscribers', { token: tokens['subwriter'], json: { subscriber: { email: 'grace@example.com', component_ids: [] } } });
    const grace = (await created.json()) as { id: string; herald: { status: string } };
    expect(created.status, JSON.stringify(grace)).toBe(201);
    expect(grace).toMatchObject({ email: 'grace@example.com', mode: 'email', skip_confirmation_notification: false, herald: { status: 'pending' } });
    const queued = await other.db.selectFrom('deliveries').select('kind').where('recipient', '=', 'grace@example.com').execute();
    expect(queued.map((d) => d.kind)).toEqual(['confirmation']);
    const fromForm = await api('POST', '/subscribers', { token: tokens['subwriter'], form: 'subscriber[email]=linus%40example.com&subscriber[skip_confirmation_notification]=false' });
    expect(fromForm.status).toBe(201);

    // subscribers:write is enough to add a confirmed subscriber (the hub's import, admin-only for people)…
    expect(await errorOf(await api('POST', '/subscribers', { token: tokens['subscribers'], json: { subscriber: { email: 'quiet@example.com', skip_confirmation_notification: true } } }))).toEqual([403, expect.stringContaining('"subscribers:write"')]);
    const confirmed = await api('POST', '/subscribers', { token: tokens['subwriter'], json: { subscriber: { email: 'quiet@example.com', skip_confirmation_notification: true } } });
    expect([confirmed.status, ((await confirmed.json()) as { herald: { status: string } }).herald.status]).toEqual([201, 'confirmed']);
    expect(await other.db.selectFrom('deliveries').select('kind').where('recipient', '=', 'quiet@example.com').execute()).toEqual([]);

    // A webhook subscriber: its email is the contact who confirms; nothing is posted before.
    const hook = await api('POST', '/subscribers', { token: tokens['subwriter'], json: { subscriber: { endpoint: 'https://93.184.215.14/hook', email: 'ops@example.com' } } });
    expect([hook.status, await hook.json()]).toEqual([201, expect.objectContaining({ email: 'ops@example.com', mode: 'webhook', endpoint: 'https://93.184.215.14/hook', herald: expect.objectContaining({ status: 'pending' }) })]);
    expect((await other.db.selectFrom('deliveries').select('kind').where('recipient', '=', 'ops@example.com').execute()).map((d) => d.kind)).toEqual(['confirmation']);
    expect(await other.db.selectFrom('webhook_endpoints').select('id').where('url', '=', 'https://93.184.215.14/hook').execute()).toEqual([]);
    expect(await errorOf(await api('POST', '/subscribers', { token: tokens['subwriter'], json: { subscriber: { endpoint: 'http://127.0.0.1/hook', email: 'ops2@example.com' } } }))).toEqual([422, expect.stringMatching(/^subscriber\.endpoint: 127\.0\.0\.1 is a loopback, private, link-local or metadata address/)]);
    expect(await errorOf(await api('POST', '/subscribers', { token: tokens['subwriter'], json: { subscriber: { endpoint: 'https://93.184.215.14/hook' } } }))).toEqual([422, expect.stringMatching(/^subscriber\.email: is required/)]);
    expect((await api('POST', '/subscribers', { token: tokens['subwriter'], json: { subscriber: { email: 'x@example.com', component_ids: ['nosuch'] } } })).status).toBe(404);
    expect(await errorOf(await api('POST', '/subscribers', { token: tokens['subwriter'], form: 'subscriber[email]=not-an-address' }))).toEqual([422, expect.stringMatching(/^subscriber\.email: /)]);
    expect((await api('POST', '/subscribers', { token: tokens['subscribers'] ?? tokens['reader'], json: { subscriber: { email: 'y@example.com' } } })).status).toBe(403);

    // …and to remove one; a token that only reads them may not.
    expect(await errorOf(await api('DELETE', `/subscribers/${grace.id}`, { token: tokens['subscribers'] }))).toEqual([403, expect.stringContaining('"subscribers:write"')]);
    const removed = await api('DELETE', `/subscribers/${grace.id}`, { token: tokens['subwriter'] });
    expect([removed.status, ((await removed.json()) as { email: string }).email]).toEqual([200, 'grace@example.com']);
    expect((await api('DELETE', `/subscribers/${grace.id}`, { token: tokens['admin'] })).status).toBe(404);
  });
});
