import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { findUserInviteForUpdate, markUserInviteUsed } from '../../db/queries/user-invites.ts';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { findUserById, updateUserPassword } from '../../db/queries/users.ts';
import { hashPassword } from '../auth/password.ts';
import { createSession, hashSecret } from '../auth/session.ts';
import type { SignedIn } from '../auth/sign-in.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import type { User } from '../domain/types.ts';
import { parseInput } from '../domain/validation.ts';
import type { Services } from '../services.ts';
import type { RequestContext } from './change-password.ts';
import { newPasswordField } from './user-input.ts';

export type InviteState = { state: 'valid'; inviteId: string; user: User } | { state: 'invalid' | 'expired' | 'used' };

/** Whether an invitation link may still set a password, and if not, why. */
export async function checkInvite(db: Db, token: string | null, now: Date): Promise<InviteState> {
  const [id, secret, extra] = (token ?? '').split('.');
  if (!id || !secret || extra !== undefined || id.length > 64 || secret.length > 64) return { state: 'invalid' };
  const invite = await findUserInviteForUpdate(db, id);
  if (!invite || !constantTimeEqual(hashSecret(secret), invite.secretHash)) return { state: 'invalid' };
  if (invite.usedAt !== null) return { state: 'used' };
  if (invite.expiresAt.getTime() <= now.getTime()) return { state: 'expired' };
  const user = await findUserById(db, invite.userId);
  if (!user || user.disabledAt !== null) return { state: 'invalid' };
  return { state: 'valid', inviteId: invite.id, user };
}

/** The invite page's loader: the link's state (the invitee's name when valid). */
export async function loadInvite(services: Services, token: string | null): Promise<InviteState> {
  return checkInvite(services.db, token, services.now());
}

const schema = z
  .object({ token: z.string().max(200).nullable(), password: newPasswordField, confirmPassword: z.string({ error: 'Type the password again.' }) })
  .refine((value) => value.confirmPassword === value.password, { path: ['confirmPassword'], message: 'The two passwords are not the same.' });

const GONE = 'This invitation can no longer be used. Ask an admin for a new one.';

/** Sets the invitee's password, uses up the link and signs them in. */
export async function acceptInvite(services: Services, input: unknown, context: RequestContext): Promise<Result<SignedIn>> {
  const parsed = parseInput(schema, input);
  if (!parsed.ok) return parsed;
  const passwordHash = await hashPassword(parsed.value.password);
  const now = services.now();
  return services.db.transaction().execute(async (trx): Promise<Result<SignedIn>> => {
    // checkInvite locks the invite row: a second tab waits, then sees it used.
    const check = await checkInvite(trx, parsed.value.token, now);
    if (check.state !== 'valid') return fail({ _form: GONE });
    await markUserInviteUsed(trx, check.inviteId, now);
    await updateUserPassword(trx, check.user.id, passwordHash, now);
    const { token, session } = await createSession(trx, check.user.id, { now, userAgent: context.userAgent, ip: context.ip });
    await insertTimelineEvent(trx, { kind: 'user.invite_accepted', actor: check.user.name, actorId: check.user.id, details: { userId: check.user.id }, occurredAt: now });
    return ok({ token, session, user: check.user });
  });
}
