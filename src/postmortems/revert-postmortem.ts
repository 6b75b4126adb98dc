import { updatePostmortemState } from '../../db/queries/postmortems.ts';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import { ok, type Result } from '../domain/result.ts';
import { parseInput } from '../domain/validation.ts';
import type { Services } from '../services.ts';
import { lockPostmortem, type PostmortemOutcome } from './postmortem-outcome.ts';
import { postmortemActionSchema } from './schemas.ts';

/**
 * Takes a postmortem back to draft (comms and admins), as Statuspage's "revert":
 * a public part leaves the status page and the feeds at once. Emails already
 * sent stay sent. The sections are kept.
 */
export async function revertPostmortem(services: Services, actor: Actor, input: unknown): Promise<Result<PostmortemOutcome>> {
  requirePermission(actor, 'postmortem.publish');
  const parsed = parseInput(postmortemActionSchema, input);
  if (!parsed.ok) return parsed;
  const { incidentId } = parsed.value;
  const now = services.now();
  const result = await services.db.transaction().execute(async (trx): Promise<Result<PostmortemOutcome & { wasPublic: boolean }>> => {
    const locked = await lockPostmortem(trx, incidentId);
    if (!locked.ok) return locked.failure;
    const { postmortem } = locked;
    if (postmortem.state === 'draft') return ok({ incidentId, changed: false, wasPublic: false, message: 'The postmortem is already a draft: nothing changed.' });
    const wasPublic = postmortem.state === 'published_public';
    await updatePostmortemState(trx, incidentId, { state: 'draft', publishedAt: null, publicPublishedAt: null, publicBody: null, notifiedSubscribers: false, at: now });
    await insertTimelineEvent(trx, { incidentId, kind: 'postmortem.reverted', actor: actor.name, actorId: actor.id, occurredAt: now, details: { from: postmortem.state, to: 'draft' } });
    return ok({ incidentId, changed: true, wasPublic, message: wasPublic ? 'Postmortem back to draft: it is no longer on the status page.' : 'Postmortem back to draft.' });
  });
  if (!result.ok) return result;
  if (result.value.wasPublic) services.refreshSnapshot();
  const { wasPublic: _wasPublic, ...outcome } = result.value;
  return ok(outcome);
}
