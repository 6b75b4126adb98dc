import type { Kysely } from 'kysely';
import { Migrator } from 'kysely/migration';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../db/migrations/index.ts';
import { listComponents } from '../../db/queries/components.ts';
import { listStatusIntervalsSince } from '../../db/queries/status-intervals.ts';
import type { Actor } from '../../src/auth/permissions.ts';
import { changeComponentStatus } from '../../src/catalog/change-component-status.ts';
import { loadComponentStatusSources } from '../../src/catalog/derived-component-status.ts';
import type { Result } from '../../src/domain/result.ts';
import type { ComponentStatus } from '../../src/domain/types.ts';
import { declareIncident } from '../../src/incidents/declare-incident.ts';
import { previewResolution, resolveIncident } from '../../src/incidents/resolve-incident.ts';
import { saveUpdate } from '../../src/incidents/save-update.ts';
import { completeMaintenance } from '../../src/maintenance/complete-maintenance.ts';
import { scheduleMaintenance } from '../../src/maintenance/schedule-maintenance.ts';
import { startMaintenance } from '../../src/maintenance/start-maintenance.ts';
import type { Services } from '../../src/services.ts';
import { insertOperationalComponent, insertTestActor, recordingScheduler, testServices } from '../support/job-queue.ts';
import { createTestDatabase, type TestDatabase, testDatabaseKinds } from '../support/test-database.ts';

const MINUTE = 60_000;
const START = new Date('2026-11-20T10:00:00.000Z');

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`Expected success, got ${JSON.stringify(result.errors)}`);
  return result.value;
}

/*
 * The component status rule end to end: the status a component shows is the worst
 * of its open incidents' claims, a maintenance in progress and a manual status,
 * whatever order publish, resolve, maintenance and manual edits happen in.
 */
describe.each(testDatabaseKinds())('component status on %s', (kind) => {
  let target: TestDatabase;
  let services: Services;
  let comms: Actor;
  let clock: Date;

  const tick = (minutes = 1): Date => {
    clock = new Date(clock.getTime() + minutes * MINUTE);
    return clock;
  };

  async function statusOf(id: string): Promise<ComponentStatus> {
    return (await listComponents(target.handle.db)).find((c) => c.id === id)!.status;
  }

  /** The component's status intervals, oldest first, as [status, still open]. */
  async function intervalsOf(id: string): Promise<[ComponentStatus, boolean][]> {
    return (await listStatusIntervalsSince(target.handle.db, START)).filter((i) => i.componentId === id).map((i) => [i.status, i.endedAt === null]);
  }

  async function declare(title: string, components: Record<string, ComponentStatus>): Promise<string> {
    tick();
    const input = {
      title,
      severity: 'SEV1',
      impact: 'major',
      components: Object.entries(components).map(([componentId, status]) => ({ componentId, status })),
      update: { audience: 'external', body: `${title}: investigating.`, action: 'publish', notify: false },
    };
    return value(await declareIncident(services, comms, input)).incidentId;
  }

  beforeAll(async () => {
    target = await createTestDatabase(kind);
    clock = START;
    services = { ...testServices(target, { now: () => clock }), jobs: recordingScheduler() };
    comms = await insertTestActor(target, 'comms');
  });

  afterAll(async () => {
    await target?.dispose();
  });

  it('resolving one of two open incidents on a component leaves it at the other incident’s status', async () => {
    const api = await insertOperationalComponent(target, 'API', new Date(START.getTime() - MINUTE));
    const demo = await declare('Demo incident', { [api]: 'degraded_performance' });
    const sev1 = await declare('SEV1 on API', { [api]: 'major_outage' });
    expect(await statusOf(api)).toBe('major_outage');

    // The resolve form offers what the rule gives once the SEV1 is resolved, and says why.
    expect(await previewResolution(target.handle.db, sev1)).toEqual([
      { componentId: api, name: 'API', current: 'major_outage', defaultStatus: 'degraded_performance', heldBy: ['Demo incident (degraded performance)'] },
    ]);

    tick();
    value(await resolveIncident(services, comms, { incidentId: sev1, body: 'Fixed.' }));
    expect(await statusOf(api)).toBe('degraded_performance');

    // Resolving by an ordinary update that names no component drops the demo incident's claim too.
    tick();
    value(await saveUpdate(services, comms, { incidentId: demo, audience: 'external', status: 'resolved', body: 'All good.', action: 'publish' }));
    expect(await statusOf(api)).toBe('operational');
    expect(await intervalsOf(api)).toEqual([
      ['operational', false],
      ['degraded_performance', false],
      ['major_outage', false],
      ['degraded_performance', false],
      ['operational', true],
    ]);
  });

  it('a later update of one incident cannot lower what another open incident claims', async () => {
    const db = await insertOperationalComponent(target, 'Database', new Date(START.getTime() - MINUTE));
    const first = await declare('Replication lag', { [db]: 'partial_outage' });
    await declare('Slow queries', { [db]: 'degraded_performance' });
    expect(await statusOf(db)).toBe('partial_outage');
    tick();
    value(
      await saveUpdate(services, comms, {
        incidentId: first,
        audience: 'external',
        status: 'monitoring',
        body: 'Replication caught up.',
        components: [{ componentId: db, status: 'operational' }],
        action: 'publish',
      }),
    );
    expect(await statusOf(db)).toBe('degraded_performance');
  });

  it('a maintenance that completes while an incident is open leaves the incident’s status; an outage outranks maintenance', async () => {
    const web = await insertOperationalComponent(target, 'Website', new Date(START.getTime() - MINUTE));
    const cdn = await insertOperationalComponent(target, 'CDN', new Date(START.getTime() - MINUTE));
    await declare('Slow pages', { [web]: 'degraded_performance' });
    await declare('CDN errors', { [cdn]: 'partial_outage' });
    tick();
    const { maintenanceId } = value(
      await scheduleMaintenance(services, comms, {
        title: 'Edge upgrade',
        scheduledFor: new Date(clock.getTime() + 60 * MINUTE),
        scheduledUntil: new Date(clock.getTime() + 120 * MINUTE),
        componentIds: [web, cdn],
        body: 'Upgrading the edge.',
      }),
    );
    tick();
    value(await startMaintenance(services, comms, { maintenanceId }));
    expect(await statusOf(web)).toBe('under_maintenance');
    expect(await statusOf(cdn)).toBe('partial_outage');
    tick(30);
    value(await completeMaintenance(services, comms, { maintenanceId }));
    expect(await statusOf(web)).toBe('degraded_performance');
    expect(await statusOf(cdn)).toBe('partial_outage');
    // The CDN never changed, so no interval was written for it by the maintenance.
    expect(await intervalsOf(cdn)).toEqual([
      ['operational', false],
      ['partial_outage', true],
    ]);
  });

  it('a manual status is one more claim: kept through an incident, cleared only by hand', async () => {
    const search = await insertOperationalComponent(target, 'Search', new Date(START.getTime() - MINUTE));
    tick();
    expect(value(await changeComponentStatus(services, comms, { id: search, status: 'degraded_performance' }))).toMatchObject({ newStatus: 'degraded_performance', changed: true });
    const incident = await declare('Search down', { [search]: 'major_outage' });
    expect(await statusOf(search)).toBe('major_outage');

    // Setting it operational by hand while the incident is open clears the manual claim but not the outage.
    tick();
    expect(value(await changeComponentStatus(services, comms, { id: search, status: 'operational' }))).toEqual({
      name: 'Search',
      oldStatus: 'major_outage',
      newStatus: 'major_outage',
      requested: 'operational',
      changed: true,
      heldBy: ['the open incident “Search down”'],
    });
    value(await changeComponentStatus(services, comms, { id: search, status: 'degraded_performance' }));
    expect(await previewResolution(target.handle.db, incident)).toMatchObject([{ defaultStatus: 'degraded_performance', heldBy: ['set by hand to degraded performance'] }]);
    tick();
    value(await resolveIncident(services, comms, { incidentId: incident, body: 'Fixed.' }));
    expect(await statusOf(search)).toBe('degraded_performance');
    tick();
    value(await changeComponentStatus(services, comms, { id: search, status: 'operational' }));
    expect(await statusOf(search)).toBe('operational');
  });

  it('resolves to the statuses chosen on the form: worse than the default is kept by hand, better is refused', async () => {
    const [queue, mail] = [
      await insertOperationalComponent(target, 'Queue', new Date(START.getTime() - MINUTE)),
      await insertOperationalComponent(target, 'Mail', new Date(START.getTime() - MINUTE)),
    ];
    const incident = await declare('Backlog', { [queue]: 'major_outage', [mail]: 'partial_outage' });
    await declare('Mail bounces', { [mail]: 'degraded_performance' });

    tick();
    const refused = await resolveIncident(services, comms, {
      incidentId: incident,
      body: 'Fixed.',
      components: [{ componentId: mail, status: 'operational' }],
    });
    expect(refused).toEqual({
      ok: false,
      errors: { [`component.${mail}`]: 'Mail stays degraded performance because of Mail bounces (degraded performance): choose that or worse.' },
    });
    expect(await statusOf(queue)).toBe('major_outage');

    value(
      await resolveIncident(services, comms, {
        incidentId: incident,
        body: 'Mostly fixed; the queue drains slowly.',
        components: [
          { componentId: queue, status: 'degraded_performance' },
          { componentId: mail, status: 'degraded_performance' },
        ],
      }),
    );
    expect(await statusOf(queue)).toBe('degraded_performance');
    expect(await statusOf(mail)).toBe('degraded_performance');
    const components = await listComponents(target.handle.db);
    expect(components.find((c) => c.id === queue)?.manualStatus).toBe('degraded_performance');
    expect(components.find((c) => c.id === mail)?.manualStatus).toBeNull();
  });
});

describe.each(testDatabaseKinds())('upgrading to derived component statuses on %s', (kind) => {
  let target: TestDatabase;

  afterAll(async () => {
    await target?.dispose();
  });

  it('backfills the claims of published external updates and keeps unexplained statuses as set by hand, so nothing visible changes', async () => {
    target = await createTestDatabase(kind, { migrate: false });
    const db = target.handle.db as unknown as Kysely<any>;
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
    const before = await migrator.migrateTo('2026-11-27T10-30-app-secrets');
    expect(before.error).toBeUndefined();

    const at = (minutes: number): Date => new Date(START.getTime() + minutes * MINUTE);
    await db
      .insertInto('components')
      .values([
        { id: 'api', name: 'API', position: 0, status: 'degraded_performance' },
        { id: 'search', name: 'Search', position: 1, status: 'partial_outage' },
        { id: 'cdn', name: 'CDN', position: 2, status: 'under_maintenance' },
        { id: 'dns', name: 'DNS', position: 3, status: 'operational' },
      ])
      .execute();
    await db
      .insertInto('incidents')
      .values([
        { id: 'open', title: 'Open', severity: 'SEV2', impact: 'minor', status: 'monitoring', started_at: at(0) },
        { id: 'done', title: 'Done', severity: 'SEV2', impact: 'minor', status: 'resolved', started_at: at(0), resolved_at: at(30) },
      ])
      .execute();
    const update = (id: string, incidentId: string, minutes: number, state = 'published', audience = 'external') => ({
      id,
      incident_id: incidentId,
      audience,
      state,
      status: 'investigating',
      body: id,
      published_at: state === 'published' ? at(minutes) : null,
      created_at: at(minutes),
    });
    await db
      .insertInto('updates')
      .values([update('u1', 'open', 1), update('u2', 'open', 5), update('u3', 'open', 9, 'draft'), update('u4', 'done', 2), update('u5', 'done', 30)])
      .execute();
    await db
      .insertInto('update_components')
      .values([
        { update_id: 'u1', component_id: 'api', old_status: 'operational', new_status: 'major_outage' },
        { update_id: 'u2', component_id: 'api', old_status: 'major_outage', new_status: 'degraded_performance' },
        { update_id: 'u3', component_id: 'api', old_status: 'degraded_performance', new_status: 'operational' },
        { update_id: 'u4', component_id: 'dns', old_status: 'operational', new_status: 'major_outage' },
        { update_id: 'u5', component_id: 'dns', old_status: 'major_outage', new_status: 'operational' },
      ])
      .execute();
    await db
      .insertInto('maintenances')
      .values({ id: 'm', title: 'Edge', status: 'in_progress', scheduled_for: at(0), scheduled_until: at(60), started_at: at(0) })
      .execute();
    await db.insertInto('maintenance_components').values({ maintenance_id: 'm', component_id: 'cdn' }).execute();

    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    const claims = await db.selectFrom('incident_component_statuses').select(['incident_id', 'component_id', 'status']).orderBy('incident_id').execute();
    expect(claims).toEqual([
      { incident_id: 'done', component_id: 'dns', status: 'operational' },
      { incident_id: 'open', component_id: 'api', status: 'degraded_performance' },
    ]);
    const manual = await db.selectFrom('components').select(['id', 'manual_status']).orderBy('position').execute();
    expect(manual).toEqual([
      { id: 'api', manual_status: null },
      { id: 'search', manual_status: 'partial_outage' },
      { id: 'cdn', manual_status: null },
      { id: 'dns', manual_status: null },
    ]);
    // What the rule gives now is what the page showed before the upgrade.
    const sources = await loadComponentStatusSources(target.handle.db, ['api', 'search', 'cdn', 'dns']);
    expect(sources.map((s) => [s.componentId, s.derived === s.status])).toEqual([
      ['api', true],
      ['cdn', true],
      ['dns', true],
      ['search', true],
    ]);
    // And the migrations undo cleanly.
    expect((await migrator.migrateTo('2026-11-27T10-30-app-secrets')).error).toBeUndefined();
  });
});
