import { findIncidentMilestones, updateIncidentMilestone } from '../../db/queries/incident-milestones.ts';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { insertUpdate } from '../../db/queries/updates.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import { parseInput } from '../domain/validation.ts';
import { ERRORS, formError } from '../errors/catalogue.ts';
import type { Services } from '../services.ts';
import { INCIDENT_GONE, updatePermission } from './checks.ts';
import { requireMilestonePermission } from './edit-milestones.ts';
import { markMitigatedSchema } from './milestone-schemas.ts';
import { findMilestoneOrderProblem } from './milestones.ts';
import { publishUpdateNow } from './publish-update.ts';

/**
 * "Mark mitigated": the impact has stopped, the incident stays open (the fix, the
 * watch and the resolution come later — a separate action). Sets the mitigated
 * milestone to now and, when a body is written, publishes an update in status
 * "monitoring" with it, in the same transaction. An external update needs the
 * right to publish (comms, admin); anyone else may post it as internal.
 */
export async function markMitigated(
  services: Services,
  actor: Actor,
  input: unknown,
): Promise<Result<{ updateId: string | null }>> {
  const parsed = parseInput(markMitigatedSchema, input);
  if (!parsed.ok) return parsed;
  const { incidentId, body, audience, notify } = parsed.value;
  if (body !== undefined) requirePermission(actor, updatePermission(audience, 'publish'));
  const now = services.now();

  const result = await services.db.transaction().execute(async (trx): Promise<Result<{ updateId: string | null }>> => {
    const found = await findIncidentMilestones(trx, incidentId, { forUpdate: true });
    if (!found) return fail({ incidentId: INCIDENT_GONE });
    await requireMilestonePermission(trx, actor, incidentId);
    if (found.values.resolved_at !== null) return fail(formError(ERRORS.IncidentAlreadyResolved));
    if (found.values.mitigated_at !== null) return fail(formError(ERRORS.IncidentAlreadyMitigated));
    const problem = findMilestoneOrderProblem({ ...found.values, mitigated_at: now }, ['mitigated_at']);
    if (problem !== null) return fail({ _form: problem.message });

    await updateIncidentMilestone(trx, incidentId, 'mitigated_at', now, now);
    let updateId: string | null = null;
    if (body !== undefined) {
      updateId = await insertUpdate(trx, {
        incidentId,
        audience,
        state: 'draft',
        status: 'monitoring',
        body,
        createdAt: now,
        authorId: actor.id,
        deliverNotifications: notify,
        componentChanges: [],
      });
    }
    await insertTimelineEvent(trx, {
      incidentId,
      actor: actor.name,
      actorId: actor.id,
      occurredAt: now,
      kind: 'incident.mitigated',
      details: updateId === null ? {} : { updateId, audience },
    });
    if (updateId !== null) await publishUpdateNow(trx, updateId, actor, now);
    return ok({ updateId });
  });
  if (result.ok && result.value.updateId !== null) services.refreshSnapshot();
  return result;
}
