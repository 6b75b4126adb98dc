import { deleteChecklistTick, findChecklistItem, insertChecklistTick } from '../../db/queries/checklists.ts';
import { findIncidentById } from '../../db/queries/incidents.ts';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import { parseInput } from '../domain/validation.ts';
import { INCIDENT_GONE } from '../incidents/checks.ts';
import type { Services } from '../services.ts';
import { CHECKLIST_ITEM_GONE, tickSchema } from './runbook-input.ts';

/**
 * Ticks (or unticks) an item of the incident's severity checklist. Each real change
 * is written to the incident's timeline with who and when; ticking a ticked item,
 * or unticking an unticked one (two people at once, a form sent twice), does nothing.
 * Anyone who may add notes may tick (admin, comms, responder).
 */
export async function tickChecklistItem(services: Services, actor: Actor, input: unknown): Promise<Result<{ incidentId: string; changed: boolean }>> {
  requirePermission(actor, 'note.add');
  const parsed = parseInput(tickSchema, input);
  if (!parsed.ok) return parsed;
  const { incidentId, itemId, ticked } = parsed.value;
  const now = services.now();
  return services.db.transaction().execute(async (trx): Promise<Result<{ incidentId: string; changed: boolean }>> => {
    const incident = await findIncidentById(trx, incidentId);
    if (incident === null) return fail({ _form: INCIDENT_GONE });
    const item = await findChecklistItem(trx, itemId);
    if (item === null || item.severity !== incident.severity) return fail({ _form: CHECKLIST_ITEM_GONE });
    const changed =
      ticked === '1'
        ? await insertChecklistTick(trx, { incidentId, itemId, text: item.text, tickedBy: actor.token ? null : actor.id, tickedByName: actor.name, at: now })
        : await deleteChecklistTick(trx, incidentId, itemId);
    if (changed) {
      await insertTimelineEvent(trx, {
        incidentId,
        kind: ticked === '1' ? 'checklist.ticked' : 'checklist.unticked',
        actor: actor.name,
        actorId: actor.id,
        details: { itemId, item: item.text, severity: item.severity },
        occurredAt: now,
      });
    }
    return ok({ incidentId, changed });
  });
}
