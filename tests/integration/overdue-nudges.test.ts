import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.ts';
import { findIncidentDetail } from '../../db/queries/incident-admin.ts';
import { upsertPageSettings } from '../../db/queries/page.ts';
import type { Actor } from '../../src/auth/permissions.ts';
import { loadConfig } from '../../src/config.ts';
import type { Result } from '../../src/domain/result.ts';
import { declareIncident } from '../../src/incidents/declare-incident.ts';
import { describeTimelineEntry } from '../../src/incidents/hub-text.ts';
import { notifyOverdueIncidents } from '../../src/incidents/notify-overdue.ts';
import { saveUpdate } from '../../src/incidents/save-update.ts';
import { OVERDUE_CRON, QUEUES } from '../../src/jobs/queue.ts';
import { createMailer } from '../../src/mail/create-mailer.ts';
import { type DeliveryLoop, startDeliveryLoop } from '../../src/notifications/delivery-loop.ts';
import type { Services } from '../../src/services.ts';
import { insertTestActor, recordingScheduler, startTestQueue, waitUntil } from '../support/job-queue.ts';
import { type SmtpSink, startSmtpSink } from '../support/smtp-sink.ts';
import { createTestDatabase, type TestDatabase, testDatabaseKinds } from '../support/test-database.ts';

const PUBLIC_URL = 'https://status.example.com';
const MINUTE = 60_000;
const T0 = new Date('2026-11-29T09:00:00Z');

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`Expected success, got ${JSON.stringify(result.errors)}`);
  return result.value;
}

describe.each(testDatabaseKinds())('overdue-update nudges on %s', (kind) => {
  let target: TestDatabase;
  let db: Db;
  let sink: SmtpSink;
  let services: Services;
  let loop: DeliveryLoop;
  let clock = T0;
  let comms: Actor;
  let commander: Actor;
  let expert: Actor;

  beforeAll(async () => {
    target = await createTestDatabase(kind);
    db = target.handle.db;
    sink = await startSmtpSink();
    const config = loadConfig({
      HERALD_DATA_DIR: target.dataDir,
      HERALD_DEMO: '0',
      PUBLIC_URL,
      SMTP_URL: sink.url,
      MAIL_FROM: 'status@example.com',
      ...(target.url === null ? {} : { DATABASE_URL: target.url }),
    });
    services = { db, config, mailer: createMailer(config), now: () => clock, refreshSnapshot: () => {}, jobs: recordingScheduler() };
    loop = startDeliveryLoop({ services, background: false });
    await upsertPageSettings(db, { name: 'Acme Cloud', description: '' }, T0);
    comms = await insertTestActor(target, 'comms');
    commander = await insertTestActor(target, 'responder');
    expert = await insertTestActor(target, 'responder');
  });

  afterAll(async () => {
    await loop?.stop();
    await services?.mailer.close();
    await sink?.close();
    await target?.dispose();
  });

  async function drain(): Promise<void> {
    while ((await loop.runOnce()) > 0) {
      // keep going
    }
  }
  const at = (minutes: number): Date => new Date(T0.getTime() + minutes * MINUTE);
  const emailOf = async (actor: Actor): Promise<string> => (await db.selectFrom('users').select('email').where('id', '=', actor.id).executeTakeFirstOrThrow()).email;

  it('emails the commander and comms lead once per overdue period, through the outbox, even with two workers at once', async () => {
    clock = at(0);
    const { incidentId } = value(
      await declareIncident(services, comms, {
        title: 'Checkout is failing',
        severity: 'SEV1',
        impact: 'critical',
        components: [],
        commanderId: commander.id,
        commsLeadId: comms.id,
        expertIds: [expert.id],
        update: { audience: 'external', status: 'investigating', body: 'We are looking into it.', action: 'publish', notify: '' },
      }),
    );

    // SEV1's cadence is 30 minutes: at 29 nothing is due yet, and exactly at 30 it is due, not late.
    clock = at(29);
    expect(await notifyOverdueIncidents(services)).toEqual({ nudged: 0, emails: 0 });
    clock = at(30);
    expect(await notifyOverdueIncidents(services)).toEqual({ nudged: 0, emails: 0 });

    // Overdue: two workers run the job at the same minute; one nudge, two messages.
    clock = at(31);
    const runs = await Promise.all([notifyOverdueIncidents(services), notifyOverdueIncidents(services)]);
    expect(runs.reduce((sum, run) => sum + run.nudged, 0)).toBe(1);
    expect(runs.reduce((sum, run) => sum + run.emails, 0)).toBe(2);
    expect(sink.received).toHaveLength(0); // queued in the outbox, sent by the delivery loop
    await drain();
    expect(sink.recipients().sort()).toEqual([await emailOf(commander), await emailOf(comms)].sort());
    const mail = sink.received[0]!;
    expect(mail.subject).toBe('[Acme Cloud] Update overdue: SEV1 Checkout is failing');
    expect(mail.text).toContain('was due at Nov 29, 2026, 09:30 UTC');
    expect(mail.text).toContain('every 30 minutes');
    expect(mail.text).toContain(`${PUBLIC_URL}/admin/incidents/${incidentId}`);
    expect(mail.html).toContain('INTERNAL');

    // The incident's timeline says so, once.
    const timeline = (await findIncidentDetail(db, incidentId))!.timeline.filter((e) => e.kind === 'incident.update_overdue');
    expect(timeline).toHaveLength(1);
    expect(timeline[0]!.actorName).toBe('Herald');
    expect(describeTimelineEntry(timeline[0]!).text).toMatch(/^sent a reminder: the external update was due at 2026-11-29T09:30:00.000Z; emailed (comms|responder) \S+ and (comms|responder) \S+$/);

    // Later in the same period: nothing more.
    clock = at(45);
    expect(await notifyOverdueIncidents(services)).toEqual({ nudged: 0, emails: 0 });
    await drain();
    expect(sink.received).toHaveLength(2);

    // A new external update starts a new period: quiet until it too is overdue.
    clock = at(50);
    value(
      await saveUpdate(services, comms, { incidentId, audience: 'external', status: 'identified', body: 'We found the cause.', components: [], notify: '', action: 'publish' }),
    );
    clock = at(80);
    expect(await notifyOverdueIncidents(services)).toEqual({ nudged: 0, emails: 0 });
    clock = at(81);
    expect(await notifyOverdueIncidents(services)).toEqual({ nudged: 1, emails: 2 });
    expect(await notifyOverdueIncidents(services)).toEqual({ nudged: 0, emails: 0 });
    await drain();
    expect(sink.received).toHaveLength(4);
    expect(sink.received[3]!.text).toContain('was due at Nov 29, 2026, 10:20 UTC');

    // An internal update does not reset the public clock, and does not nudge again either.
    clock = at(90);
    value(await saveUpdate(services, comms, { incidentId, audience: 'internal', status: 'identified', body: 'Still on it.', components: [], notify: '', action: 'publish' }));
    expect(await notifyOverdueIncidents(services)).toEqual({ nudged: 0, emails: 0 });
  });

  it('nags nobody about an internal-only incident, and skips a queued reminder once the incident is resolved', async () => {
    clock = at(200);
    value(
      await declareIncident(services, comms, {
        title: 'Internal only',
        severity: 'SEV1',
        impact: 'major',
        components: [],
        commanderId: commander.id,
        commsLeadId: comms.id,
        expertIds: [],
        update: { audience: 'internal', status: 'investigating', body: 'Looking.', action: 'publish', notify: '' },
      }),
    );
    clock = at(400);
    // The earlier incident is overdue again (its period from 10:20 was nudged; none newer), so nothing new.
    expect(await notifyOverdueIncidents(services)).toEqual({ nudged: 0, emails: 0 });

    await db.updateTable('incidents').set({ resolved_at: at(401), status: 'resolved' }).where('title', '=', 'Checkout is failing').execute();
    await sql`insert into deliveries (kind, recipient, message_id, status, payload) values ('overdue-nudge', 'late@example.com', 'late@example.com', 'queued', ${JSON.stringify({
      incidentId: (await db.selectFrom('incidents').select('id').where('title', '=', 'Checkout is failing').executeTakeFirstOrThrow()).id,
      title: 'Checkout is failing',
      severity: 'SEV1',
      name: 'Late',
      roleLabel: 'incident commander',
      targetMinutes: 30,
      lastUpdateAt: at(50).toISOString(),
      dueAt: at(80).toISOString(),
    })}::jsonb)`.execute(db);
    const before = sink.received.length;
    await drain();
    expect(sink.received).toHaveLength(before);
    const skipped = await db.selectFrom('deliveries').select(['status', 'last_error']).where('recipient', '=', 'late@example.com').executeTakeFirstOrThrow();
    expect(skipped).toEqual({ status: 'skipped', last_error: 'The incident was resolved since.' });
  });

  it('is scheduled every minute with pg-boss cron when a worker starts, and runs once at the start', async () => {
    // Overdue by the real clock the queue's services use: a SEV1 whose last public update is an hour old.
    const { incidentId } = value(
      await declareIncident({ ...services, now: () => new Date(Date.now() - 60 * MINUTE) }, comms, {
        title: 'Overdue at start-up',
        severity: 'SEV1',
        impact: 'critical',
        components: [],
        commanderId: commander.id,
        commsLeadId: '',
        expertIds: [],
        update: { audience: 'external', status: 'investigating', body: 'Looking.', action: 'publish', notify: '' },
      }),
    );
    const queue = await startTestQueue(target);
    try {
      await waitUntil(async () => (await db.selectFrom('overdue_nudges').select('recipients').where('incident_id', '=', incidentId).execute()).length === 1, 15_000, [queue]);
      const queued = await db.selectFrom('deliveries').select('recipient').where('kind', '=', 'overdue-nudge').where('payload', 'is not', null).where('status', '=', 'queued').execute();
      expect(queued.map((row) => row.recipient)).toContain(await emailOf(commander));
      const schedules = await sql<{ name: string; cron: string }>`select name, cron from pgboss.schedule where name = ${QUEUES.overdueNudges}`.execute(db);
      expect(schedules.rows).toEqual([{ name: 'overdue-nudges', cron: OVERDUE_CRON }]);
      expect(OVERDUE_CRON).toBe('* * * * *');
    } finally {
      await queue.stop();
    }
  });
});
