import { z } from 'zod';
import { deleteUserSessions } from '../../db/queries/sessions.ts';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { findUserCredentials, findUserById, updateUserPassword } from '../../db/queries/users.ts';
import { hashPassword, verifyPassword } from '../auth/password.ts';
import type { Actor } from '../auth/permissions.ts';
import { beginLoginAttempt, finishLoginAttempt, minutesUntil } from '../auth/rate-limit.ts';
import { createSession, type NewSession } from '../auth/session.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import { parseInput } from '../domain/validation.ts';
import type { Services } from '../services.ts';
import { newPasswordField } from './user-input.ts';
import { ERRORS, formError } from '../errors/catalogue.ts';

const schema = z
  .object({
    currentPassword: z.string({ error: 'Enter your current password.' }).min(1, 'Enter your current password.').max(1024, 'That password is too long.'),
    newPassword: newPasswordField,
    confirmPassword: z.string({ error: 'Type the new password again.' }),
  })
  .refine((value) => value.confirmPassword === value.newPassword, { path: ['confirmPassword'], message: 'The two new passwords are not the same.' })
  .refine((value) => value.newPassword !== value.currentPassword, { path: ['newPassword'], message: 'Choose a password different from the current one.' });

export interface RequestContext {
  ip: string;
  userAgent: string | null;
}

/**
 * Changes the signed-in person's own password. Whoever knew the old one may hold a
 * session, so every session of the user is revoked; this browser gets a fresh one
 * (returned) so the person stays signed in. Wrong current passwords count towards
 * the sign-in throttle, so a borrowed session cannot be used to guess the password.
 */
export async function changePassword(services: Services, actor: Actor, input: unknown, context: RequestContext): Promise<Result<NewSession>> {
  const parsed = parseInput(schema, input);
  if (!parsed.ok) return parsed;
  const { currentPassword, newPassword } = parsed.value;
  const now = services.now();
  const user = await findUserById(services.db, actor.id);
  const credentials = user ? await findUserCredentials(services.db, user.email) : null;
  if (!user || !credentials || credentials.user.id !== user.id || user.disabledAt !== null) return fail(formError(ERRORS.AccountUnavailable));

  const account = user.email.toLowerCase();
  const attempt = await beginLoginAttempt(services.db, account, context.ip, now);
  if (!attempt.allowed) return fail({ currentPassword: `Too many wrong passwords. Try again in ${minutesUntil(attempt.retryAt, now)}.` });
  const correct = await verifyPassword(credentials.passwordHash, currentPassword);
  await finishLoginAttempt(services.db, attempt.attemptId, correct);
  if (!correct) return fail({ currentPassword: 'That is not your current password.' });

  const passwordHash = await hashPassword(newPassword);
  const fresh = await services.db.transaction().execute(async (trx) => {
    await updateUserPassword(trx, user.id, passwordHash, now);
    await deleteUserSessions(trx, user.id);
    const created = await createSession(trx, user.id, { now, userAgent: context.userAgent, ip: context.ip });
    await insertTimelineEvent(trx, { kind: 'user.password_changed', actor: user.name, actorId: user.id, details: { userId: user.id, sessionsRevoked: true }, occurredAt: now });
    return created;
  });
  return ok(fresh);
}
