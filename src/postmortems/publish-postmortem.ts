import { updatePostmortemState } from '../../db/queries/postmortems.ts';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import { ok, type Result } from '../domain/result.ts';
import { parseInput } from '../domain/validation.ts';
import type { Services } from '../services.ts';
import { formatUtcDateTime } from '../status/page-view.ts';
import { lockPostmortem, type PostmortemOutcome } from './postmortem-outcome.ts';
import { postmortemActionSchema } from './schemas.ts';

/**
 * Publishes the postmortem internally (comms and admins): the team reads it as
 * final; nothing reaches a public surface. Publishing twice, or a postmortem
 * already public, is a no-op with a message.
 */
export async function publishPostmortem(services: Services, actor: Actor, input: unknown): Promise<Result<PostmortemOutcome>> {
  requirePermission(actor, 'postmortem.publish');
  const parsed = parseInput(postmortemActionSchema, input);
  if (!parsed.ok) return parsed;
  const { incidentId } = parsed.value;
  const now = services.now();
  return services.db.transaction().execute(async (trx): Promise<Result<PostmortemOutcome>> => {
    const locked = await lockPostmortem(trx, incidentId);
    if (!locked.ok) return locked.failure;
    const { postmortem } = locked;
    if (postmortem.state === 'published_internal' || postmortem.state === 'published_public') {
      const when = postmortem.publishedAt ? ` on ${formatUtcDateTime(postmortem.publishedAt.toISOString())}` : '';
      return ok({ incidentId, changed: false, message: `This postmortem was already published${when}: nothing changed.` });
    }
    await updatePostmortemState(trx, incidentId, { state: 'published_internal', publishedAt: now, at: now });
    await insertTimelineEvent(trx, { incidentId, kind: 'postmortem.published', actor: actor.name, actorId: actor.id, occurredAt: now, details: { from: postmortem.state, to: 'published_internal' } });
    return ok({ incidentId, changed: true, message: 'Postmortem published internally. Nothing was published on the status page.' });
  });
}
