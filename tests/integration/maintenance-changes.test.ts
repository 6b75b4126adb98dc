import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findMaintenanceById } from '../../db/queries/maintenances.ts';
import { buildScheduledMaintenances, buildUpcomingMaintenances } from '../../src/api/statuspage.ts';
import type { Actor } from '../../src/auth/permissions.ts';
import { buildAtom } from '../../src/feeds/atom.ts';
import { buildRss } from '../../src/feeds/rss.ts';
import { cancelMaintenance, DEFAULT_CANCEL_BODY } from '../../src/maintenance/cancel-maintenance.ts';
import { editMaintenance } from '../../src/maintenance/edit-maintenance.ts';
import { postMaintenanceUpdate } from '../../src/maintenance/post-maintenance-update.ts';
import { remindDueMaintenance } from '../../src/maintenance/remind-maintenance.ts';
import { completeDueMaintenance } from '../../src/maintenance/complete-maintenance.ts';
import { scheduleMaintenance } from '../../src/maintenance/schedule-maintenance.ts';
import { startDueMaintenance } from '../../src/maintenance/start-maintenance.ts';
import type { Services } from '../../src/services.ts';
import { loadSnapshot } from '../../src/status/load-snapshot.ts';
import { activeMaintenances, historyForMonth, upcomingMaintenances } from '../../src/status/selectors.ts';
import { insertOperationalComponent, insertTestActor, recordingScheduler, testServices } from '../support/job-queue.ts';
import { createTestDatabase, type TestDatabase, testDatabaseKinds } from '../support/test-database.ts';

const HOUR = 3_600_000;
// A fixed clock: nothing here depends on the real date.
const NOW = new Date('2026-11-29T10:00:00Z');

describe.each(testDatabaseKinds())('changing maintenance on %s', (kind) => {
  let target: TestDatabase;
  let comms: Actor;
  let api: string;
  let web: string;

  function manualServices(): Services & { clock: { now: Date }; scheduled: unknown[][] } {
    const clock = { now: NOW };
    const jobs = recordingScheduler();
    return { ...testServices(target, { now: () => clock.now }), jobs, clock, scheduled: jobs.calls };
  }

  async function schedule(services: Services, title: string): Promise<string> {
    const result = await scheduleMaintenance(services, comms, {
      title,
      scheduledFor: new Date(NOW.getTime() + 24 * HOUR),
      scheduledUntil: new Date(NOW.getTime() + 26 * HOUR),
      componentIds: [api],
      body: 'We will upgrade the database.',
    });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    return result.value.maintenanceId;
  }

  async function notificationsOf(maintenanceId: string): Promise<{ status: string; body: string }[]> {
    return target.handle.db
      .selectFrom('notifications')
      .innerJoin('updates', 'updates.id', 'notifications.update_id')
      .select(['updates.status', 'updates.body'])
      .where('updates.maintenance_id', '=', maintenanceId)
      .orderBy('updates.published_at')
      .execute();
  }

  const snapshotAt = (now: Date) => loadSnapshot(target.handle.db, { now, publicUrl: 'http://status.test' });

  beforeAll(async () => {
    target = await createTestDatabase(kind);
    const since = new Date(NOW.getTime() - 30 * 24 * HOUR);
    api = await insertOperationalComponent(target, 'API', since);
    web = await insertOperationalComponent(target, 'Website', since);
    comms = await insertTestActor(target, 'comms');
  });

  afterAll(async () => {
    await target?.dispose();
  });

  it('edits title and components silently: no update, no notification, jobs left alone', async () => {
    const services = manualServices();
    const id = await schedule(services, 'Database upgrade');
    const before = await findMaintenanceById(target.handle.db, id);
    services.scheduled.length = 0;

    const result = await editMaintenance(services, comms, {
      maintenanceId: id,
      title: 'Primary database upgrade',
      scheduledFor: before!.scheduledFor,
      scheduledUntil: before!.scheduledUntil,
      componentIds: [api, web],
    });
    expect(result).toEqual({ ok: true, value: { rescheduled: false, corrected: false, correctionNotified: false, updateId: null } });
    const after = await findMaintenanceById(target.handle.db, id);
    expect(after?.title).toBe('Primary database upgrade');
    expect(after?.componentIds.sort()).toEqual([api, web].sort());
    expect((await notificationsOf(id)).map((n) => n.status)).toEqual(['scheduled']);
    expect(services.scheduled).toEqual([]);
  });

  it('reschedules: new window saved, jobs moved, subscribers told through the outbox', async () => {
    const services = manualServices();
    const id = await schedule(services, 'Network change');
    services.scheduled.length = 0;
    const start = new Date(NOW.getTime() + 48 * HOUR);
    const end = new Date(NOW.getTime() + 49 * HOUR);

    const result = await editMaintenance(services, comms, { maintenanceId: id, title: 'Network change', scheduledFor: start.toISOString(), scheduledUntil: end.toISOString(), componentIds: api, message: '' });
    expect(result.ok && result.value.rescheduled).toBe(true);
    // The reminder (24 h before the new start) is queued with the moved start and end.
    expect(services.scheduled).toEqual([['maintenance', id, start, end]]);
    expect((services.jobs as unknown as { calls: unknown[][] }).calls.length).toBe(1);
    const stored = await findMaintenanceById(target.handle.db, id);
    expect([stored?.scheduledFor, stored?.scheduledUntil]).toEqual([start, end]);
    const sent = await notificationsOf(id);
    expect(sent.map((n) => n.status)).toEqual(['scheduled', 'scheduled']);
    expect(sent[1]?.body).toBe('This maintenance has been rescheduled. It now takes place from Dec 1, 2026, 10:00 UTC to Dec 1, 2026, 11:00 UTC.');

    // The old start time passes: the start job (or the sweep) re-checks the row and does nothing.
    services.clock.now = new Date(NOW.getTime() + 25 * HOUR);
    expect(await startDueMaintenance(services, id)).toBe(false);
    expect((await findMaintenanceById(target.handle.db, id))?.status).toBe('scheduled');
  });

  it('corrects the published announcement: the page, feeds and API show the new text; subscribers emailed only when asked; audited', async () => {
    const services = manualServices();
    const id = await schedule(services, 'Database failover');
    const before = await findMaintenanceById(target.handle.db, id);
    const window = { maintenanceId: id, title: 'Database failover drill', scheduledFor: before!.scheduledFor, scheduledUntil: before!.scheduledUntil, componentIds: [api] };
    services.scheduled.length = 0;

    // A typo fixed, silently (Statuspage does not notify for an edited update's body).
    services.clock.now = new Date(NOW.getTime() + HOUR);
    const silent = await editMaintenance(services, comms, { ...window, announcement: '  We will fail the primary database over to its replica.  ' });
    expect(silent).toEqual({ ok: true, value: { rescheduled: false, corrected: true, correctionNotified: false, updateId: null } });
    // Still the announcement's one notification (already sent): nothing new in the outbox.
    expect(await notificationsOf(id)).toHaveLength(1);
    expect(services.scheduled).toEqual([]);
    let snapshot = await snapshotAt(services.clock.now);
    const shown = upcomingMaintenances(snapshot).find((m) => m.id === id);
    expect(shown?.title).toBe('Database failover drill');
    expect(shown?.updates.map((u) => u.body)).toEqual(['We will fail the primary database over to its replica.']);
    expect(buildScheduledMaintenances(snapshot).scheduled_maintenances.find((m) => m.id === id)?.incident_updates.map((u) => u.body)).toEqual(['We will fail the primary database over to its replica.']);
    expect(buildRss(snapshot)).toContain('We will fail the primary database over to its replica.');
    // The Atom entry says it changed at the correction, though it was published before.
    expect(buildAtom(snapshot)).toContain(`<updated>${services.clock.now.toISOString()}</updated>`);

    // Saving the same text again changes nothing.
    const same = await editMaintenance(services, comms, { ...window, announcement: 'We will fail the primary database over to its replica.', notifyCorrection: 'on' });
    expect(same.ok && same.value.corrected).toBe(false);
    expect(await notificationsOf(id)).toHaveLength(1);

    // Asked to: the correction goes to subscribers as a new update, marked as a correction.
    services.clock.now = new Date(NOW.getTime() + 2 * HOUR);
    const told = await editMaintenance(services, comms, { ...window, announcement: 'We will fail the primary database over to its replica, twice.', notifyCorrection: 'on' });
    expect(told.ok && told.value).toMatchObject({ corrected: true, correctionNotified: true, rescheduled: false });
    expect((await notificationsOf(id)).map((n) => n.body)).toEqual(['We will fail the primary database over to its replica, twice.', 'We will fail the primary database over to its replica, twice.']);
    expect((await findMaintenanceById(target.handle.db, id))?.correctionSentAt).toEqual(services.clock.now);
    snapshot = await snapshotAt(services.clock.now);
    expect(upcomingMaintenances(snapshot).find((m) => m.id === id)?.updates.map((u) => u.body)).toEqual([
      'We will fail the primary database over to its replica, twice.',
      'We will fail the primary database over to its replica, twice.',
    ]);

    // Empty is refused next to the field, nothing saved.
    const empty = await editMaintenance(services, comms, { ...window, announcement: '   ' });
    expect(empty.ok ? null : empty.errors['announcement']).toBe('Write the announcement: it is what the public page shows for this window.');

    const events = await target.handle.db
      .selectFrom('timeline_events')
      .select(['kind', 'details'])
      .where('maintenance_id', '=', id)
      .where('kind', 'in', ['maintenance.announcement_corrected', 'maintenance.edited'])
      .orderBy('id')
      .execute();
    expect(events.map((e) => [e.kind, e.details['notified'] ?? null])).toEqual([
      ['maintenance.announcement_corrected', false],
      // The title changed in the first save too; the second save changed nothing (an edit, as before).
      ['maintenance.edited', null],
      ['maintenance.edited', null],
      ['maintenance.announcement_corrected', true],
    ]);
    expect(events[0]?.details['before']).toBe('We will upgrade the database.');

    // Moved and corrected in one save, box ticked: one email, the reschedule's, carrying the corrected text.
    services.clock.now = new Date(NOW.getTime() + 3 * HOUR);
    const start = new Date(NOW.getTime() + 48 * HOUR);
    const both = await editMaintenance(services, comms, {
      ...window,
      scheduledFor: start,
      scheduledUntil: new Date(start.getTime() + HOUR),
      announcement: 'We will fail the primary database over, on Tuesday.',
      notifyCorrection: 'on',
    });
    expect(both.ok && both.value).toMatchObject({ corrected: true, correctionNotified: true, rescheduled: true });
    const sent = await notificationsOf(id);
    expect(sent).toHaveLength(3);
    expect(sent[2]?.body).toBe(
      'This maintenance has been rescheduled. It now takes place from Dec 1, 2026, 10:00 UTC to Dec 1, 2026, 11:00 UTC.\n\nCorrected announcement:\n\nWe will fail the primary database over, on Tuesday.',
    );
  });

  it('refuses a reschedule into the past and an edit of a started window', async () => {
    const services = manualServices();
    const id = await schedule(services, 'Cache flush');
    const past = await editMaintenance(services, comms, { maintenanceId: id, title: 'Cache flush', scheduledFor: new Date(NOW.getTime() - HOUR), scheduledUntil: new Date(NOW.getTime() + HOUR), componentIds: [api] });
    expect(past).toEqual({ ok: false, errors: { scheduledFor: 'The start must be in the future.' } });

    services.clock.now = new Date(NOW.getTime() + 24 * HOUR);
    expect(await startDueMaintenance(services, id)).toBe(true);
    const started = await editMaintenance(services, comms, { maintenanceId: id, title: 'Renamed', scheduledFor: new Date(NOW.getTime() + 30 * HOUR), scheduledUntil: new Date(NOW.getTime() + 31 * HOUR), componentIds: [api] });
    expect(started.ok).toBe(false);
    expect(await cancelMaintenance(services, comms, { maintenanceId: id })).toMatchObject({ ok: false });
  });

  it('cancels with a message: subscribers told; never upcoming; cancelled in history and feeds; off the Statuspage API', async () => {
    const services = manualServices();
    const id = await schedule(services, 'Storage migration');
    expect(upcomingMaintenances(await snapshotAt(NOW)).map((m) => m.id)).toContain(id);

    services.clock.now = new Date(NOW.getTime() + HOUR);
    const result = await cancelMaintenance(services, comms, { maintenanceId: id, body: 'Not needed: the vendor fixed it.' });
    expect(result.ok).toBe(true);
    const stored = await findMaintenanceById(target.handle.db, id);
    expect(stored?.status).toBe('cancelled');
    expect(stored?.cancelledAt).toEqual(services.clock.now);
    expect((await notificationsOf(id)).map((n) => [n.status, n.body])).toEqual([
      ['scheduled', 'We will upgrade the database.'],
      ['cancelled', 'Not needed: the vendor fixed it.'],
    ]);

    const snapshot = await snapshotAt(services.clock.now);
    expect(upcomingMaintenances(snapshot).map((m) => m.id)).not.toContain(id);
    expect(buildUpcomingMaintenances(snapshot).scheduled_maintenances.map((m) => m.id)).not.toContain(id);
    expect(buildScheduledMaintenances(snapshot).scheduled_maintenances.map((m) => m.id)).not.toContain(id);
    const history = historyForMonth(snapshot, '2026-11');
    expect(history.maintenances.find((m) => m.id === id)?.status).toBe('cancelled');
    const rss = buildRss(snapshot);
    expect(rss).toContain('Cancelled: Storage migration');
    expect(rss).toContain('Not needed: the vendor fixed it.');

    // Its start time passes: the job does nothing to a cancelled window.
    services.clock.now = new Date(NOW.getTime() + 25 * HOUR);
    expect(await startDueMaintenance(services, id)).toBe(false);
    expect(await cancelMaintenance(services, comms, { maintenanceId: id })).toMatchObject({ ok: false, errors: { _form: 'This maintenance was cancelled.' } });
    expect(DEFAULT_CANCEL_BODY).toContain('cancelled');
  });

  it('posts updates to a window in progress: public at once, subscribers notified unless unticked, verifying when said so', async () => {
    const services = manualServices();
    const id = await schedule(services, 'Kernel patching');
    const early = await postMaintenanceUpdate(services, comms, { maintenanceId: id, body: 'Too early.' });
    expect(early).toMatchObject({ ok: false, errors: { _form: 'This maintenance has not started yet: start it first.' } });

    services.clock.now = new Date(NOW.getTime() + 24 * HOUR);
    expect(await startDueMaintenance(services, id)).toBe(true);
    services.clock.now = new Date(NOW.getTime() + 24.5 * HOUR);
    const halfway = await postMaintenanceUpdate(services, comms, { maintenanceId: id, body: 'Half of the hosts are patched.', notify: 'on' });
    expect(halfway).toMatchObject({ ok: true, value: { notified: true } });
    services.clock.now = new Date(NOW.getTime() + 25 * HOUR);
    const quiet = await postMaintenanceUpdate(services, comms, { maintenanceId: id, body: 'Checking the last hosts.', status: 'verifying', notify: false });
    expect(quiet).toMatchObject({ ok: true, value: { notified: false } });

    expect((await findMaintenanceById(target.handle.db, id))?.status).toBe('verifying');
    expect((await notificationsOf(id)).map((n) => n.body)).toEqual([
      'We will upgrade the database.',
      'Scheduled maintenance is in progress. We will provide updates as necessary.',
      'Half of the hosts are patched.',
    ]);
    const snapshot = await snapshotAt(services.clock.now);
    const active = activeMaintenances(snapshot).find((m) => m.id === id);
    expect(active?.status).toBe('verifying');
    expect(active?.updates.map((u) => u.status)).toEqual(['verifying', 'in_progress', 'in_progress', 'scheduled']);
    expect(buildRss(snapshot)).toContain('Half of the hosts are patched.');
  });

  it('reminds subscribers once, at the lead time, and again only when the window moves; none with 0 h', async () => {
    const services = manualServices();
    const reminderCalls: unknown[] = [];
    services.jobs.scheduleMaintenance = async (_id, _start, _end, remindAt) => {
      reminderCalls.push(remindAt);
    };
    const id = await schedule(services, 'Certificate rotation');
    // Scheduled 24 h ahead with the default 24 h lead: the reminder would be due now, so no job (the announcement just went).
    expect(reminderCalls).toEqual([null]);

    const start = new Date(NOW.getTime() + 72 * HOUR);
    await editMaintenance(services, comms, { maintenanceId: id, title: 'Certificate rotation', scheduledFor: start, scheduledUntil: new Date(start.getTime() + HOUR), componentIds: [api] });
    expect(reminderCalls[1]).toEqual(new Date(start.getTime() - 24 * HOUR));

    // Early (a job from before a move, or clock skew): nothing.
    services.clock.now = new Date(start.getTime() - 25 * HOUR);
    expect(await remindDueMaintenance(services, id)).toBe(false);
    // Due: sent once, however often the job runs.
    services.clock.now = new Date(start.getTime() - 24 * HOUR);
    expect(await remindDueMaintenance(services, id)).toBe(true);
    expect(await remindDueMaintenance(services, id)).toBe(false);
    const reminders = (await notificationsOf(id)).filter((n) => n.body.startsWith('Reminder:'));
    expect(reminders.map((n) => n.body)).toEqual(['Reminder: this scheduled maintenance starts on Dec 2, 2026, 10:00 UTC and is planned to end on Dec 2, 2026, 11:00 UTC.']);
    expect((await findMaintenanceById(target.handle.db, id))?.remindedAt).toEqual(services.clock.now);

    // Moved a day later: the new window gets its own reminder.
    const later = new Date(start.getTime() + 24 * HOUR);
    await editMaintenance(services, comms, { maintenanceId: id, title: 'Certificate rotation', scheduledFor: later, scheduledUntil: new Date(later.getTime() + HOUR), componentIds: [api] });
    expect((await findMaintenanceById(target.handle.db, id))?.remindedAt).toBeNull();
    services.clock.now = new Date(later.getTime() - 2 * HOUR);
    expect(await remindDueMaintenance(services, id)).toBe(true);

    // A window with no reminder, and not emailed at its start or end: the updates are public, the outbox stays empty.
    services.clock.now = NOW;
    const quiet = await scheduleMaintenance(services, comms, {
      title: 'Quiet window', scheduledFor: new Date(NOW.getTime() + 48 * HOUR), scheduledUntil: new Date(NOW.getTime() + 49 * HOUR),
      componentIds: [web], body: 'Barely noticeable.', reminderHours: '0', notifyStart: false, notifyComplete: false,
    });
    if (!quiet.ok) throw new Error(JSON.stringify(quiet.errors));
    const quietId = quiet.value.maintenanceId;
    services.clock.now = new Date(NOW.getTime() + 47 * HOUR);
    expect(await remindDueMaintenance(services, quietId)).toBe(false);
    services.clock.now = new Date(NOW.getTime() + 48.5 * HOUR);
    expect(await startDueMaintenance(services, quietId)).toBe(true);
    services.clock.now = new Date(NOW.getTime() + 50 * HOUR);
    expect(await completeDueMaintenance(services, quietId)).toBe(true);
    expect((await notificationsOf(quietId)).map((n) => n.body)).toEqual(['Barely noticeable.']);
    expect((await snapshotAt(services.clock.now)).maintenances.find((m) => m.id === quietId)?.updates.map((u) => u.status)).toEqual(['completed', 'in_progress', 'scheduled']);
  });

  it('refuses a reminder lead that is not a whole number of hours up to 30 days', async () => {
    const services = manualServices();
    const result = await scheduleMaintenance(services, comms, {
      title: 'Bad lead', scheduledFor: new Date(NOW.getTime() + 48 * HOUR), scheduledUntil: new Date(NOW.getTime() + 49 * HOUR),
      componentIds: [api], body: 'x', reminderHours: '1000',
    });
    expect(result).toEqual({ ok: false, errors: { reminderHours: 'Remind at most 720 hours (30 days) before.' } });
  });
});
