import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listComponents } from '../../db/queries/components.ts';
import { insertIncident } from '../../db/queries/incidents.ts';
import { findMaintenanceById } from '../../db/queries/maintenances.ts';
import { findUpdateById, insertUpdate } from '../../db/queries/updates.ts';
import type { Actor } from '../../src/auth/permissions.ts';
import { QUEUES } from '../../src/jobs/queue.ts';
import { sweepDueWork } from '../../src/jobs/sweep.ts';
import { remindDueMaintenance } from '../../src/maintenance/remind-maintenance.ts';
import { scheduleMaintenance } from '../../src/maintenance/schedule-maintenance.ts';
import { startDueMaintenance } from '../../src/maintenance/start-maintenance.ts';
import type { Services } from '../../src/services.ts';
import {
  insertOperationalComponent,
  insertTestActor,
  jobsFor,
  recordingScheduler,
  sleep,
  startTestQueue,
  type TestQueue,
  testServices,
  waitUntil,
} from '../support/job-queue.ts';
import { createTestDatabase, type TestDatabase, testDatabaseKinds } from '../support/test-database.ts';

const SECOND = 1_000;
const HOUR = 3_600_000;

describe.each(testDatabaseKinds())('job queue on %s', (kind) => {
  let target: TestDatabase;
  let comms: Actor;
  let incidentId: string;
  let components: { api: string; web: string; search: string };

  const db = () => target.handle.db;

  async function countRows(table: 'updates' | 'timeline_events', where: Record<string, string>): Promise<number> {
    let query = db().selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n'));
    for (const [column, value] of Object.entries(where)) query = query.where(column as never, '=', value as never);
    return Number((await query.executeTakeFirstOrThrow()).n);
  }

  async function publishedTimelineEvents(updateId: string): Promise<number> {
    const rows = await db().selectFrom('timeline_events').select('details').where('kind', '=', 'update.published').execute();
    return rows.filter((row) => row.details['updateId'] === updateId).length;
  }

  async function underMaintenanceIntervals(componentId: string, since: Date): Promise<number> {
    const rows = await db()
      .selectFrom('component_status_intervals')
      .select('id')
      .where('component_id', '=', componentId)
      .where('status', '=', 'under_maintenance')
      .where('started_at', '>=', since)
      .execute();
    return rows.length;
  }

  /** A scheduled external update on the (public) incident that takes `componentId` to partial outage. */
  async function insertScheduledUpdate(at: Date, componentId: string): Promise<string> {
    return insertUpdate(db(), {
      incidentId,
      audience: 'external',
      state: 'scheduled',
      status: 'identified',
      body: `Identified at ${at.toISOString()}.`,
      scheduledFor: at,
      createdAt: new Date(),
      authorId: comms.id,
      componentChanges: [{ componentId, oldStatus: 'operational', newStatus: 'partial_outage' }],
    });
  }

  async function scheduleWindow(services: Services, startInMs: number, lengthMs: number, componentIds: string[]): Promise<{ id: string; start: Date; end: Date }> {
    const start = new Date(Date.now() + startInMs);
    const end = new Date(start.getTime() + lengthMs);
    const result = await scheduleMaintenance(services, comms, {
      title: `Window at ${start.toISOString()}`,
      scheduledFor: start,
      scheduledUntil: end,
      componentIds,
      body: 'A short window.',
    });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    return { id: result.value.maintenanceId, start, end };
  }

  beforeAll(async () => {
    target = await createTestDatabase(kind);
    const since = new Date(Date.now() - 30 * 24 * HOUR);
    components = {
      api: await insertOperationalComponent(target, 'API', since),
      web: await insertOperationalComponent(target, 'Website', since),
      search: await insertOperationalComponent(target, 'Search', since),
    };
    comms = await insertTestActor(target, 'comms');
    // A public incident: scheduled updates are published on it.
    const started = new Date(Date.now() - HOUR);
    incidentId = await insertIncident(db(), { title: 'Slow searches', severity: 'SEV2', impact: 'minor', status: 'investigating', startedAt: started, components: [] });
    await insertUpdate(db(), { incidentId, audience: 'external', state: 'published', status: 'investigating', body: 'Looking into it.', publishedAt: started, createdAt: started });
  });

  afterAll(async () => {
    await target?.dispose();
  });

  describe('two workers on one database', () => {
    let first: TestQueue;
    let second: TestQueue;

    beforeAll(async () => {
      const started = performance.now();
      first = await startTestQueue(target, { name: `${kind}-1` });
      second = await startTestQueue(target, { name: `${kind}-2` });
      console.info(`job queue on ${kind}: two queues started in ${Math.round(performance.now() - started)} ms`);
    });

    afterAll(async () => {
      await first?.stop();
      await second?.stop();
    });

    it('starts a maintenance once, even with the sweeps of both racing the job', async () => {
      const since = new Date();
      const window = await scheduleWindow(first.services, 1_500, 1_500, [components.api, components.web]);
      // Both processes also schedule it (a re-send): still one job per end of the window.
      await second.services.jobs.scheduleMaintenance(window.id, window.start, window.end);
      expect(await jobsFor(target, QUEUES.maintenanceStart, window.id)).toHaveLength(1);

      // At the start, both processes also sweep and call the use case directly, all at once.
      await sleep(window.start.getTime() - Date.now());
      const racers = await Promise.all([
        sweepDueWork(first.services),
        sweepDueWork(second.services),
        startDueMaintenance(first.services, window.id),
        startDueMaintenance(second.services, window.id),
      ]);
      await waitUntil(async () => (await findMaintenanceById(db(), window.id))?.status === 'completed', 6 * SECOND, [first, second]);

      const startedByRacers = [racers[0].started, racers[1].started, Number(racers[2]), Number(racers[3])].reduce((a, b) => a + b, 0);
      expect(startedByRacers).toBeLessThanOrEqual(1); // the job may have been first
      expect(await countRows('updates', { maintenance_id: window.id, status: 'in_progress' })).toBe(1);
      expect(await countRows('updates', { maintenance_id: window.id, status: 'completed' })).toBe(1);
      expect(await countRows('timeline_events', { maintenance_id: window.id, kind: 'maintenance.started' })).toBe(1);
      expect(await underMaintenanceIntervals(components.api, since)).toBe(1);
      expect(await underMaintenanceIntervals(components.web, since)).toBe(1);
      expect((await jobsFor(target, QUEUES.maintenanceStart, window.id)).map((job) => job.state)).toEqual(['completed']);
    });

    it('publishes a scheduled update within about a second of its time, once', async () => {
      const at = new Date(Date.now() + 1_500);
      const updateId = await insertScheduledUpdate(at, components.search);
      await Promise.all([first.services.jobs.schedulePublish(updateId, at), second.services.jobs.schedulePublish(updateId, at)]);
      expect(await jobsFor(target, QUEUES.publishUpdate, updateId)).toHaveLength(1);

      await waitUntil(async () => (await findUpdateById(db(), updateId))?.state === 'published', 5 * SECOND, [first, second]);
      const published = await findUpdateById(db(), updateId);
      const delay = (published?.publishedAt?.getTime() ?? 0) - at.getTime();
      console.info(`job queue on ${kind}: scheduled update published ${delay} ms after its time`);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(2 * SECOND);
      await sleep(700); // a second worker would have had its poll by now
      expect(await publishedTimelineEvents(updateId)).toBe(1);
      expect((await listComponents(db())).find((c) => c.id === components.search)?.status).toBe('partial_outage');
    });

    it('moves the waiting job when an update is scheduled again, instead of adding one', async () => {
      const later = new Date(Date.now() + 2 * HOUR);
      const updateId = await insertScheduledUpdate(new Date(Date.now() + HOUR), components.search);
      await first.services.jobs.schedulePublish(updateId, new Date(Date.now() + HOUR));
      await second.services.jobs.schedulePublish(updateId, later);
      const jobs = await jobsFor(target, QUEUES.publishUpdate, updateId);
      expect(jobs).toHaveLength(1);
      expect(jobs[0]?.startAfter.getTime()).toBe(later.getTime());
      await db().updateTable('updates').set({ state: 'cancelled' }).where('id', '=', updateId).execute();
    });
  });

  describe('across a restart', () => {
    it('runs the jobs queued before the stop once a worker is back, though their time passed meanwhile', async () => {
      const before = await startTestQueue(target, { name: `${kind}-before` });
      const since = new Date();
      const window = await scheduleWindow(before.services, 1_000, 1_000, [components.web]);
      const at = new Date(Date.now() + 1_000);
      const updateId = await insertScheduledUpdate(at, components.api);
      await before.services.jobs.schedulePublish(updateId, at);
      await before.stop();
      expect((await jobsFor(target, QUEUES.maintenanceComplete, window.id)).map((job) => job.state)).toEqual(['created']);

      // Down while both ends of the window and the update's time go by.
      await sleep(window.end.getTime() + 300 - Date.now());
      expect((await findMaintenanceById(db(), window.id))?.status).toBe('scheduled');
      expect((await findUpdateById(db(), updateId))?.state).toBe('scheduled');

      const restarted = performance.now();
      const after = await startTestQueue(target, { name: `${kind}-after` });
      try {
        await waitUntil(
          async () =>
            (await findMaintenanceById(db(), window.id))?.status === 'completed' && (await findUpdateById(db(), updateId))?.state === 'published',
          6 * SECOND,
          [after],
        );
        console.info(`job queue on ${kind}: overdue work done ${Math.round(performance.now() - restarted)} ms after the restart began`);
        for (const queue of [QUEUES.maintenanceStart, QUEUES.maintenanceComplete]) {
          await waitUntil(async () => (await jobsFor(target, queue, window.id)).every((job) => job.state === 'completed'), 3 * SECOND, [after]);
        }
        expect(await countRows('updates', { maintenance_id: window.id, status: 'in_progress' })).toBe(1);
        expect(await countRows('updates', { maintenance_id: window.id, status: 'completed' })).toBe(1);
        expect(await underMaintenanceIntervals(components.web, since)).toBe(1);
        expect(await publishedTimelineEvents(updateId)).toBe(1);
      } finally {
        await after.stop();
      }
    });
  });

  describe('the sweep', () => {
    it('does what is due when no job was ever sent for it', async () => {
      const clock = { now: new Date() };
      const services: Services = { ...testServices(target, { now: () => clock.now }), jobs: recordingScheduler() };
      const window = await scheduleWindow(services, HOUR, HOUR, [components.search]);
      const at = new Date(Date.now() + HOUR);
      const updateId = await insertScheduledUpdate(at, components.web);

      expect(await sweepDueWork(services)).toEqual({ published: 0, reminded: 0, started: 0, completed: 0, failed: 0 });
      clock.now = new Date(window.start.getTime() + SECOND);
      expect(await sweepDueWork(services)).toEqual({ published: 1, reminded: 0, started: 1, completed: 0, failed: 0 });
      clock.now = new Date(window.end.getTime() + SECOND);
      expect(await sweepDueWork(services)).toEqual({ published: 0, reminded: 0, started: 0, completed: 1, failed: 0 });
      expect(await sweepDueWork(services)).toEqual({ published: 0, reminded: 0, started: 0, completed: 0, failed: 0 });
      expect((await findUpdateById(db(), updateId))?.state).toBe('published');
    });

    it('sends a reminder whose job was lost, once, and never after the start or for a window set up inside its lead', async () => {
      // An injected clock far from today: nothing here depends on the real date.
      const T = new Date('2031-03-01T09:00:00Z');
      const clock = { now: T };
      const services: Services = { ...testServices(target, { now: () => clock.now }), jobs: recordingScheduler() };
      const schedule = async (startInHours: number, title: string, extra: Record<string, unknown> = {}): Promise<string> => {
        const start = new Date(T.getTime() + startInHours * HOUR);
        const result = await scheduleMaintenance(services, comms, {
          title,
          scheduledFor: start,
          scheduledUntil: new Date(start.getTime() + HOUR),
          componentIds: [components.api],
          body: 'Planned work.',
          reminderHours: '24',
          ...extra,
        });
        if (!result.ok) throw new Error(JSON.stringify(result.errors));
        return result.value.maintenanceId;
      };
      const reminders = async (maintenanceId: string): Promise<number> => countRows('timeline_events', { maintenance_id: maintenanceId, kind: 'maintenance.reminded' });
      // The reminder jobs are only recorded, never run: as if each was lost.
      const lost = await schedule(48, 'Lost reminder');
      const late = await schedule(30, 'Worker down until after the start', { autoStart: false });
      const inside = await schedule(2, 'Set up inside its lead');
      expect((await findMaintenanceById(db(), lost))?.remindAt).toEqual(new Date(T.getTime() + 24 * HOUR));
      expect((await findMaintenanceById(db(), inside))?.remindAt).toBeNull();

      // Before the reminder time: nothing.
      clock.now = new Date(T.getTime() + 5 * HOUR);
      expect((await sweepDueWork(services)).reminded).toBe(0);
      // The "late" window's reminder fell due at +6 h; the worker is down until after its start at +30 h.
      clock.now = new Date(T.getTime() + 30 * HOUR + SECOND);
      const sweeps = await Promise.all([sweepDueWork(services), sweepDueWork(services)]);
      // Only the lost one (due at +24 h, start at +48 h), once though two sweeps raced.
      expect(sweeps.map((sweep) => sweep.reminded).sort()).toEqual([0, 1]);
      expect(await reminders(lost)).toBe(1);
      expect(await reminders(late)).toBe(0);
      expect(await reminders(inside)).toBe(0);
      const reminded = await findMaintenanceById(db(), lost);
      expect(reminded?.remindedAt).toEqual(clock.now);
      expect(reminded?.remindAt).toBeNull();
      // The reminder is a public update recorded in the outbox: subscribers get it by email.
      const updates = await db().selectFrom('updates').select('id').where('maintenance_id', '=', lost).orderBy('created_at').execute();
      expect(updates).toHaveLength(2);
      expect(await db().selectFrom('notifications').select('id').where('update_id', '=', updates[1]!.id).execute()).toHaveLength(1);

      // Never twice: neither the next sweep nor the lost job turning up late sends it again.
      clock.now = new Date(T.getTime() + 31 * HOUR);
      expect((await sweepDueWork(services)).reminded).toBe(0);
      expect(await remindDueMaintenance(services, lost)).toBe(false);
      expect(await reminders(lost)).toBe(1);
    });
  });
});
