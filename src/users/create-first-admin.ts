import { z } from 'zod';
import { lockSetupTokens, markSetupTokenUsed } from '../../db/queries/setup-tokens.ts';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { findUserById, insertUserUnlessEmailTaken } from '../../db/queries/users.ts';
import { hashPassword } from '../auth/password.ts';
import { createSession } from '../auth/session.ts';
import type { SignedIn } from '../auth/sign-in.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import { parseInput } from '../domain/validation.ts';
import type { Services } from '../services.ts';
import type { RequestContext } from './change-password.ts';
import { checkSetupToken } from './setup-link.ts';
import { emailField, nameField, newPasswordField } from './user-input.ts';

const schema = z
  .object({
    token: z.string().max(200).nullable(),
    name: nameField,
    email: emailField,
    password: newPasswordField,
    confirmPassword: z.string({ error: 'Type the password again.' }),
  })
  .refine((value) => value.confirmPassword === value.password, { path: ['confirmPassword'], message: 'The two passwords are not the same.' });

const GONE = 'This setup link can no longer be used. If you already created an admin, sign in instead.';

/**
 * Creates the first admin through the one-time setup link and signs them in.
 * Token and "nobody has an account yet" are checked again inside the transaction,
 * with every setup token row locked, so two browsers racing cannot both succeed.
 */
export async function createFirstAdmin(services: Services, input: unknown, context: RequestContext): Promise<Result<SignedIn>> {
  const parsed = parseInput(schema, input);
  if (!parsed.ok) return parsed;
  const { token, name, email, password } = parsed.value;
  const passwordHash = await hashPassword(password);
  const now = services.now();
  return services.db.transaction().execute(async (trx): Promise<Result<SignedIn>> => {
    await lockSetupTokens(trx);
    const check = await checkSetupToken(trx, token, now);
    if (check.state !== 'valid') return fail({ _form: GONE });
    if (!(await markSetupTokenUsed(trx, check.tokenId, now))) return fail({ _form: GONE });
    const userId = await insertUserUnlessEmailTaken(trx, { email, name, role: 'admin', passwordHash, now });
    const user = userId === null ? null : await findUserById(trx, userId);
    if (!user) return fail({ _form: GONE });
    const { token: sessionToken, session } = await createSession(trx, user.id, { now, userAgent: context.userAgent, ip: context.ip });
    await insertTimelineEvent(trx, { kind: 'user.created', actor: user.name, actorId: user.id, details: { userId: user.id, email, name, role: 'admin', via: 'setup link' }, occurredAt: now });
    return ok({ token: sessionToken, session, user });
  });
}
