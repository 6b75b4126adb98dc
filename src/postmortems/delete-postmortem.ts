import { deletePostmortem as deletePostmortemRow } from '../../db/queries/postmortems.ts';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import { ok, type Result } from '../domain/result.ts';
import { parseInput } from '../domain/validation.ts';
import type { Services } from '../services.ts';
import { lockPostmortem } from './postmortem-outcome.ts';
import { postmortemActionSchema } from './schemas.ts';

/**
 * Deletes the incident's postmortem (comms and admins; the API's DELETE). A public
 * part leaves the status page and the feeds at once; the timeline keeps a line
 * saying it was deleted and in which state.
 */
export async function deletePostmortem(services: Services, actor: Actor, input: unknown): Promise<Result<{ incidentId: string }>> {
  requirePermission(actor, 'postmortem.publish');
  const parsed = parseInput(postmortemActionSchema, input);
  if (!parsed.ok) return parsed;
  const { incidentId } = parsed.value;
  const now = services.now();
  const result = await services.db.transaction().execute(async (trx): Promise<Result<{ incidentId: string; wasPublic: boolean }>> => {
    const locked = await lockPostmortem(trx, incidentId);
    if (!locked.ok) return locked.failure;
    await deletePostmortemRow(trx, incidentId);
    await insertTimelineEvent(trx, { incidentId, kind: 'postmortem.deleted', actor: actor.name, actorId: actor.id, occurredAt: now, details: { state: locked.postmortem.state } });
    return ok({ incidentId, wasPublic: locked.postmortem.state === 'published_public' });
  });
  if (!result.ok) return result;
  if (result.value.wasPublic) services.refreshSnapshot();
  return ok({ incidentId });
}
