import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, type Db, openDatabase } from '../../db/client.ts';
import { findCadenceTargets } from '../../db/queries/cadence-targets.ts';
import { insertComponent } from '../../db/queries/components.ts';
import { findIncidentDetail, listOpenIncidentSummaries, listPendingUpdates, listRecentIncidents } from '../../db/queries/incident-admin.ts';
import { upsertPageSettings } from '../../db/queries/page.ts';
import { insertStatusInterval } from '../../db/queries/status-intervals.ts';
import { listDueUpdateIds } from '../../db/queries/updates.ts';
import { listActiveUsers } from '../../db/queries/users-directory.ts';
import { type Actor, ForbiddenError } from '../../src/auth/permissions.ts';
import { setComponentStatus } from '../../src/catalog/set-component-status.ts';
import { loadConfig } from '../../src/config.ts';
import type { Result } from '../../src/domain/result.ts';
import type { ComponentStatus, Role } from '../../src/domain/types.ts';
import { addNote } from '../../src/incidents/add-note.ts';
import { assignRoles } from '../../src/incidents/assign-roles.ts';
import { cadenceStatus } from '../../src/incidents/cadence.ts';
import { cancelUpdate } from '../../src/incidents/cancel-update.ts';
import { changeSeverity } from '../../src/incidents/change-severity.ts';
import { declareIncident } from '../../src/incidents/declare-incident.ts';
import { publishDueUpdate } from '../../src/incidents/publish-update.ts';
import { resolveIncident } from '../../src/incidents/resolve-incident.ts';
import { saveUpdate } from '../../src/incidents/save-update.ts';
import { updateCadenceTargets } from '../../src/incidents/update-cadence-targets.ts';
import type { Services } from '../../src/services.ts';
import { loadSnapshot } from '../../src/status/load-snapshot.ts';
import { createTestDatabase, type TestDatabase, testDatabaseKinds } from '../support/test-database.ts';
import { createMailer } from '../../src/mail/create-mailer.ts';

const MINUTE = 60_000;
const START = new Date('2026-11-27T12:00:00.000Z');

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`Expected success, got ${JSON.stringify(result.errors)}`);
  return result.value;
}

describe.each(testDatabaseKinds())('running an incident on %s', (kind) => {
  let target: TestDatabase;
  let db: Db;
  let clock: Date;
  let services: Services;
  let refreshes: number;
  const scheduled: { updateId: string; at: Date }[] = [];
  const people: Record<Role, Actor> = {} as Record<Role, Actor>;
  let expert: Actor;

  const tick = (minutes = 1): Date => {
    clock = new Date(clock.getTime() + minutes * MINUTE);
    return clock;
  };

  const snapshot = () => loadSnapshot(db, { now: clock, publicUrl: 'https://status.example.com' });

  async function makeComponents(...names: string[]): Promise<string[]> {
    const ids: string[] = [];
    for (const name of names) {
      const createdAt = new Date(START.getTime() - 24 * 60 * MINUTE);
      const id = await insertComponent(db, { groupId: null, name: `${name} ${ids.length}-${Math.random().toString(36).slice(2, 6)}`, position: 0, createdAt });
      await insertStatusInterval(db, { componentId: id, status: 'operational', startedAt: createdAt });
      ids.push(id);
    }
    return ids;
  }

  async function componentStatus(id: string): Promise<ComponentStatus> {
    const row = await db.selectFrom('components').select('status').where('id', '=', id).executeTakeFirstOrThrow();
    return row.status as ComponentStatus;
  }

  const TABLES = [
    'incidents',
    'incident_components',
    'incident_roles',
    'updates',
    'update_components',
    'timeline_events',
    'component_status_intervals',
  ] as const;

  async function counts(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const table of TABLES) {
      const row = await db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
      out[table] = Number(row.n);
    }
    return out;
  }

  const declareInput = (componentIds: string[], overrides: Record<string, unknown> = {}, update: Record<string, unknown> = {}) => ({
    title: 'Elevated API errors',
    severity: 'SEV1',
    impact: 'major',
    components: componentIds.map((componentId, i) => ({ componentId, status: i === 0 ? 'major_outage' : 'degraded_performance' })),
    update: { audience: 'external', body: 'We are investigating errors on the API.', action: 'publish', notify: true, ...update },
    ...overrides,
  });

  beforeAll(async () => {
    target = await createTestDatabase(kind);
    db = target.handle.db;
    clock = START;
    refreshes = 0;
    const config = loadConfig({ HERALD_DATA_DIR: target.dataDir });
    services = {
      db,
      config,
      mailer: createMailer(config),
      now: () => clock,
      refreshSnapshot: () => {
        refreshes += 1;
      },
      jobs: {
        schedulePublish: async (updateId, at) => {
          scheduled.push({ updateId, at });
        },
        scheduleMaintenance: async () => {},
      },
    };
    await upsertPageSettings(db, { name: 'Acme Cloud', description: '' }, clock);
    for (const role of ['admin', 'comms', 'responder', 'viewer', 'expert'] as const) {
      const id = `user-${role}`;
      const name = `${role[0]!.toUpperCase()}${role.slice(1)} Person`;
      await db
        .insertInto('users')
        .values({ id, email: `${role}@example.com`, name, role: role === 'expert' ? 'responder' : role, password_hash: 'x' })
        .execute();
      if (role === 'expert') expert = { id, name, role: 'responder' };
      else people[role] = { id, name, role };
    }
  });

  afterAll(async () => {
    await target?.dispose();
  });

  it('declares a public SEV1: the incident, its components and its first update reach the snapshot', async () => {
    const [api, webhooks] = await makeComponents('API', 'Webhooks');
    tick();
    const before = refreshes;
    const { incidentId, updateId } = value(
      await declareIncident(
        services,
        people.comms,
        declareInput([api!, webhooks!], { commanderId: people.admin.id, commsLeadId: people.comms.id, expertIds: [expert.id] }),
      ),
    );
    expect(refreshes).toBe(before + 1);

    const page = await snapshot();
    const incident = page.incidents.find((i) => i.id === incidentId);
    expect(incident).toMatchObject({ title: 'Elevated API errors', status: 'investigating', startedAt: clock.toISOString() });
    expect(incident!.updates).toHaveLength(1);
    expect(incident!.updates[0]).toMatchObject({ id: updateId, body: 'We are investigating errors on the API.', publishedAt: clock.toISOString() });
    expect(incident!.updates[0]!.componentChanges.map((c) => [c.componentId, c.oldStatus, c.newStatus]).sort()).toEqual(
      [
        [api, 'operational', 'major_outage'],
        [webhooks, 'operational', 'degraded_performance'],
      ].sort(),
    );
    expect(page.components.find((c) => c.id === api)?.status).toBe('major_outage');
    expect(page.components.find((c) => c.id === webhooks)?.status).toBe('degraded_performance');

    const intervals = await db.selectFrom('component_status_intervals').selectAll().where('component_id', '=', api!).orderBy('started_at').execute();
    expect(intervals.map((i) => [i.status, i.ended_at?.toISOString() ?? null])).toEqual([
      ['operational', clock.toISOString()],
      ['major_outage', null],
    ]);

    const detail = (await findIncidentDetail(db, incidentId))!;
    expect(detail).toMatchObject({
      isPublic: true,
      severity: 'SEV1',
      lastExternalUpdateAt: clock,
      declaredBy: { id: people.comms.id, name: 'Comms Person' },
      roles: {
        commander: { id: people.admin.id, name: 'Admin Person' },
        commsLead: { id: people.comms.id, name: 'Comms Person' },
        experts: [{ id: expert.id, name: 'Expert Person' }],
      },
    });
    expect(detail.updates[0]).toMatchObject({ state: 'published', author: { name: 'Comms Person' }, publishedBy: { name: 'Comms Person' }, deliverNotifications: true });
    expect(detail.timeline.map((e) => [e.kind, e.actorName, e.actorId])).toEqual([
      ['incident.declared', 'Comms Person', people.comms.id],
      ['incident.role_assigned', 'Comms Person', people.comms.id],
      ['incident.role_assigned', 'Comms Person', people.comms.id],
      ['incident.role_assigned', 'Comms Person', people.comms.id],
      ['update.published', 'Comms Person', people.comms.id],
    ]);
  });

  it('declares an internal-only incident: not in the snapshot, components unchanged', async () => {
    const [db1] = await makeComponents('Database');
    tick();
    const { incidentId } = value(
      await declareIncident(services, people.responder, declareInput([db1!], {}, { audience: 'internal', body: 'Replica lag, watching it.', action: 'publish' })),
    );
    const page = await snapshot();
    expect(page.incidents.some((i) => i.id === incidentId)).toBe(false);
    expect(JSON.stringify(page)).not.toContain('Replica lag');
    expect(await componentStatus(db1!)).toBe('operational');
    const detail = (await findIncidentDetail(db, incidentId))!;
    expect(detail).toMatchObject({ isPublic: false, lastExternalUpdateAt: null, status: 'investigating' });
    expect(detail.components).toEqual([expect.objectContaining({ id: db1, incidentStatus: 'major_outage', currentStatus: 'operational' })]);
    expect(detail.updates[0]).toMatchObject({ audience: 'internal', state: 'published', componentChanges: [] });

    // Internal updates move the status of an incident that is not public yet.
    tick();
    value(await saveUpdate(services, people.responder, { incidentId, audience: 'internal', status: 'identified', body: 'Found the slow query.', action: 'publish' }));
    expect((await findIncidentDetail(db, incidentId))!).toMatchObject({ status: 'identified', identifiedAt: clock });
    expect(await componentStatus(db1!)).toBe('operational');
  });

  it('lets a responder draft an external update but not publish it; comms publishes the draft', async () => {
    const [cdn] = await makeComponents('CDN');
    tick();
    const before = await counts();
    await expect(declareIncident(services, people.responder, declareInput([cdn!]))).rejects.toBeInstanceOf(ForbiddenError);
    expect(await counts()).toEqual(before);

    const { incidentId, updateId } = value(await declareIncident(services, people.responder, declareInput([cdn!], {}, { action: 'draft' })));
    expect((await snapshot()).incidents.some((i) => i.id === incidentId)).toBe(false);
    expect(await componentStatus(cdn!)).toBe('operational');
    await expect(
      saveUpdate(services, people.responder, { updateId, incidentId, audience: 'external', status: 'investigating', body: 'x', action: 'publish' }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      saveUpdate(services, people.responder, {
        incidentId,
        audience: 'external',
        status: 'investigating',
        body: 'x',
        action: 'schedule',
        scheduledFor: new Date(clock.getTime() + 10 * MINUTE).toISOString(),
      }),
    ).rejects.toBeInstanceOf(ForbiddenError);

    const pending = await listPendingUpdates(db);
    expect(pending.find((u) => u.id === updateId)).toMatchObject({ state: 'draft', audience: 'external', incidentTitle: 'Elevated API errors', authorName: 'Responder Person' });

    // Someone moves the component by hand before comms publishes: old_status is what it was then.
    tick();
    await setComponentStatus(db, cdn!, 'partial_outage', clock);
    tick();
    const saved = value(
      await saveUpdate(services, people.comms, {
        updateId,
        incidentId,
        audience: 'external',
        status: 'investigating',
        body: 'We are investigating slow downloads.',
        components: [{ componentId: cdn, status: 'major_outage' }],
        action: 'publish',
      }),
    );
    expect(saved).toEqual({ updateId, state: 'published' });
    const page = await snapshot();
    const incident = page.incidents.find((i) => i.id === incidentId)!;
    expect(incident.updates[0]!.componentChanges).toEqual([expect.objectContaining({ componentId: cdn, oldStatus: 'partial_outage', newStatus: 'major_outage' })]);
    expect(await componentStatus(cdn!)).toBe('major_outage');
    const detail = (await findIncidentDetail(db, incidentId))!;
    expect(detail.updates[0]).toMatchObject({ author: { name: 'Responder Person' }, publishedBy: { name: 'Comms Person' } });
    expect(detail.timeline.map((e) => [e.kind, e.actorName])).toEqual([
      ['incident.declared', 'Responder Person'],
      ['update.drafted', 'Responder Person'],
      ['update.published', 'Comms Person'],
    ]);

    // Published updates are history.
    const edit = await saveUpdate(services, people.comms, { updateId, incidentId, audience: 'external', status: 'identified', body: 'Changed', action: 'draft' });
    expect(edit.ok === false && edit.errors['_form']).toMatch(/already published/);
  });

  it('lets a viewer do nothing', async () => {
    const [c] = await makeComponents('Viewer');
    const { incidentId, updateId } = value(await declareIncident(services, people.comms, declareInput([c!], {}, { action: 'draft' })));
    const before = await counts();
    const viewer = people.viewer;
    const attempts = [
      declareIncident(services, viewer, declareInput([c!], {}, { action: 'draft' })),
      declareIncident(services, viewer, { title: '' }),
      saveUpdate(services, viewer, { incidentId, audience: 'internal', status: 'investigating', body: 'x', action: 'draft' }),
      saveUpdate(services, viewer, { incidentId, audience: 'external', status: 'investigating', body: 'x', action: 'draft' }),
      cancelUpdate(services, viewer, { updateId }),
      resolveIncident(services, viewer, { incidentId, body: 'Fixed' }),
      changeSeverity(services, viewer, { incidentId, severity: 'SEV3' }),
      assignRoles(services, viewer, { incidentId, commanderId: viewer.id }),
      addNote(services, viewer, { incidentId, body: 'Looking' }),
      updateCadenceTargets(services, viewer, { SEV1: 5, SEV2: 10, SEV3: '' }),
      publishDueUpdate(services, updateId), // no actor: does nothing, the update is a draft
    ];
    const results = await Promise.allSettled(attempts);
    for (const result of results.slice(0, -1)) {
      expect(result.status).toBe('rejected');
      expect((result as PromiseRejectedResult).reason).toBeInstanceOf(ForbiddenError);
    }
    expect(results.at(-1)).toEqual({ status: 'fulfilled', value: false });
    expect(await counts()).toEqual(before);
  });

  it('never shows internal updates in public output', async () => {
    const [c] = await makeComponents('Search');
    tick();
    const { incidentId } = value(await declareIncident(services, people.comms, declareInput([c!])));
    tick();
    const secret = 'Internal only: customer Foo is the trigger, do not share';
    value(await saveUpdate(services, people.responder, { incidentId, audience: 'internal', status: 'monitoring', body: secret, action: 'publish' }));
    tick();
    value(await saveUpdate(services, people.comms, { incidentId, audience: 'external', status: 'identified', body: `Draft: ${secret}`, action: 'draft' }));
    const page = await snapshot();
    expect(JSON.stringify(page)).not.toContain(secret);
    // An internal update on a public incident does not move its public status.
    expect(page.incidents.find((i) => i.id === incidentId)!.status).toBe('investigating');
    const detail = (await findIncidentDetail(db, incidentId))!;
    expect(detail.status).toBe('investigating');
    expect(detail.updates.map((u) => [u.audience, u.state])).toEqual([
      ['external', 'draft'],
      ['internal', 'published'],
      ['external', 'published'],
    ]);
  });

  it('answers bad input with field errors and writes nothing', async () => {
    const [c] = await makeComponents('Forms');
    const { incidentId } = value(await declareIncident(services, people.comms, declareInput([c!], {}, { action: 'draft' })));
    const before = await counts();
    const expectErrors = async (promise: Promise<Result<unknown>>, errors: Record<string, string | RegExp>) => {
      const result = await promise;
      expect(result.ok).toBe(false);
      if (result.ok) return;
      for (const [field, message] of Object.entries(errors)) {
        if (typeof message === 'string') expect(result.errors[field], field).toBe(message);
        else expect(result.errors[field], field).toMatch(message);
      }
    };
    await expectErrors(declareIncident(services, people.comms, declareInput([c!], { title: '  ' })), { title: 'Give the incident a title' });
    await expectErrors(declareIncident(services, people.comms, declareInput([c!, 'no-such-component'])), { components: /does not exist/ });
    await expectErrors(declareIncident(services, people.comms, declareInput([c!], { commanderId: 'nobody' })), { commanderId: /not an active user/ });
    await expectErrors(declareIncident(services, people.comms, declareInput([c!], {}, { body: 'Look <script>alert(1)</script>' })), {
      'update.body': 'Remove the <script> tag: updates are Markdown, HTML is not allowed',
    });
    const update = { incidentId, audience: 'external', status: 'identified', body: 'Found it.' };
    await expectErrors(saveUpdate(services, people.comms, { ...update, action: 'schedule', scheduledFor: new Date(clock.getTime() - MINUTE).toISOString() }), {
      scheduledFor: 'Pick a time in the future',
    });
    await expectErrors(saveUpdate(services, people.comms, { ...update, action: 'schedule', scheduledFor: clock.toISOString() }), {
      scheduledFor: 'Pick a time in the future',
    });
    await expectErrors(saveUpdate(services, people.comms, { ...update, body: '<iframe src="https://x">', action: 'publish' }), {
      body: 'Remove the <iframe> tag: updates are Markdown, HTML is not allowed',
    });
    await expectErrors(saveUpdate(services, people.comms, { ...update, components: [{ componentId: 'gone', status: 'operational' }], action: 'publish' }), {
      components: /does not exist/,
    });
    await expectErrors(saveUpdate(services, people.comms, { ...update, incidentId: 'no-such-incident', action: 'draft' }), { incidentId: /does not exist/ });
    await expectErrors(addNote(services, people.responder, { incidentId, body: '' }), { body: 'Write the note' });
    await expectErrors(assignRoles(services, people.comms, { incidentId, expertIds: ['nobody'] }), { expertIds: /not an active user/ });
    expect(await counts()).toEqual(before);
    expect(scheduled.filter((s) => s.at.getTime() <= clock.getTime())).toEqual([]);
  });

  it('publishes atomically: a failure midway leaves the update, the incident and the components as they were', async () => {
    const [c1, c2] = await makeComponents('Atomic', 'Atomic');
    tick();
    const { incidentId } = value(await declareIncident(services, people.comms, declareInput([c1!, c2!])));
    tick();
    const { updateId } = value(
      await saveUpdate(services, people.comms, {
        incidentId,
        audience: 'external',
        status: 'identified',
        body: 'Found the cause.',
        components: [
          { componentId: c1, status: 'partial_outage' },
          { componentId: c2, status: 'operational' },
        ],
        action: 'draft',
      }),
    );
    const intervalsBefore = await db.selectFrom('component_status_intervals').selectAll().where('component_id', 'in', [c1!, c2!]).orderBy('id').execute();
    const before = await counts();
    const version = await db.selectFrom('page_version').select('version').executeTakeFirstOrThrow();

    // The last write of a publish fails (a full disk, a lost connection would do the same).
    await sql`create function fail_publish() returns trigger language plpgsql as $$
      begin
        if new.kind = 'update.published' then raise exception 'simulated failure'; end if;
        return new;
      end $$`.execute(db);
    await sql`create trigger fail_publish before insert on timeline_events for each row execute function fail_publish()`.execute(db);
    try {
      tick();
      await expect(
        saveUpdate(services, people.comms, { updateId, incidentId, audience: 'external', status: 'identified', body: 'Found the cause.', components: [{ componentId: c1, status: 'partial_outage' }, { componentId: c2, status: 'operational' }], action: 'publish' }),
      ).rejects.toThrow(/simulated failure/);
    } finally {
      await sql`drop trigger fail_publish on timeline_events`.execute(db);
      await sql`drop function fail_publish()`.execute(db);
    }

    expect(await counts()).toEqual(before);
    const detail = (await findIncidentDetail(db, incidentId))!;
    expect(detail).toMatchObject({ status: 'investigating', identifiedAt: null });
    expect(detail.updates.find((u) => u.id === updateId)).toMatchObject({ state: 'draft', publishedAt: null, publishedBy: null });
    expect(await componentStatus(c1!)).toBe('major_outage');
    expect(await componentStatus(c2!)).toBe('degraded_performance');
    expect(await db.selectFrom('component_status_intervals').selectAll().where('component_id', 'in', [c1!, c2!]).orderBy('id').execute()).toEqual(intervalsBefore);
    expect(await db.selectFrom('page_version').select('version').executeTakeFirstOrThrow()).toEqual(version);

    // And the same publish works once the failure is gone.
    value(await saveUpdate(services, people.comms, { updateId, incidentId, audience: 'external', status: 'identified', body: 'Found the cause.', components: [{ componentId: c1, status: 'partial_outage' }, { componentId: c2, status: 'operational' }], action: 'publish' }));
    expect(await componentStatus(c1!)).toBe('partial_outage');
    expect(await componentStatus(c2!)).toBe('operational');
    expect((await findIncidentDetail(db, incidentId))!).toMatchObject({ status: 'identified', identifiedAt: clock });
  });

  it('hands a scheduled update to the job queue and publishes it exactly once, even when two workers race', async () => {
    const [c] = await makeComponents('Scheduled');
    tick();
    const { incidentId } = value(await declareIncident(services, people.comms, declareInput([c!])));
    const at = new Date(clock.getTime() + 15 * MINUTE);
    const { updateId, state } = value(
      await saveUpdate(services, people.comms, {
        incidentId,
        audience: 'external',
        status: 'monitoring',
        body: 'A fix is rolling out.',
        components: [{ componentId: c, status: 'degraded_performance' }],
        action: 'schedule',
        scheduledFor: at.toISOString(),
      }),
    );
    expect(state).toBe('scheduled');
    expect(scheduled.at(-1)).toEqual({ updateId, at });
    expect((await listPendingUpdates(db)).find((u) => u.id === updateId)).toMatchObject({ state: 'scheduled', scheduledFor: at });

    // Too early: nothing happens (a job that fires early, or a sweep).
    tick(5);
    expect(await publishDueUpdate(services, updateId)).toBe(false);
    expect(await listDueUpdateIds(db, clock)).not.toContain(updateId);

    clock = new Date(at.getTime() + 2_000);
    expect(await listDueUpdateIds(db, clock)).toContain(updateId);
    // A second process: its own connection pool on the same database.
    let second: DatabaseHandle | null = null;
    const secondServices: Services =
      kind === 'postgres'
        ? { ...services, db: (second = await openDatabase({ databaseUrl: target.url, dataDir: target.dataDir, poolSize: 2 })).db }
        : services; // embedded: the pool's connections still run the two transactions side by side
    try {
      const before = refreshes;
      const results = await Promise.all([publishDueUpdate(services, updateId), publishDueUpdate(secondServices, updateId)]);
      expect(results.sort()).toEqual([false, true]);
      expect(refreshes).toBe(before + 1);
    } finally {
      await second?.close();
    }
    expect(await publishDueUpdate(services, updateId)).toBe(false);
    const published = await db
      .selectFrom('timeline_events')
      .select(['actor', 'actor_id'])
      .where('kind', '=', 'update.published')
      .where(sql<string>`details->>'updateId'`, '=', updateId)
      .execute();
    expect(published).toEqual([{ actor: 'Comms Person', actor_id: people.comms.id }]);
    const incident = (await snapshot()).incidents.find((i) => i.id === incidentId)!;
    expect(incident.status).toBe('monitoring');
    expect(incident.updates[0]).toMatchObject({ id: updateId, publishedAt: clock.toISOString() });
    expect(await componentStatus(c!)).toBe('degraded_performance');
  });

  it('edits, reschedules and cancels pending updates with the right permissions', async () => {
    const [c] = await makeComponents('Pending');
    tick();
    const { incidentId } = value(await declareIncident(services, people.comms, declareInput([c!])));
    const first = new Date(clock.getTime() + 30 * MINUTE);
    const { updateId } = value(
      await saveUpdate(services, people.comms, { incidentId, audience: 'external', status: 'identified', body: 'Soon.', action: 'schedule', scheduledFor: first.toISOString() }),
    );
    // A responder may not touch an update comms scheduled.
    await expect(cancelUpdate(services, people.responder, { updateId })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      saveUpdate(services, people.responder, { updateId, incidentId, audience: 'external', status: 'identified', body: 'Mine now', action: 'draft' }),
    ).rejects.toBeInstanceOf(ForbiddenError);

    const later = new Date(first.getTime() + 30 * MINUTE);
    value(await saveUpdate(services, people.comms, { updateId, incidentId, audience: 'external', status: 'identified', body: 'Later.', action: 'schedule', scheduledFor: later.toISOString() }));
    expect(scheduled.at(-1)).toEqual({ updateId, at: later });
    // The job for the first time fires and finds nothing due.
    clock = new Date(first.getTime() + 1000);
    expect(await publishDueUpdate(services, updateId)).toBe(false);

    value(await cancelUpdate(services, people.comms, { updateId }));
    clock = new Date(later.getTime() + 1000);
    expect(await publishDueUpdate(services, updateId)).toBe(false);
    const again = await cancelUpdate(services, people.comms, { updateId });
    expect(again.ok === false && again.errors['_form']).toBe('This update is already cancelled');
    const edit = await saveUpdate(services, people.comms, { updateId, incidentId, audience: 'external', status: 'identified', body: 'x', action: 'draft' });
    expect(edit.ok === false && edit.errors['_form']).toMatch(/cancelled/);

    // A responder cancels their own external draft.
    const draft = value(await saveUpdate(services, people.responder, { incidentId, audience: 'external', status: 'identified', body: 'Draft', action: 'draft' }));
    value(await cancelUpdate(services, people.responder, { updateId: draft.updateId }));
    const detail = (await findIncidentDetail(db, incidentId))!;
    expect(detail.updates.filter((u) => u.state === 'cancelled').map((u) => u.id).sort()).toEqual([updateId, draft.updateId].sort());
    expect(detail.timeline.filter((e) => e.kind === 'update.cancelled').map((e) => e.actorName)).toEqual(['Comms Person', 'Responder Person']);
    expect(detail.timeline.filter((e) => e.kind === 'update.scheduled')).toHaveLength(2);
  });

  it('resolves: components back to operational, resolved_at stamped, then only internal updates from responders', async () => {
    const [c1, c2, c3] = await makeComponents('Resolve', 'Resolve', 'Resolve');
    tick();
    const { incidentId } = value(await declareIncident(services, people.comms, declareInput([c1!, c2!])));
    tick(10);
    // c2 recovered already in an earlier update; c3 was never part of it.
    value(
      await saveUpdate(services, people.comms, {
        incidentId,
        audience: 'external',
        status: 'monitoring',
        body: 'Recovering.',
        components: [{ componentId: c2, status: 'operational' }],
        action: 'publish',
      }),
    );
    await setComponentStatus(db, c3!, 'partial_outage', clock);
    tick(20);
    await expect(resolveIncident(services, people.responder, { incidentId, body: 'Fixed.' })).rejects.toBeInstanceOf(ForbiddenError);
    const { updateId, audience } = value(await resolveIncident(services, people.comms, { incidentId, body: 'This incident has been resolved.', notify: 'on' }));
    expect(audience).toBe('external');
    expect(await componentStatus(c1!)).toBe('operational');
    expect(await componentStatus(c2!)).toBe('operational');
    expect(await componentStatus(c3!)).toBe('partial_outage');
    const incident = (await snapshot()).incidents.find((i) => i.id === incidentId)!;
    expect(incident).toMatchObject({ status: 'resolved', resolvedAt: clock.toISOString(), monitoringAt: new Date(clock.getTime() - 20 * MINUTE).toISOString() });
    expect(incident.updates[0]).toMatchObject({ id: updateId, status: 'resolved', deliverNotifications: true });
    expect(incident.updates[0]!.componentChanges).toEqual([expect.objectContaining({ componentId: c1, oldStatus: 'major_outage', newStatus: 'operational' })]);
    const detail = (await findIncidentDetail(db, incidentId))!;
    expect(detail.timeline.at(-1)).toMatchObject({ kind: 'incident.resolved', actorName: 'Comms Person', details: { from: 'monitoring', to: 'resolved', durationMinutes: 30 } });
    expect((await listOpenIncidentSummaries(db)).some((i) => i.id === incidentId)).toBe(false);
    expect((await listRecentIncidents(db, 50)).find((i) => i.id === incidentId)).toMatchObject({ status: 'resolved', resolvedAt: clock });

    const twice = await resolveIncident(services, people.comms, { incidentId, body: 'Again' });
    expect(twice).toEqual({ ok: false, errors: { _form: 'This incident is already resolved' } });
    await expect(
      saveUpdate(services, people.responder, { incidentId, audience: 'external', status: 'resolved', body: 'Postmortem soon', action: 'draft' }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    value(await saveUpdate(services, people.responder, { incidentId, audience: 'internal', status: 'resolved', body: 'Postmortem on Monday', action: 'publish' }));
    value(await addNote(services, people.responder, { incidentId, body: 'Customer X asked for an RCA' }));
  });

  it('resolves an internal-only incident with an internal update, so it never becomes public', async () => {
    const [c] = await makeComponents('Quiet');
    tick();
    const { incidentId } = value(await declareIncident(services, people.comms, declareInput([c!], {}, { audience: 'internal', body: 'Quiet one' })));
    tick();
    const { audience } = value(await resolveIncident(services, people.comms, { incidentId, body: 'All good, nobody noticed.' }));
    expect(audience).toBe('internal');
    expect((await findIncidentDetail(db, incidentId))!).toMatchObject({ status: 'resolved', resolvedAt: clock, isPublic: false });
    expect((await snapshot()).incidents.some((i) => i.id === incidentId)).toBe(false);
  });

  it('records severity, roles and notes on the timeline with their actor, and shows them on the dashboard', async () => {
    const [c] = await makeComponents('Timeline');
    tick();
    const { incidentId } = value(await declareIncident(services, people.responder, declareInput([c!], { severity: 'SEV2', commanderId: people.responder.id }, { action: 'draft' })));
    tick();
    expect(value(await changeSeverity(services, people.comms, { incidentId, severity: 'SEV1' }))).toEqual({ changed: true, severity: 'SEV1' });
    expect(value(await changeSeverity(services, people.comms, { incidentId, severity: 'SEV1' }))).toEqual({ changed: false, severity: 'SEV1' });
    await expect(changeSeverity(services, people.responder, { incidentId, severity: 'SEV3' })).rejects.toBeInstanceOf(ForbiddenError);
    tick();
    expect(value(await assignRoles(services, people.comms, { incidentId, commanderId: people.admin.id, commsLeadId: people.comms.id, expertIds: [people.responder.id] }))).toEqual({
      changes: 4, // commander out, commander in, comms lead in, expert in
    });
    expect(value(await assignRoles(services, people.comms, { incidentId, commanderId: people.admin.id, commsLeadId: people.comms.id, expertIds: [people.responder.id] }))).toEqual({
      changes: 0,
    });
    tick();
    value(await addNote(services, people.responder, { incidentId, body: 'Rolled back deploy 1432' }));

    const detail = (await findIncidentDetail(db, incidentId))!;
    expect(detail.severity).toBe('SEV1');
    expect(detail.roles).toEqual({
      commander: { id: people.admin.id, name: 'Admin Person' },
      commsLead: { id: people.comms.id, name: 'Comms Person' },
      experts: [{ id: people.responder.id, name: 'Responder Person' }],
    });
    expect(detail.timeline.map((e) => [e.kind, e.actorName, e.details])).toEqual([
      ['incident.declared', 'Responder Person', expect.objectContaining({ severity: 'SEV2' })],
      ['incident.role_assigned', 'Responder Person', { role: 'commander', action: 'assigned', userId: people.responder.id, userName: 'Responder Person' }],
      ['update.drafted', 'Responder Person', expect.objectContaining({ audience: 'external' })],
      ['incident.severity_changed', 'Comms Person', { from: 'SEV2', to: 'SEV1' }],
      ['incident.role_assigned', 'Comms Person', { role: 'commander', action: 'unassigned', userId: people.responder.id, userName: 'Responder Person' }],
      ['incident.role_assigned', 'Comms Person', { role: 'commander', action: 'assigned', userId: people.admin.id, userName: 'Admin Person' }],
      ['incident.role_assigned', 'Comms Person', { role: 'comms_lead', action: 'assigned', userId: people.comms.id, userName: 'Comms Person' }],
      ['incident.role_assigned', 'Comms Person', { role: 'expert', action: 'assigned', userId: people.responder.id, userName: 'Responder Person' }],
      ['note.added', 'Responder Person', { body: 'Rolled back deploy 1432' }],
    ]);
    expect(detail.timeline.every((e) => e.actorId !== null)).toBe(true);

    // The dashboard row, and its cadence: internal-only so far, so no target yet.
    const summary = (await listOpenIncidentSummaries(db)).find((i) => i.id === incidentId)!;
    expect(summary).toMatchObject({ isPublic: false, lastExternalUpdateAt: null, severity: 'SEV1', components: [expect.objectContaining({ id: c })] });
    const targets = await findCadenceTargets(db);
    expect(targets).toEqual({ SEV1: 30, SEV2: 60, SEV3: null });
    expect(cadenceStatus(summary, targets, clock)).toMatchObject({ targetMinutes: null, overdue: false });
    const publicOne = (await listOpenIncidentSummaries(db)).find((i) => i.isPublic && i.severity === 'SEV1')!;
    expect(cadenceStatus(publicOne, targets, new Date(publicOne.lastExternalUpdateAt!.getTime() + 31 * MINUTE)).overdue).toBe(true);
  });

  it('lets admins change the cadence targets', async () => {
    await expect(updateCadenceTargets(services, people.comms, { SEV1: 15, SEV2: 45, SEV3: '' })).rejects.toBeInstanceOf(ForbiddenError);
    const bad = await updateCadenceTargets(services, people.admin, { SEV1: '0', SEV2: 45, SEV3: '' });
    expect(bad.ok).toBe(false);
    expect(value(await updateCadenceTargets(services, people.admin, { SEV1: '15', SEV2: 45, SEV3: '' }))).toEqual({ SEV1: 15, SEV2: 45, SEV3: null });
    expect(await findCadenceTargets(db)).toEqual({ SEV1: 15, SEV2: 45, SEV3: null });
    const event = await db.selectFrom('timeline_events').selectAll().where('kind', '=', 'settings.cadence_changed').executeTakeFirstOrThrow();
    expect(event).toMatchObject({ actor: 'Admin Person', actor_id: people.admin.id, incident_id: null });
  });

  it('lists the people who can hold a role', async () => {
    const users = await listActiveUsers(db);
    expect(users.map((u) => u.name)).toEqual(['Admin Person', 'Comms Person', 'Expert Person', 'Responder Person', 'Viewer Person']);
    expect(users[0]).toEqual({ id: people.admin.id, name: 'Admin Person', role: 'admin' });
  });
});
