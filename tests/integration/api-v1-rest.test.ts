import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../../db/client.ts';
import { heraldEnv, type HeraldProcess, ROOT, runHerald, startHerald, waitFor } from '../support/herald-process.ts';
import { createTestDatabase, type TestDatabase, testDatabaseKinds } from '../support/test-database.ts';

/**
 * The management API (v1), the rest of Statuspage's incident endpoints, against
 * the built server on both databases: deleting an incident, scheduled
 * maintenance through the incidents endpoints, metadata, backfilled incidents and
 * renaming — with JSON and form bodies and the OAuth header, as Statuspage
 * clients send them. The server's clock starts at a fixed instant.
 */

const CLOCK_START = '2026-11-29T10:00:00Z';
const DAY = 86_400_000;
const at = (ms: number): string => new Date(Date.parse(CLOCK_START) + ms).toISOString();

interface IncidentJson {
  id: string;
  name: string;
  status: string;
  impact: string;
  created_at: string;
  resolved_at: string | null;
  scheduled_for: string | null;
  scheduled_until: string | null;
  scheduled_auto_in_progress: boolean;
  scheduled_auto_completed: boolean;
  metadata: Record<string, unknown>;
  backfilled: boolean;
  incident_updates: { status: string; body: string; deliver_notifications: boolean }[];
  components: { id: string; status: string }[];
  herald: { kind: string; visibility: string; state: string };
}

beforeAll(() => {
  if (!existsSync(path.join(ROOT, 'dist', 'server', 'entry.mjs'))) {
    throw new Error('These tests run the built server: run "npm run build" first (npm test does).');
  }
});

describe.each(testDatabaseKinds())('management API v1 (delete, maintenance, metadata, backfill, rename) on %s', (kind) => {
  let database: TestDatabase;
  let herald: HeraldProcess;
  let env: NodeJS.ProcessEnv;
  let other: DatabaseHandle;
  let pageId = '';
  const tokens: Record<string, string> = {};

  const makeToken = async (name: string, scopes: string): Promise<string> => {
    const result = await runHerald(['token', 'create', '--name', name, '--scopes', scopes, '--expires-in', '30d'], env);
    expect(result.code, result.output).toBe(0);
    return result.output.trim().split('\n').at(-1) ?? '';
  };

  const api = (method: string, route: string, options: { token?: string; json?: unknown; form?: string } = {}): Promise<Response> => {
    const headers: Record<string, string> = { authorization: `OAuth ${options.token ?? tokens['admin']}` };
    let body: string | undefined;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.form !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = options.form;
    }
    return fetch(`${herald.url}/api/v1/pages/${pageId}${route}`, { method, headers, body });
  };
  const errorOf = async (response: Response): Promise<[number, string]> => [response.status, ((await response.json()) as { error: string }).error];
  const incidentOf = async (response: Response, status = 200): Promise<IncidentJson> => {
    const body = (await response.json()) as IncidentJson;
    expect(response.status, JSON.stringify(body)).toBe(status);
    return body;
  };
  const componentStatus = async (id: string): Promise<string> => ((await (await api('GET', `/components/${id}`)).json()) as { status: string }).status;
  const publicIncidents = async (): Promise<{ id: string; name: string }[]> =>
    ((await (await fetch(`${herald.url}/api/v2/incidents.json`)).json()) as { incidents: { id: string; name: string }[] }).incidents;
  // The public snapshot is rebuilt just after the commit: wait for it to show what is expected.
  const publicShows = (check: (incidents: { id: string; name: string }[]) => boolean): Promise<boolean> => waitFor(async () => check(await publicIncidents()), 10_000);
  const newComponent = async (name: string): Promise<string> => ((await (await api('POST', '/components', { json: { component: { name } } })).json()) as { id: string }).id;

  beforeAll(async () => {
    database = await createTestDatabase(kind, { migrate: kind === 'postgres' });
    const base = { HERALD_DATA_DIR: database.dataDir, HERALD_DEMO: '0', HERALD_API_RATE_LIMIT: '1000', HERALD_CLOCK_START: CLOCK_START };
    env = heraldEnv(kind === 'postgres' ? { ...base, DATABASE_URL: database.url ?? '' } : base);
    if (kind === 'embedded') await database.handle.close(); // the server opens the embedded database itself
    herald = await startHerald(env);
    other = kind === 'postgres' ? database.handle : await openDatabase({ databaseUrl: null, dataDir: database.dataDir, shareEmbedded: true });
    pageId = ((await (await fetch(`${herald.url}/api/v2/summary.json`)).json()) as { page: { id: string } }).page.id;
    tokens['admin'] = await makeToken('terraform', 'admin');
    tokens['publisher'] = await makeToken('statuspage client', 'incidents:write,incidents:publish');
    tokens['responder'] = await makeToken('on-call bot', 'incidents:write');
    tokens['maintainer'] = await makeToken('change calendar', 'maintenance:write');
  }, 120_000);

  afterAll(async () => {
    if (kind === 'embedded') await other?.close();
    expect(await herald?.stop()).toBe(0);
    await database?.dispose().catch(() => {});
  });

  it('deletes a public incident with incidents:publish, answering it as it was; its component recovers and the page forgets it', async () => {
    const search = await newComponent('Search');
    const created = await incidentOf(
      await api('POST', '/incidents', { token: tokens['publisher'], form: `incident[name]=Search+down&incident[body]=Looking.&incident[component_ids][]=${search}&incident[components][${search}]=major_outage` }),
      201,
    );
    expect(await componentStatus(search)).toBe('major_outage');
    expect(await publicShows((list) => list.some((i) => i.id === created.id))).toBe(true);

    // incidents:write alone may not delete what the public has seen.
    expect(await errorOf(await api('DELETE', `/incidents/${created.id}`, { token: tokens['responder'] }))).toEqual([403, expect.stringContaining('"incidents:publish"')]);
    expect((await api('GET', `/incidents/${created.id}`)).status).toBe(200);

    const deleted = await incidentOf(await api('DELETE', `/incidents/${created.id}`, { token: tokens['publisher'] }));
    expect(deleted).toMatchObject({ id: created.id, name: 'Search down', status: 'investigating', incident_updates: [{ body: 'Looking.' }] });
    expect((await api('GET', `/incidents/${created.id}`)).status).toBe(404);
    expect((await api('DELETE', `/incidents/${created.id}`, { token: tokens['publisher'] })).status).toBe(404);
    expect(await componentStatus(search)).toBe('operational');
    expect(await publicShows((list) => !list.some((i) => i.id === created.id))).toBe(true);
    expect(await other.db.selectFrom('updates').select('id').where('incident_id', '=', created.id).execute()).toEqual([]);
    const audit = await other.db.selectFrom('timeline_events').select(['actor', 'details']).where('kind', '=', 'incident.deleted').execute();
    expect(audit).toEqual([{ actor: 'statuspage client', details: expect.objectContaining({ incidentId: created.id, title: 'Search down', public: true }) }]);
  });

  it('lets incidents:write delete an internal incident, and refuses a scheduled maintenance', async () => {
    const internal = await incidentOf(await api('POST', '/incidents', { token: tokens['responder'], json: { incident: { name: 'Quiet one', body: 'Draft.' } } }), 201);
    expect(internal.herald.visibility).toBe('internal');
    expect((await api('DELETE', `/incidents/${internal.id}`, { token: tokens['responder'] })).status).toBe(200);
    expect((await api('GET', `/incidents/${internal.id}`)).status).toBe(404);
    expect((await api('DELETE', '/incidents/nosuchincident', { token: tokens['responder'] })).status).toBe(404);
  });

  it('schedules, edits, starts, verifies and completes a maintenance through the incidents endpoints', async () => {
    const db = await newComponent('Database');
    expect(await errorOf(await api('POST', '/incidents', { token: tokens['responder'], json: { incident: { name: 'Upgrade', scheduled_for: at(2 * DAY), scheduled_until: at(2 * DAY + 3_600_000), component_ids: [db] } } }))).toEqual([
      403,
      expect.stringContaining('"maintenance:write"'),
    ]);
    expect(await errorOf(await api('POST', '/incidents', { token: tokens['maintainer'], json: { incident: { name: 'Upgrade', scheduled_for: at(2 * DAY), component_ids: [db] } } }))).toEqual([
      422,
      'incident.scheduled_until: is required for a scheduled maintenance',
    ]);
    expect(await errorOf(await api('POST', '/incidents', { token: tokens['maintainer'], json: { incident: { name: 'Upgrade', scheduled_for: at(-DAY), scheduled_until: at(DAY), component_ids: [db] } } }))).toEqual([
      422,
      'incident.scheduled_for: The start must be in the future.',
    ]);
    expect(await errorOf(await api('POST', '/incidents', { token: tokens['maintainer'], json: { incident: { name: 'Upgrade', scheduled_for: at(DAY), scheduled_until: at(DAY / 2), component_ids: [db] } } }))).toEqual([
      422,
      'incident.scheduled_until: The end must be after the start.',
    ]);

    const form = [
      'incident[name]=Database+upgrade',
      'incident[status]=scheduled',
      `incident[scheduled_for]=${encodeURIComponent(at(2 * DAY))}`,
      `incident[scheduled_until]=${encodeURIComponent(at(2 * DAY + 3_600_000))}`,
      'incident[scheduled_auto_in_progress]=false',
      'incident[scheduled_auto_completed]=false',
      `incident[component_ids][]=${db}`,
      'incident[body]=We+will+upgrade+the+database.',
    ].join('&');
    const scheduled = await incidentOf(await api('POST', '/incidents', { token: tokens['maintainer'], form }), 201);
    expect(scheduled).toMatchObject({
      name: 'Database upgrade',
      status: 'scheduled',
      scheduled_for: at(2 * DAY),
      scheduled_until: at(2 * DAY + 3_600_000),
      scheduled_auto_in_progress: false,
      scheduled_auto_completed: false,
      components: [{ id: db }],
      incident_updates: [{ status: 'scheduled', body: 'We will upgrade the database.' }],
      herald: { kind: 'maintenance' },
    });
    const ids = async (route: string): Promise<string[]> => ((await (await api('GET', route, { token: tokens['maintainer'] })).json()) as { id: string }[]).map((i) => i.id);
    expect(await ids('/incidents/scheduled')).toContain(scheduled.id);
    expect(await ids('/incidents/upcoming')).toContain(scheduled.id);
    expect(await ids('/incidents/active_maintenance')).not.toContain(scheduled.id);

    // Edit the window (JSON): a new name and end (a reschedule, which tells subscribers); the announcement stays.
    const edited = await incidentOf(await api('PATCH', `/incidents/${scheduled.id}`, { token: tokens['maintainer'], json: { incident: { name: 'Database 17 upgrade', scheduled_until: at(2 * DAY + 7_200_000) } } }));
    expect([edited.name, edited.scheduled_until, edited.status]).toEqual(['Database 17 upgrade', at(2 * DAY + 7_200_000), 'scheduled']);
    expect(await errorOf(await api('PATCH', `/incidents/${scheduled.id}`, { token: tokens['maintainer'], json: { incident: { status: 'verifying' } } }))).toEqual([
      422,
      expect.stringContaining('has not started yet'),
    ]);
    expect(await errorOf(await api('PATCH', `/incidents/${scheduled.id}`, { token: tokens['maintainer'], json: { incident: { status: 'resolved' } } }))).toEqual([
      422,
      expect.stringContaining("a scheduled maintenance's status is one of"),
    ]);

    // Start it early (form), then verifying with a body, then complete it.
    const started = await incidentOf(await api('PATCH', `/incidents/${scheduled.id}`, { token: tokens['maintainer'], form: 'incident[status]=in_progress&incident[body]=Starting+now.' }));
    expect([started.status, started.incident_updates[0]?.body]).toEqual(['in_progress', 'Starting now.']);
    expect(await componentStatus(db)).toBe('under_maintenance');
    expect(await ids('/incidents/active_maintenance')).toContain(scheduled.id);
    expect(await ids('/incidents/upcoming')).not.toContain(scheduled.id);
    // A whole object sent back, as Terraform does: the unchanged window is no edit.
    const whole = { name: 'Database 17 upgrade', scheduled_for: at(2 * DAY), scheduled_until: at(2 * DAY + 7_200_000), component_ids: [db], scheduled_auto_in_progress: false, scheduled_auto_completed: false };
    const verifying = await incidentOf(await api('PATCH', `/incidents/${scheduled.id}`, { token: tokens['maintainer'], json: { incident: { ...whole, status: 'verifying', body: 'Checking replicas.' } } }));
    expect([verifying.status, verifying.incident_updates[0]?.body]).toEqual(['verifying', 'Checking replicas.']);
    const completed = await incidentOf(await api('PATCH', `/incidents/${scheduled.id}`, { token: tokens['maintainer'], json: { incident: { status: 'completed' } } }));
    expect([completed.status, completed.resolved_at !== null]).toEqual(['completed', true]);
    expect(await componentStatus(db)).toBe('operational');
    expect(await ids('/incidents/active_maintenance')).not.toContain(scheduled.id);

    // Completing one that never started calls it off.
    const later = await incidentOf(
      await api('POST', '/incidents', { token: tokens['maintainer'], json: { incident: { name: 'Network work', scheduled_for: at(5 * DAY), scheduled_until: at(5 * DAY + 3_600_000), component_ids: [db] } } }),
      201,
    );
    const called = await incidentOf(await api('PATCH', `/incidents/${later.id}`, { token: tokens['maintainer'], json: { incident: { status: 'completed', body: 'No longer needed.' } } }));
    expect([called.status, called.incident_updates[0]?.body]).toEqual(['cancelled', 'No longer needed.']);
    expect(await errorOf(await api('DELETE', `/incidents/${later.id}`))).toEqual([422, expect.stringContaining('cancel it with PATCH')]);
    const audit = await other.db.selectFrom('timeline_events').select('kind').where('maintenance_id', '=', scheduled.id).where('actor', '=', 'change calendar').orderBy('id').execute();
    expect(audit.map((e) => e.kind)).toEqual(['maintenance.scheduled', 'maintenance.edited', 'maintenance.rescheduled', 'maintenance.started', 'maintenance.updated', 'maintenance.completed']);
  });

  it('stores metadata (JSON or form) and returns it; refuses one too large or not an object', async () => {
    const metadata = { jira: { issue: 'OPS-12', labels: ['db'] }, pager: 42 };
    const created = await incidentOf(await api('POST', '/incidents', { token: tokens['responder'], json: { incident: { name: 'Tagged', metadata } } }), 201);
    expect(created.metadata).toEqual(metadata);
    const fromForm = await incidentOf(await api('POST', '/incidents', { token: tokens['responder'], form: 'incident[name]=Form+tagged&incident[metadata][jira][issue]=OPS-13' }), 201);
    expect(fromForm.metadata).toEqual({ jira: { issue: 'OPS-13' } });
    const replaced = await incidentOf(await api('PATCH', `/incidents/${created.id}`, { token: tokens['responder'], json: { incident: { metadata: { jira: { issue: 'OPS-14' } } } } }));
    expect(replaced.metadata).toEqual({ jira: { issue: 'OPS-14' } });
    expect((await incidentOf(await api('GET', `/incidents/${created.id}`))).metadata).toEqual({ jira: { issue: 'OPS-14' } });
    expect(await errorOf(await api('POST', '/incidents', { token: tokens['responder'], json: { incident: { name: 'Big', metadata: { blob: 'x'.repeat(17_000) } } } }))).toEqual([
      422,
      'incident.metadata: must be at most 16384 bytes as JSON',
    ]);
    expect(await errorOf(await api('PATCH', `/incidents/${created.id}`, { token: tokens['responder'], json: { incident: { metadata: ['a'] } } }))).toEqual([422, 'incident.metadata: must be a JSON object']);
  });

  it('creates a backfilled incident resolved in the past, with no notification, and refuses one in the future', async () => {
    const backfilled = await incidentOf(
      await api('POST', '/incidents', { token: tokens['publisher'], form: 'incident[name]=Old+outage&incident[backfilled]=true&incident[backfill_date]=2026-11-02&incident[body]=It+happened.&incident[impact_override]=major' }),
      201,
    );
    expect(backfilled).toMatchObject({ name: 'Old outage', status: 'resolved', impact: 'major', backfilled: true, created_at: '2026-11-02T00:00:00.000Z', resolved_at: '2026-11-02T00:00:00.000Z' });
    expect(backfilled.incident_updates).toMatchObject([{ status: 'resolved', body: 'It happened.', deliver_notifications: false }]);
    const updates = await other.db.selectFrom('updates').select('id').where('incident_id', '=', backfilled.id).execute();
    expect(await other.db.selectFrom('notifications').select('id').where('update_id', 'in', updates.map((u) => u.id)).execute()).toEqual([]);
    expect(await publicShows((list) => list.some((i) => i.id === backfilled.id))).toBe(true);
    expect(await errorOf(await api('POST', '/incidents', { token: tokens['publisher'], json: { incident: { name: 'Future', backfilled: true, backfill_date: at(DAY) } } }))).toEqual([
      422,
      'incident.backfill_date: must be in the past: a backfilled incident is already over',
    ]);
    expect(await errorOf(await api('POST', '/incidents', { token: tokens['publisher'], json: { incident: { name: 'Odd', backfilled: true, backfill_date: 'last week' } } }))).toEqual([
      422,
      expect.stringMatching(/^incident\.backfill_date: must be a date/),
    ]);
    expect(await errorOf(await api('POST', '/incidents', { token: tokens['responder'], json: { incident: { name: 'Old', backfilled: true, backfill_date: '2026-11-01' } } }))).toEqual([
      403,
      expect.stringContaining('"incidents:publish"'),
    ]);
  });

  it('renames an incident through the hub’s use case, on its timeline with the token as actor', async () => {
    const created = await incidentOf(await api('POST', '/incidents', { token: tokens['publisher'], json: { incident: { name: 'Slow logins', body: 'Looking.' } } }), 201);
    const renamed = await incidentOf(await api('PATCH', `/incidents/${created.id}`, { token: tokens['responder'], form: 'incident[name]=Slow+sign-ins' }));
    expect(renamed.name).toBe('Slow sign-ins');
    expect(await publicShows((list) => list.find((i) => i.id === created.id)?.name === 'Slow sign-ins')).toBe(true);
    const events = await other.db.selectFrom('timeline_events').select(['actor', 'details']).where('incident_id', '=', created.id).where('kind', '=', 'incident.renamed').execute();
    expect(events).toEqual([{ actor: 'on-call bot', details: { from: 'Slow logins', to: 'Slow sign-ins', public: true } }]);
    expect(await errorOf(await api('PATCH', `/incidents/${created.id}`, { token: tokens['responder'], json: { incident: { name: '  ' } } }))).toEqual([422, 'incident.name: Give the incident a title']);
    expect(await errorOf(await api('PATCH', `/incidents/${created.id}`, { token: tokens['maintainer'], json: { incident: { name: 'Other' } } }))).toEqual([403, expect.stringContaining('"incidents:write"')]);
  });
});
