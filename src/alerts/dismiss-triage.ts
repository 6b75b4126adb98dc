import { z } from 'zod';
import { listIncidentClaimedComponentIds } from '../../db/queries/incident-component-statuses.ts';
import { findIncidentById, moveIncidentStatus } from '../../db/queries/incidents.ts';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { findIncidentTriageState, listDraftUpdateIds, setIncidentState } from '../../db/queries/triage-incidents.ts';
import { markUpdateCancelled } from '../../db/queries/updates.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import { applyDerivedComponentStatuses } from '../catalog/derived-component-status.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import { parseInput } from '../domain/validation.ts';
import { ERRORS, formError } from '../errors/catalogue.ts';
import type { Services } from '../services.ts';

/**
 * Dismisses a triage incident: nothing becomes public, the reason is kept (on the
 * incident and its timeline), its suggested draft is cancelled and any component
 * status its route set is dropped. The incident is closed (resolved, state
 * 'dismissed'); further notifications of its alert group land on it quietly until
 * the group resolves, so a dismissed alert does not come back every repeat interval.
 */

export const dismissTriageSchema = z.object({
  incidentId: z.string({ error: 'Pick an incident' }).trim().min(1, 'Pick an incident'),
  reason: z.string({ error: 'Say why you dismiss it' }).trim().min(1, 'Say why you dismiss it (kept on the incident’s timeline)').max(1_000, 'Keep the reason under 1,000 characters'),
});

export async function dismissTriageIncident(services: Services, actor: Actor, input: unknown): Promise<Result<{ incidentId: string }>> {
  requirePermission(actor, 'incident.declare');
  const parsed = parseInput(dismissTriageSchema, input);
  if (!parsed.ok) return parsed;
  const { incidentId, reason } = parsed.value;
  const now = services.now();
  let changedComponents = false;
  const result = await services.db.transaction().execute(async (trx): Promise<Result<{ incidentId: string }>> => {
    const incident = await findIncidentById(trx, incidentId, { forUpdate: true });
    const state = incident ? await findIncidentTriageState(trx, incidentId) : null;
    if (!incident || state?.state !== 'triage' || incident.resolvedAt !== null) return fail(formError(ERRORS.TriageGone));
    await setIncidentState(trx, incidentId, 'dismissed', now, reason);
    await moveIncidentStatus(trx, incidentId, 'resolved', now);
    for (const draftId of await listDraftUpdateIds(trx, incidentId)) await markUpdateCancelled(trx, draftId, now);
    const claimed = await listIncidentClaimedComponentIds(trx, incidentId);
    changedComponents = (await applyDerivedComponentStatuses(trx, claimed, now)).length > 0;
    await insertTimelineEvent(trx, { incidentId, actor: actor.name, actorId: actor.id, occurredAt: now, kind: 'triage.dismissed', details: { reason } });
    return ok({ incidentId });
  });
  if (changedComponents) services.refreshSnapshot();
  return result;
}
