import type { Db } from '../../db/client.ts';
import { findIncidentMilestones, isIncidentCommander, updateIncidentMilestone } from '../../db/queries/incident-milestones.ts';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { type Actor, actorCan, ForbiddenError } from '../auth/permissions.ts';
import { MILESTONES, type Milestone } from '../domain/learning.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import { parseInput } from '../domain/validation.ts';
import type { Services } from '../services.ts';
import { INCIDENT_GONE } from './checks.ts';
import { editMilestonesSchema } from './milestone-schemas.ts';
import { findMilestoneOrderProblem, MILESTONE_LABELS, type MilestoneValues } from './milestones.ts';

/**
 * Who may correct an incident's milestones or mark it mitigated: comms and admin
 * (or a token with incidents:write), and the incident's commander, whatever their
 * role — they run the incident. Checked inside the transaction.
 */
export async function requireMilestonePermission(db: Db, actor: Actor, incidentId: string): Promise<void> {
  if (actorCan(actor, 'incident.manage')) return;
  if (!actor.token && actorCan(actor, 'note.add') && (await isIncidentCommander(db, incidentId, actor.id))) return;
  throw new ForbiddenError('incident.manage');
}

/**
 * Corrects an incident's milestones ("impact really started 20 minutes before the
 * alert"), with a reason. Only the milestones sent are changed; the whole set must
 * keep the order impact started ≤ detected ≤ acknowledged ≤ mitigated ≤ resolved,
 * else the message names the milestone, next to its field. Each change is one
 * timeline event (old and new time, reason), which is also the audit log's entry.
 * "Resolved" is set by resolving: it can be moved, not added or removed here.
 */
export async function editMilestones(services: Services, actor: Actor, input: unknown): Promise<Result<{ changed: Milestone[] }>> {
  const parsed = parseInput(editMilestonesSchema, input);
  if (!parsed.ok) {
    // zod keys the fields "milestones.detected_at": the form's fields are the milestone names.
    return fail(Object.fromEntries(Object.entries(parsed.errors).map(([key, message]) => [key.replace(/^milestones\./, ''), message])));
  }
  const { incidentId, reason } = parsed.value;
  const sent = parsed.value.milestones;
  const now = services.now();
  return services.db.transaction().execute(async (trx): Promise<Result<{ changed: Milestone[] }>> => {
    const found = await findIncidentMilestones(trx, incidentId, { forUpdate: true });
    if (!found) return fail({ incidentId: INCIDENT_GONE });
    await requireMilestonePermission(trx, actor, incidentId);

    const next: MilestoneValues = { ...found.values };
    const changed: Milestone[] = [];
    const errors: Record<string, string> = {};
    for (const milestone of MILESTONES) {
      const value = sent[milestone];
      if (value === undefined) continue;
      const before = found.values[milestone];
      // Forms send minutes (datetime-local): the same minute as stored is no change.
      const minute = (date: Date | null): number | null => (date === null ? null : Math.floor(date.getTime() / 60_000));
      if (minute(value) === minute(before)) continue;
      if (milestone === 'resolved_at' && (before === null || value === null)) {
        errors[milestone] = before === null ? 'Resolve the incident to set when it was resolved' : 'A resolved incident keeps its resolution time: reopen it with an update instead';
        continue;
      }
      if (value === null && (milestone === 'impact_started_at' || milestone === 'detected_at')) {
        errors[milestone] = `${MILESTONE_LABELS[milestone]} cannot be empty: pick a date and time`;
        continue;
      }
      if (value !== null && value.getTime() > now.getTime()) {
        errors[milestone] = `${MILESTONE_LABELS[milestone]} cannot be in the future`;
        continue;
      }
      next[milestone] = value;
      changed.push(milestone);
    }
    if (Object.keys(errors).length > 0) return fail(errors);
    if (changed.length === 0) return ok({ changed });
    const problem = findMilestoneOrderProblem(next, changed);
    if (problem !== null) return fail({ [problem.milestone]: problem.message });

    // Nothing is written before this line: every expected failure above returns.
    for (const milestone of changed) {
      await updateIncidentMilestone(trx, incidentId, milestone, next[milestone], now);
      await insertTimelineEvent(trx, {
        incidentId,
        actor: actor.name,
        actorId: actor.id,
        occurredAt: now,
        kind: 'incident.milestone_changed',
        details: { milestone, from: found.values[milestone]?.toISOString() ?? null, to: next[milestone]?.toISOString() ?? null, reason },
      });
    }
    return ok({ changed });
  });
}
