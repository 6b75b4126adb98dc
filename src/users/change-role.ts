import { z } from 'zod';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { findUserById, lockActiveAdminIds, updateUserRole } from '../../db/queries/users.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import type { Role } from '../domain/types.ts';
import { parseInput } from '../domain/validation.ts';
import type { Services } from '../services.ts';
import { auditActor, lastAdminMessage } from './audit.ts';
import { idField, roleField } from './user-input.ts';
import { ERRORS, formError } from '../errors/catalogue.ts';

const schema = z.object({ userId: idField, role: roleField });

/** Gives a user another role. The last active admin keeps theirs, so the hub always has one. */
export async function changeRole(services: Services, actor: Actor, input: unknown): Promise<Result<{ changed: boolean; role: Role }>> {
  requirePermission(actor, 'user.manage');
  const parsed = parseInput(schema, input);
  if (!parsed.ok) return parsed;
  const { userId, role } = parsed.value;
  const now = services.now();
  return services.db.transaction().execute(async (trx): Promise<Result<{ changed: boolean; role: Role }>> => {
    const admins = await lockActiveAdminIds(trx);
    const user = await findUserById(trx, userId);
    if (!user) return fail(formError(ERRORS.UserGone));
    if (user.role === role) return ok({ changed: false, role });
    if (role !== 'admin' && admins.length === 1 && admins[0] === user.id) return fail({ role: lastAdminMessage(actor, user, 'role') });
    await updateUserRole(trx, user.id, role, now);
    await insertTimelineEvent(trx, {
      kind: 'user.role_changed',
      ...auditActor(actor),
      details: { userId: user.id, email: user.email, from: user.role, to: role },
      occurredAt: now,
    });
    return ok({ changed: true, role });
  });
}
