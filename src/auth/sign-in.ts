import { z } from 'zod';
import { claimSignInAlert, listGuessTimes } from '../../db/queries/login-attempts.ts';
import { findPageSettings } from '../../db/queries/page.ts';
import { findUserCredentials } from '../../db/queries/users.ts';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { signInCeilingEmail } from '../../emails/sign-in-ceiling.ts';
import { fail, ok, type FieldErrors, type Result } from '../domain/result.ts';
import type { Session, User } from '../domain/types.ts';
import { parseInput } from '../domain/validation.ts';
import type { Services } from '../services.ts';
import { pageBrandOf } from '../notifications/page-brand.ts';
import { siteTitle } from '../settings/site-title.ts';
import { formatZoneAndUtc } from '../time/wall-clock.ts';
import { verifyAgainstDummy, verifyPassword } from './password.ts';
import { beginLoginAttempt, finishLoginAttempt, minutesUntil } from './rate-limit.ts';
import { createSession } from './session.ts';
import { ERRORS, formError } from '../errors/catalogue.ts';

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
const ALERT_QUIET_MS = 60 * 60 * 1000;

/**
 * Signs a person in. Whether the account exists or not, the answer, the work
 * done (a password hash is verified either way) and the throttling are the same.
 */
/** A refusal because of throttling says when to come back (the page's Retry-After). */
export type SignInResult = Result<SignedIn> | { ok: false; errors: FieldErrors; retryAfterSeconds: number };

export async function signIn(services: Services, input: unknown, context: SignInContext): Promise<SignInResult> {
  const parsed = parseInput(schema, input);
  if (!parsed.ok) return parsed;
  const { email, password } = parsed.value;
  const account = email.toLowerCase();
  const now = services.now();

  const attempt = await beginLoginAttempt(services.db, account, context.ip, now);
  // Not awaited: telling the owner must not slow down (or fail) the answer.
  if (attempt.ceilingReached) void alertOwner(services, account, context.ip, now).catch((error: unknown) => console.error(`Could not send the sign-in alert: ${(error as Error).message}`));
  if (!attempt.allowed) {
    const retryAfterSeconds = Math.max(1, Math.ceil((attempt.retryAt.getTime() - now.getTime()) / 1000));
    return { ok: false, errors: formError(ERRORS.SignInThrottled, minutesUntil(attempt.retryAt, now)), retryAfterSeconds };
  }

  const credentials = await findUserCredentials(services.db, account);
  const valid = credentials
    ? (await verifyPassword(credentials.passwordHash, password)) && credentials.user.disabledAt === null
    : await verifyAgainstDummy(password);
  await finishLoginAttempt(services.db, attempt.attemptId, valid);
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

/**
 * Emails the owner of an existing, enabled account that its ceiling was reached,
 * at most once an hour (claimed in the database, so parallel attempts send one).
 * Sent through the mailer: SMTP, or the outbox when SMTP_URL is unset.
 */
async function alertOwner(services: Services, account: string, ip: string, now: Date): Promise<void> {
  const credentials = await findUserCredentials(services.db, account);
  if (!credentials || credentials.user.disabledAt !== null) return;
  if (!(await claimSignInAlert(services.db, account, now, new Date(now.getTime() - ALERT_QUIET_MS)))) return;
  const guesses = await listGuessTimes(services.db, { account }, new Date(now.getTime() - 15 * 60 * 1000));
  // In the audit log too, so an admin sees the attack without the owner's inbox.
  await insertTimelineEvent(services.db, {
    kind: 'user.sign_in_ceiling_reached',
    actor: null,
    actorId: null,
    details: { userId: credentials.user.id, name: credentials.user.name, ip, guesses: guesses.length },
    occurredAt: now,
  });
  const pageUrl = services.config.publicUrl;
  const brand = pageBrandOf(await findPageSettings(services.db), pageUrl);
  const rendered = signInCeilingEmail({
    pageName: brand.pageName,
    pageUrl,
    logoUrl: brand.logoUrl,
    accent: brand.accent,
    name: credentials.user.name,
    guesses: guesses.length,
    ip,
    at: formatZoneAndUtc(now, brand.timeZone),
    signInUrl: `${pageUrl}/admin/login`,
  });
  await services.mailer.send({
    to: credentials.user.email,
    ...rendered,
    fromName: siteTitle(brand.pageName),
    messageId: `sign-in-alert-${credentials.user.id}-${now.getTime()}@${new URL(pageUrl).hostname}`,
    headers: { 'Auto-Submitted': 'auto-generated' },
  });
}
