import { updatePostmortemState } from '../../db/queries/postmortems.ts';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import { ok, type Result } from '../domain/result.ts';
import { parseInput } from '../domain/validation.ts';
import type { Services } from '../services.ts';
import { lockPostmortem, type PostmortemOutcome } from './postmortem-outcome.ts';
import { postmortemActionSchema } from './schemas.ts';

/** Sends a draft for review (responders may). Anything past draft is left as it is. */
export async function submitPostmortem(services: Services, actor: Actor, input: unknown): Promise<Result<PostmortemOutcome>> {
  requirePermission(actor, 'postmortem.write');
  const parsed = parseInput(postmortemActionSchema, input);
  if (!parsed.ok) return parsed;
  const { incidentId } = parsed.value;
  const now = services.now();
  return services.db.transaction().execute(async (trx): Promise<Result<PostmortemOutcome>> => {
    const locked = await lockPostmortem(trx, incidentId);
    if (!locked.ok) return locked.failure;
    if (locked.postmortem.state !== 'draft') return ok({ incidentId, changed: false, message: 'The postmortem is already past the draft stage: nothing changed.' });
    await updatePostmortemState(trx, incidentId, { state: 'in_review', at: now });
    await insertTimelineEvent(trx, { incidentId, kind: 'postmortem.submitted', actor: actor.name, actorId: actor.id, occurredAt: now, details: { from: 'draft', to: 'in_review' } });
    return ok({ incidentId, changed: true, message: 'Postmortem sent for review.' });
  });
}
