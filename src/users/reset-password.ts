import { z } from 'zod';
import { deleteUserSessions } from '../../db/queries/sessions.ts';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { findUserByEmail, updateUserPassword } from '../../db/queries/users.ts';
import { hashPassword } from '../auth/password.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import { parseInput } from '../domain/validation.ts';
import type { Services } from '../services.ts';
import { auditActor } from './audit.ts';
import { emailField, newPasswordField } from './user-input.ts';

const schema = z.object({ email: emailField, password: newPasswordField });

/** Sets someone's password for them (forgotten password) and signs them out everywhere. */
export async function resetPassword(services: Services, actor: Actor, input: unknown): Promise<Result<{ userId: string }>> {
  requirePermission(actor, 'user.manage');
  const parsed = parseInput(schema, input);
  if (!parsed.ok) return parsed;
  const { email, password } = parsed.value;
  const passwordHash = await hashPassword(password);
  const now = services.now();
  return services.db.transaction().execute(async (trx): Promise<Result<{ userId: string }>> => {
    const user = await findUserByEmail(trx, email);
    if (!user) return fail({ email: `No user has the email ${email}.` });
    await updateUserPassword(trx, user.id, passwordHash, now);
    await deleteUserSessions(trx, user.id);
    await insertTimelineEvent(trx, { kind: 'user.password_reset', ...auditActor(actor), details: { userId: user.id, email: user.email, sessionsRevoked: true }, occurredAt: now });
    return ok({ userId: user.id });
  });
}
