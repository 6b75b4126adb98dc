import { z } from 'zod';
import { deleteUserSession } from '../../db/queries/sessions.ts';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import type { Actor } from '../auth/permissions.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import { parseInput } from '../domain/validation.ts';
import type { Services } from '../services.ts';
import { ERRORS, formError } from '../errors/catalogue.ts';

const oneSchema = z.object({ sessionId: z.string({ error: 'Choose a session.' }).trim().min(1, 'Choose a session.').max(64, 'Choose a session.') });

/**
 * Signs one of your own sessions out (a lost laptop, a shared computer). The row
 * is deleted, and the middleware looks every session up on every request, so the
 * other browser is signed out on its very next request.
 */
export async function revokeSession(services: Services, actor: Actor, input: unknown): Promise<Result<{ sessionId: string }>> {
  const parsed = parseInput(oneSchema, input);
  if (!parsed.ok) return parsed;
  const { sessionId } = parsed.value;
  const now = services.now();
  return services.db.transaction().execute(async (trx): Promise<Result<{ sessionId: string }>> => {
    // Scoped to the actor's own sessions: another user's session id does nothing.
    if (!(await deleteUserSession(trx, actor.id, sessionId))) return fail(formError(ERRORS.SessionAlreadyEnded));
    await insertTimelineEvent(trx, { kind: 'user.session_revoked', actor: actor.name, actorId: actor.id, details: { userId: actor.id }, occurredAt: now });
    return ok({ sessionId });
  });
}
