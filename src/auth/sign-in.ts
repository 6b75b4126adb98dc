import { z } from 'zod';
import { insertLoginAttempt } from '../../db/queries/login-attempts.ts';
import { findUserCredentials } from '../../db/queries/users.ts';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import type { Session, User } from '../domain/types.ts';
import { parseInput } from '../http/validation.ts';
import type { Services } from '../services.ts';
import { verifyAgainstDummy, verifyPassword } from './password.ts';
import { checkLoginThrottle } from './rate-limit.ts';
import { createSession } from './session.ts';

const schema = z.object({
  email: z.string().trim().min(1, 'Enter your email address').max(320, 'That is too long for an email address'),
  password: z.string().min(1, 'Enter your password').max(1024, 'That password is too long'),
});

export interface SignInContext {
  ip: string;
  userAgent: string | null;
}

export interface SignedIn {
  token: string;
  session: Session;
  user: User;
}

const WRONG = 'Wrong email or password.';

/**
 * Signs a person in. Whether the account exists or not, the answer, the work
 * done (a password hash is verified either way) and the throttling are the same.
 */
export async function signIn(services: Services, input: unknown, context: SignInContext): Promise<Result<SignedIn>> {
  const parsed = parseInput(schema, input);
  if (!parsed.ok) return parsed;
  const { email, password } = parsed.value;
  const account = email.toLowerCase();
  const now = services.now();

  const throttle = await checkLoginThrottle(services.db, account, context.ip, now);
  if (!throttle.allowed) {
    const minutes = Math.max(1, Math.ceil((throttle.retryAt.getTime() - now.getTime()) / 60_000));
    return fail({ _form: `Too many sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.` });
  }

  const credentials = await findUserCredentials(services.db, account);
  const valid = credentials
    ? (await verifyPassword(credentials.passwordHash, password)) && credentials.user.disabledAt === null
    : await verifyAgainstDummy(password);
  await insertLoginAttempt(services.db, { account, ip: context.ip, succeeded: valid, at: now });
  if (!valid || !credentials) return fail({ _form: WRONG });

  const { token, session } = await createSession(services.db, credentials.user.id, { now, userAgent: context.userAgent, ip: context.ip });
  await insertTimelineEvent(services.db, {
    kind: 'user.signed_in',
    actor: credentials.user.name,
    actorId: credentials.user.id,
    details: { ip: context.ip },
    occurredAt: now,
  });
  return ok({ token, session, user: credentials.user });
}
