import { z } from 'zod';
import { deleteUserSessions } from '../../db/queries/sessions.ts';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { findUserById, lockActiveAdminIds, setUserDisabled as writeDisabled } from '../../db/queries/users.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import { parseInput } from '../domain/validation.ts';
import type { Services } from '../services.ts';
import { auditActor, lastAdminMessage } from './audit.ts';
import { idField } from './user-input.ts';
import { ERRORS, formError } from '../errors/catalogue.ts';

const schema = z.object({
  userId: idField,
  // Forms send strings; the CLI and tests may send booleans.
  disabled: z.union([z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')], {
    error: 'Say whether to disable or enable the account.',
  }),
});

/**
 * Disables an account (it can no longer sign in, and every session it has ends at
 * once) or enables it again. The last active admin cannot be disabled.
 */
export async function setUserDisabled(services: Services, actor: Actor, input: unknown): Promise<Result<{ changed: boolean }>> {
  requirePermission(actor, 'user.manage');
  const parsed = parseInput(schema, input);
  if (!parsed.ok) return parsed;
  const { userId, disabled } = parsed.value;
  const now = services.now();
  return services.db.transaction().execute(async (trx): Promise<Result<{ changed: boolean }>> => {
    const admins = await lockActiveAdminIds(trx);
    const user = await findUserById(trx, userId);
    if (!user) return fail(formError(ERRORS.UserGone));
    if ((user.disabledAt !== null) === disabled) return ok({ changed: false });
    if (disabled && admins.length === 1 && admins[0] === user.id) return fail({ _form: lastAdminMessage(actor, user, 'disable') });
    await writeDisabled(trx, user.id, disabled ? now : null, now);
    if (disabled) await deleteUserSessions(trx, user.id);
    await insertTimelineEvent(trx, {
      kind: disabled ? 'user.disabled' : 'user.enabled',
      ...auditActor(actor),
      details: { userId: user.id, email: user.email },
      occurredAt: now,
    });
    return ok({ changed: true });
  });
}
