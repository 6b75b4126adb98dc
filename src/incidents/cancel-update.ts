import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { findUpdateById, markUpdateCancelled } from '../../db/queries/updates.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import { parseInput } from '../domain/validation.ts';
import type { Services } from '../services.ts';
import { requireAnyPermission, updatePermission } from './checks.ts';
import { cancelUpdateSchema } from './schemas.ts';
import { ERRORS, formError } from '../errors/catalogue.ts';

/**
 * Cancels a draft or scheduled update. It needs the permission that drafting or
 * publishing it would: a responder may drop an external draft, but not an external
 * update comms scheduled. A pending publish job finds it cancelled and does nothing.
 */
export async function cancelUpdate(services: Services, actor: Actor, input: unknown): Promise<Result<{ updateId: string }>> {
  requireAnyPermission(actor, ['update.draft', 'update.internal']);
  const parsed = parseInput(cancelUpdateSchema, input);
  if (!parsed.ok) return parsed;
  const now = services.now();
  return services.db.transaction().execute(async (trx): Promise<Result<{ updateId: string }>> => {
    const update = await findUpdateById(trx, parsed.value.updateId, { forUpdate: true });
    if (!update) return fail(formError(ERRORS.UpdateGone));
    if (update.state === 'published') return fail(formError(ERRORS.UpdateAlreadyPublishedCancel));
    if (update.state === 'cancelled') return fail(formError(ERRORS.UpdateAlreadyCancelled));
    requirePermission(actor, updatePermission(update.audience, update.state === 'scheduled' ? 'schedule' : 'draft'));
    await markUpdateCancelled(trx, update.id, now);
    await insertTimelineEvent(trx, {
      incidentId: update.incidentId,
      maintenanceId: update.maintenanceId,
      actor: actor.name,
      actorId: actor.id,
      occurredAt: now,
      kind: 'update.cancelled',
      details: { updateId: update.id, audience: update.audience, previousState: update.state },
    });
    return ok({ updateId: update.id });
  });
}
