import { z } from 'zod';
import { deleteUserSessions } from '../../db/queries/sessions.ts';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import type { Actor } from '../auth/permissions.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import { parseInput } from '../domain/validation.ts';
import type { Services } from '../services.ts';
import { ERRORS, formError } from '../errors/catalogue.ts';

const othersSchema = z.object({ keepSessionId: z.string().min(1).max(64) });

/** "Sign out everywhere else": every session of yours but the one making the request. */
export async function revokeOtherSessions(services: Services, actor: Actor, input: unknown): Promise<Result<{ kept: string }>> {
  const parsed = parseInput(othersSchema, input);
  if (!parsed.ok) return fail(formError(ERRORS.SignInAgain));
  const { keepSessionId } = parsed.value;
  const now = services.now();
  return services.db.transaction().execute(async (trx): Promise<Result<{ kept: string }>> => {
    await deleteUserSessions(trx, actor.id, keepSessionId);
    await insertTimelineEvent(trx, { kind: 'user.sessions_revoked', actor: actor.name, actorId: actor.id, details: { userId: actor.id, kept: 'this device' }, occurredAt: now });
    return ok({ kept: keepSessionId });
  });
}
