import { z } from 'zod';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { lockPendingInvite } from '../../db/queries/user-invites.ts';
import { deleteUser, findUserById } from '../../db/queries/users.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import { parseInput } from '../domain/validation.ts';
import { ERRORS, formError } from '../errors/catalogue.ts';
import type { Services } from '../services.ts';
import { auditActor } from './audit.ts';
import { idField } from './user-input.ts';

const schema = z.object({ userId: idField });

/**
 * Withdraws a pending invitation: the link stops working and the account, which
 * nobody ever signed in to, is removed, so the address can be invited again later
 * (as GitHub and Statuspage do with a revoked invitation). Its email, if still
 * queued, is skipped. Refused once the invitation was accepted: disable the
 * account instead.
 */
export async function revokeInvite(services: Services, actor: Actor, input: unknown): Promise<Result<{ name: string; email: string }>> {
  requirePermission(actor, 'user.manage');
  const parsed = parseInput(schema, input);
  if (!parsed.ok) return parsed;
  const now = services.now();
  return services.db.transaction().execute(async (trx) => {
    const user = await findUserById(trx, parsed.value.userId);
    if (user === null) return fail(formError(ERRORS.UserGone));
    if (!(await lockPendingInvite(trx, user.id))) return fail(formError(ERRORS.InviteNotPending));
    await deleteUser(trx, user.id);
    await insertTimelineEvent(trx, {
      kind: 'user.invite_revoked',
      ...auditActor(actor),
      details: { userId: user.id, email: user.email, name: user.name },
      occurredAt: now,
    });
    return ok({ name: user.name, email: user.email });
  });
}
