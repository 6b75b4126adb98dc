import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { insertDirectDelivery } from '../../db/queries/deliveries.ts';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { insertUserInvite } from '../../db/queries/user-invites.ts';
import { insertUserUnlessEmailTaken } from '../../db/queries/users.ts';
import { generatePassword, hashPassword } from '../auth/password.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import { hashSecret, randomString } from '../auth/session.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import type { Role } from '../domain/types.ts';
import { parseInput } from '../domain/validation.ts';
import type { Services } from '../services.ts';
import { auditActor } from './audit.ts';
import { type InvitePayload, inviteLink } from './invite-message.ts';
import { emailField, nameField, roleField } from './user-input.ts';

export const INVITE_LIFETIME_MS = 24 * 60 * 60 * 1000;

const schema = z.object({ name: nameField, email: emailField, role: roleField });

export interface IssuedInvite {
  userId: string;
  /** Shown to the admin once, as a fallback if the email does not arrive. */
  link: string;
  expiresAt: Date;
}

/**
 * A new one-time link for a person, and its email queued in the outbox (the
 * delivery loop sends it; the admin's page answers at once). Inside the caller's
 * transaction, so the link and its email exist together or not at all. The link is
 * `id.secret`; only the secret's SHA-256 hash is stored, as for sessions.
 */
export async function issueInvite(
  trx: Db,
  services: Pick<Services, 'config'>,
  actor: Actor,
  person: { userId: string; name: string; email: string; role: Role },
  now: Date,
): Promise<IssuedInvite> {
  const expiresAt = new Date(now.getTime() + INVITE_LIFETIME_MS);
  const id = randomString();
  const token = `${id}.${randomString()}`;
  await insertUserInvite(trx, { id, userId: person.userId, secretHash: hashSecret(token.split('.')[1]!), now, expiresAt });
  const payload: InvitePayload = { token, name: person.name, inviterName: actor.name, role: person.role, expiresAt: expiresAt.toISOString() };
  await insertDirectDelivery(trx, {
    kind: 'invite',
    subscriberId: null,
    recipient: person.email,
    messageId: `invite-${id}@${new URL(services.config.publicUrl).hostname}`,
    payload: { ...payload },
    at: now,
  });
  return { userId: person.userId, link: inviteLink(services.config.publicUrl, token), expiresAt };
}

/**
 * Adds a person with a role and emails them a one-time link (24 h) where they
 * choose their own password: the admin never types or sees it. Until the link is
 * used the account has a random password nobody knows.
 */
export async function inviteUser(services: Services, actor: Actor, input: unknown): Promise<Result<IssuedInvite>> {
  requirePermission(actor, 'user.manage');
  const parsed = parseInput(schema, input);
  if (!parsed.ok) return parsed;
  const { name, email, role } = parsed.value;
  const passwordHash = await hashPassword(generatePassword());
  const now = services.now();
  return services.db.transaction().execute(async (trx) => {
    const userId = await insertUserUnlessEmailTaken(trx, { email, name, role, passwordHash, now });
    if (userId === null) return fail({ email: 'Someone already has an account with this email.' });
    const issued = await issueInvite(trx, services, actor, { userId, name, email, role }, now);
    await insertTimelineEvent(trx, { kind: 'user.invited', ...auditActor(actor), details: { userId, email, name, role }, occurredAt: now });
    return ok(issued);
  });
}
