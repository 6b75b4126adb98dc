import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.ts';
import { findIncidentMilestones } from '../../db/queries/incident-milestones.ts';
import { insertComponent } from '../../db/queries/components.ts';
import { upsertPageSettings } from '../../db/queries/page.ts';
import { insertStatusInterval } from '../../db/queries/status-intervals.ts';
import { listAuditLog } from '../../src/audit/list-audit-log.ts';
import { createToken } from '../../src/tokens/create-token.ts';
import { CLI_ACTOR } from '../../src/users/audit.ts';
import { parseGeneric } from '../../src/alerts/payloads.ts';
import { receiveAlerts } from '../../src/alerts/receive-alerts.ts';
import { type Actor, ForbiddenError } from '../../src/auth/permissions.ts';
import { loadConfig } from '../../src/config.ts';
import type { Result } from '../../src/domain/result.ts';
import type { Role } from '../../src/domain/types.ts';
import { assignRoles } from '../../src/incidents/assign-roles.ts';
import { declareIncident } from '../../src/incidents/declare-incident.ts';
import { editMilestones } from '../../src/incidents/edit-milestones.ts';
import { describeTimelineEntry } from '../../src/incidents/hub-text.ts';
import { markMitigated } from '../../src/incidents/mark-mitigated.ts';
import { handleMilestonesPost } from '../../src/incidents/milestones-section.ts';
import { resolveIncident } from '../../src/incidents/resolve-incident.ts';
import { saveUpdate } from '../../src/incidents/save-update.ts';
import { exportInsightsCsv, loadInsights } from '../../src/insights/load-insights.ts';
import { createMailer } from '../../src/mail/create-mailer.ts';
import type { Services } from '../../src/services.ts';
import { createTestDatabase, type TestDatabase, testDatabaseKinds } from '../support/test-database.ts';

const MINUTE = 60_000;
const START = new Date('2026-11-27T12:00:00.000Z');

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`Expected success, got ${JSON.stringify(result.errors)}`);
  return result.value;
}

describe.each(testDatabaseKinds())('milestones and insights on %s', (kind) => {
  let target: TestDatabase;
  let db: Db;
  let clock: Date;
  let services: Services;
  let apiId: string;
  const people = {} as Record<Role, Actor>;

  const tick = (minutes = 1): Date => {
    clock = new Date(clock.getTime() + minutes * MINUTE);
    return clock;
  };
  const milestones = async (id: string) => (await findIncidentMilestones(db, id))!.values;
  const declare = async (actor: Actor = people.comms, extra: Record<string, unknown> = {}) =>
    value(
      await declareIncident(services, actor, {
        title: 'Checkout errors',
        severity: 'SEV2',
        impact: 'major',
        components: [{ componentId: apiId, status: 'major_outage' }],
        update: { audience: 'external', body: 'We are looking into checkout errors.', action: 'publish', notify: false },
        ...extra,
      }),
    ).incidentId;
  const timeline = async (incidentId: string) =>
    (await db.selectFrom('timeline_events').select(['kind', 'details', 'actor']).where('incident_id', '=', incidentId).orderBy('occurred_at').orderBy('id').execute()).map(
      (e) => ({ kind: e.kind, actor: e.actor, text: describeTimelineEntry({ kind: e.kind, details: e.details as Record<string, unknown> }).text, lines: describeTimelineEntry({ kind: e.kind, details: e.details as Record<string, unknown> }).lines }),
    );

  beforeAll(async () => {
    target = await createTestDatabase(kind);
    db = target.handle.db;
    clock = START;
    const config = loadConfig({ HERALD_DATA_DIR: target.dataDir });
    services = {
      db,
      config,
      mailer: createMailer(config),
      now: () => clock,
      refreshSnapshot: () => {},
      jobs: { schedulePublish: async () => {}, scheduleMaintenance: async () => {} },
    };
    await upsertPageSettings(db, { name: 'Acme Cloud', description: '' }, clock);
    for (const role of ['admin', 'comms', 'responder', 'viewer'] as const) {
      const id = `user-${role}`;
      const name = `${role[0]!.toUpperCase()}${role.slice(1)} Person`;
      await db.insertInto('users').values({ id, email: `${role}@example.com`, name, role, password_hash: 'x' }).execute();
      people[role] = { id, name, role };
    }
    const createdAt = new Date(START.getTime() - 24 * 60 * MINUTE);
    apiId = await insertComponent(db, { groupId: null, name: 'Checkout API', position: 0, createdAt });
    await insertStatusInterval(db, { componentId: apiId, status: 'operational', startedAt: createdAt });
  });

  afterAll(async () => {
    await target?.dispose();
  });

  it('declaring sets impact started, detected and acknowledged; a monitoring update sets mitigated; resolving sets resolved', async () => {
    tick();
    const declaredAt = clock;
    const id = await declare();
    expect(await milestones(id)).toEqual({ impact_started_at: declaredAt, detected_at: declaredAt, acknowledged_at: declaredAt, mitigated_at: null, resolved_at: null });

    tick(20);
    const monitoringAt = clock;
    value(await saveUpdate(services, people.comms, { incidentId: id, audience: 'external', status: 'monitoring', body: 'A fix is out; we are watching.', action: 'publish', notify: false }));
    expect((await milestones(id)).mitigated_at).toEqual(monitoringAt);

    // A second monitoring update keeps the first mitigation time.
    tick(5);
    value(await saveUpdate(services, people.comms, { incidentId: id, audience: 'external', status: 'identified', body: 'Errors came back.', action: 'publish', notify: false }));
    tick(5);
    value(await saveUpdate(services, people.comms, { incidentId: id, audience: 'external', status: 'monitoring', body: 'Watching again.', action: 'publish', notify: false }));
    expect((await milestones(id)).mitigated_at).toEqual(monitoringAt);

    tick(30);
    const resolvedAt = clock;
    value(await resolveIncident(services, people.comms, { incidentId: id, body: 'All good.', notify: false, components: [] }));
    expect(await milestones(id)).toMatchObject({ mitigated_at: monitoringAt, resolved_at: resolvedAt });
  });

  it('resolving an incident that was never mitigated sets mitigated at the resolution', async () => {
    tick();
    const id = await declare();
    tick(45);
    value(await resolveIncident(services, people.comms, { incidentId: id, body: 'Fixed.', notify: false, components: [] }));
    const m = await milestones(id);
    expect(m.mitigated_at).toEqual(clock);
    expect(m.resolved_at).toEqual(clock);
  });

  it('a triage incident from alerts is detected when the alert arrived and acknowledged when a person declares it', async () => {
    tick();
    const arrived = clock;
    const notification = value(parseGeneric({ title: 'Checkout 5xx', status: 'firing', dedup_key: 'checkout-5xx' }, clock));
    const made = value(await createToken(services, CLI_ACTOR, { name: 'Prometheus', scopes: 'alerts:write' }));
    const outcome = await receiveAlerts(services, { actorId: `token:${made.id}`, name: 'Prometheus' }, notification);
    if (!('incidentId' in outcome)) throw new Error(`no incident: ${JSON.stringify(outcome)}`);
    const id = outcome.incidentId as string;
    expect(await milestones(id)).toEqual({ impact_started_at: arrived, detected_at: arrived, acknowledged_at: null, mitigated_at: null, resolved_at: null });

    tick(7);
    const declaredAt = clock;
    value(
      await declareIncident(
        services,
        people.responder,
        { title: 'Checkout 5xx', severity: 'SEV2', impact: 'major', components: [], update: { audience: 'internal', body: 'Looking.', action: 'publish', notify: false } },
        { fromTriage: id },
      ),
    );
    expect(await milestones(id)).toEqual({ impact_started_at: arrived, detected_at: arrived, acknowledged_at: declaredAt, mitigated_at: null, resolved_at: null });
  });

  it('"Mark mitigated" sets mitigated now, keeps the incident open, posts the optional update in "monitoring", and writes the timeline', async () => {
    tick();
    const id = await declare();
    tick(12);
    const { updateId } = value(await markMitigated(services, people.comms, { incidentId: id, body: 'Traffic moved to the healthy region.', audience: 'external', notify: 'on' }));
    expect(updateId).not.toBeNull();
    const row = await db.selectFrom('incidents').select(['status', 'resolved_at', 'mitigated_at']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'monitoring', resolved_at: null, mitigated_at: clock });
    const events = await timeline(id);
    expect(events.map((e) => e.text)).toContain('marked the incident mitigated with an update');
    expect(events.map((e) => e.text)).toContain('published an external update (Monitoring) · subscribers notified (0)');

    // Twice: refused with a message, nothing changes.
    tick();
    const again = await markMitigated(services, people.comms, { incidentId: id });
    expect(again).toEqual({ ok: false, errors: { _form: expect.stringContaining('already marked mitigated') } });
  });

  it('"Mark mitigated" without an update changes only the milestone; a responder who is not the commander may not; the commander may', async () => {
    tick();
    const id = await declare();
    await expect(markMitigated(services, people.responder, { incidentId: id })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(markMitigated(services, people.viewer, { incidentId: id })).rejects.toBeInstanceOf(ForbiddenError);
    value(await assignRoles(services, people.comms, { incidentId: id, commanderId: people.responder.id, expertIds: [] }));
    tick(3);
    // The commander is a responder: an external update needs comms, an internal one is theirs to post.
    await expect(markMitigated(services, people.responder, { incidentId: id, body: 'Mitigated.', audience: 'external' })).rejects.toBeInstanceOf(ForbiddenError);
    value(await markMitigated(services, people.responder, { incidentId: id }));
    const row = await db.selectFrom('incidents').select(['status', 'mitigated_at']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'investigating', mitigated_at: clock });
  });

  it('edits milestones with a reason, refuses them out of order with a message naming the milestone, and writes timeline and audit log', async () => {
    tick();
    const id = await declare();
    const declaredAt = clock;
    tick(30);
    const earlier = new Date(declaredAt.getTime() - 20 * MINUTE);

    const outOfOrder = await editMilestones(services, people.comms, { incidentId: id, milestones: { detected_at: new Date(declaredAt.getTime() - 30 * MINUTE).toISOString() }, reason: 'alert fired earlier' });
    expect(outOfOrder).toEqual({ ok: false, errors: { detected_at: expect.stringContaining('Detected cannot be before impact started') } });
    const future = await editMilestones(services, people.comms, { incidentId: id, milestones: { mitigated_at: new Date(clock.getTime() + 5 * MINUTE).toISOString() }, reason: 'x' });
    expect(future).toEqual({ ok: false, errors: { mitigated_at: 'Mitigated cannot be in the future' } });
    const noReason = await editMilestones(services, people.comms, { incidentId: id, milestones: { impact_started_at: earlier.toISOString() }, reason: '  ' });
    expect(noReason.ok ? null : noReason.errors['reason']).toContain('Say why');
    const resolvedWhileOpen = await editMilestones(services, people.comms, { incidentId: id, milestones: { resolved_at: clock.toISOString() }, reason: 'x' });
    expect(resolvedWhileOpen).toEqual({ ok: false, errors: { resolved_at: 'Resolve the incident to set when it was resolved' } });
    expect(await milestones(id)).toMatchObject({ impact_started_at: declaredAt, detected_at: declaredAt });

    await expect(editMilestones(services, people.responder, { incidentId: id, milestones: { impact_started_at: earlier.toISOString() }, reason: 'x' })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(editMilestones(services, people.viewer, { incidentId: id, milestones: { impact_started_at: earlier.toISOString() }, reason: 'x' })).rejects.toBeInstanceOf(ForbiddenError);

    value(await editMilestones(services, people.comms, { incidentId: id, milestones: { impact_started_at: earlier.toISOString(), detected_at: declaredAt.toISOString() }, reason: 'error graphs start at 11:41' }));
    expect(await milestones(id)).toMatchObject({ impact_started_at: earlier, detected_at: declaredAt });
    const events = (await timeline(id)).filter((e) => e.text.startsWith('changed'));
    expect(events).toEqual([
      {
        kind: 'incident.milestone_changed',
        actor: 'Comms Person',
        text: `changed impact started from ${declaredAt.toISOString()} to ${earlier.toISOString()}`,
        lines: ['Reason: error graphs start at 11:41'],
      },
    ]);
    const audit = await listAuditLog(services, people.admin, new URLSearchParams({ kind: 'incident.milestone_changed' }));
    expect(audit.page.events.map((e) => [e.actorName, e.details])).toContainEqual([
      'Comms Person',
      { milestone: 'impact_started_at', from: declaredAt.toISOString(), to: earlier.toISOString(), reason: 'error graphs start at 11:41' },
    ]);
  });

  it('reads the times typed in the form in the zone the form sent, and keeps what was typed on error', async () => {
    tick();
    const id = await declare();
    tick(60);
    // 12:30 in New York on 27 November is 17:30 UTC.
    const ok = await handleMilestonesPost(services, people.admin, id, { form: 'edit', tz: 'America/New_York', impact_started_at: '2026-11-27T08:00', reason: 'seen in the logs' });
    expect(ok).toEqual({ redirect: `/admin/incidents/${id}?milestones=saved#milestones` });
    expect((await milestones(id)).impact_started_at).toEqual(new Date('2026-11-27T13:00:00Z'));
    const bad = await handleMilestonesPost(services, people.admin, id, { form: 'edit', tz: 'America/New_York', acknowledged_at: '2026-11-27T07:00', reason: 'typo' });
    expect(bad).toMatchObject({ status: 400, posted: { form: 'edit', errors: { acknowledged_at: expect.stringContaining('Acknowledged cannot be before') }, values: { acknowledged_at: '2026-11-27T07:00' } } });
    const garbage = await handleMilestonesPost(services, people.admin, id, { form: 'edit', tz: 'UTC', detected_at: '2026-02-30T10:00', reason: 'typo' });
    expect(garbage).toMatchObject({ status: 400, posted: { errors: { detected_at: 'Pick a date and time' } } });
  });

  it('insights count the incidents, their durations and export them as CSV; viewers may read them', async () => {
    const view = await loadInsights(services, people.viewer, new URLSearchParams('days=30'), 'UTC');
    expect(view.errors).toEqual({});
    const { insights } = view;
    // Every incident this file declared (the triage one counts once declared).
    expect(insights.counts.total).toBe(7);
    expect(insights.metrics.overall.mtta.count).toBe(7);
    // First incident: impact 12:01, monitoring 12:21, resolved 13:01 (+ the others).
    expect(insights.metrics.overall.mttm.count).toBeGreaterThanOrEqual(4);
    expect(insights.metrics.byComponent.map((r) => r.label)).toEqual(['Checkout API']);

    const csv = await exportInsightsCsv(services, people.viewer, new URLSearchParams('days=30'), 'UTC');
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('id,title,severity,components,impact_started_at,detected_at,acknowledged_at,mitigated_at,resolved_at,minutes_to_acknowledge,minutes_to_mitigate,minutes_to_resolve,root_cause_tags,postmortem_state,action_items_open,action_items_done');
    expect(lines).toHaveLength(8);
    const first = lines.find((l) => l.includes('2026-11-27T12:01:00.000Z,2026-11-27T12:01:00.000Z,2026-11-27T12:01:00.000Z,2026-11-27T12:21:00.000Z,2026-11-27T13:01:00.000Z'));
    expect(first).toMatch(/,Checkout errors,SEV2,Checkout API,.*,0,20,60,,none,0,0$/);

    const bad = await loadInsights(services, people.viewer, new URLSearchParams('days=12&severity=SEV7'), 'UTC');
    expect(bad.insights.filter.days).toBe(90);
    expect(Object.keys(bad.errors).sort()).toEqual(['days', 'severity']);
  });
});
