import { z } from 'zod';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { deleteUnusedUserInvites, lockPendingInvite } from '../../db/queries/user-invites.ts';
import { findUserById } from '../../db/queries/users.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import { parseInput } from '../domain/validation.ts';
import { ERRORS, formError } from '../errors/catalogue.ts';
import type { Services } from '../services.ts';
import { auditActor } from './audit.ts';
import { type IssuedInvite, issueInvite } from './invite-user.ts';
import { idField } from './user-input.ts';

const schema = z.object({ userId: idField });

/**
 * Sends a pending invitation again: a new link, valid 24 hours from now, emailed
 * again; every earlier link of that person stops working at once (its email, if
 * still queued, is then skipped by the delivery loop). Refused once accepted.
 */
export async function resendInvite(services: Services, actor: Actor, input: unknown): Promise<Result<IssuedInvite & { name: string; email: string }>> {
  requirePermission(actor, 'user.manage');
  const parsed = parseInput(schema, input);
  if (!parsed.ok) return parsed;
  const now = services.now();
  return services.db.transaction().execute(async (trx) => {
    const user = await findUserById(trx, parsed.value.userId);
    if (user === null) return fail(formError(ERRORS.UserGone));
    // Locks the links: an acceptance in flight finishes first (then this refuses) or finds its link gone.
    if (!(await lockPendingInvite(trx, user.id))) return fail(formError(ERRORS.InviteNotPending));
    await deleteUnusedUserInvites(trx, user.id);
    const issued = await issueInvite(trx, services, actor, { userId: user.id, name: user.name, email: user.email, role: user.role }, now);
    await insertTimelineEvent(trx, {
      kind: 'user.invite_resent',
      ...auditActor(actor),
      details: { userId: user.id, email: user.email, name: user.name, expiresAt: issued.expiresAt.toISOString() },
      occurredAt: now,
    });
    return ok({ ...issued, name: user.name, email: user.email });
  });
}
