import { z } from 'zod';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { insertUserInvite } from '../../db/queries/user-invites.ts';
import { insertUserUnlessEmailTaken } from '../../db/queries/users.ts';
import { generatePassword, hashPassword } from '../auth/password.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import { hashSecret, randomString } from '../auth/session.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import { parseInput } from '../domain/validation.ts';
import type { Services } from '../services.ts';
import { auditActor } from './audit.ts';
import { emailField, nameField, roleField } from './user-input.ts';

export const INVITE_LIFETIME_MS = 24 * 60 * 60 * 1000;

const schema = z.object({ name: nameField, email: emailField, role: roleField });

/**
 * Adds a person with a role and a one-time link (24 h) where they choose their own
 * password: the admin never types or sees it. Until the link is used the account
 * has a random password nobody knows. The link is `id.secret`; only the secret's
 * SHA-256 hash is stored, as for sessions and setup links.
 */
export async function inviteUser(services: Services, actor: Actor, input: unknown): Promise<Result<{ userId: string; link: string; expiresAt: Date }>> {
  requirePermission(actor, 'user.manage');
  const parsed = parseInput(schema, input);
  if (!parsed.ok) return parsed;
  const { name, email, role } = parsed.value;
  const passwordHash = await hashPassword(generatePassword());
  const now = services.now();
  const expiresAt = new Date(now.getTime() + INVITE_LIFETIME_MS);
  const id = randomString();
  const secret = randomString();
  return services.db.transaction().execute(async (trx) => {
    const userId = await insertUserUnlessEmailTaken(trx, { email, name, role, passwordHash, now });
    if (userId === null) return fail({ email: 'Someone already has an account with this email.' });
    await insertUserInvite(trx, { id, userId, secretHash: hashSecret(secret), now, expiresAt });
    await insertTimelineEvent(trx, { kind: 'user.invited', ...auditActor(actor), details: { userId, email, name, role }, occurredAt: now });
    return ok({ userId, link: `${services.config.publicUrl}/admin/invite?token=${id}.${secret}`, expiresAt });
  });
}
