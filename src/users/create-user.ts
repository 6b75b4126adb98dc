import { z } from 'zod';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { insertUserUnlessEmailTaken } from '../../db/queries/users.ts';
import { hashPassword } from '../auth/password.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import { parseInput } from '../domain/validation.ts';
import type { Services } from '../services.ts';
import { auditActor } from './audit.ts';
import { emailField, nameField, newPasswordField, roleField } from './user-input.ts';

const schema = z.object({ name: nameField, email: emailField, role: roleField, password: newPasswordField });

export type CreateUserInput = z.input<typeof schema>;

/** Adds a person to the hub with a role and an initial password (admins, and the CLI). */
export async function createUser(services: Services, actor: Actor, input: unknown): Promise<Result<{ userId: string }>> {
  requirePermission(actor, 'user.manage');
  const parsed = parseInput(schema, input);
  if (!parsed.ok) return parsed;
  const { name, email, role, password } = parsed.value;
  // Hashing takes tens of milliseconds: do it before the transaction, not inside it.
  const passwordHash = await hashPassword(password);
  const now = services.now();
  return services.db.transaction().execute(async (trx): Promise<Result<{ userId: string }>> => {
    const userId = await insertUserUnlessEmailTaken(trx, { email, name, role, passwordHash, now });
    if (userId === null) return fail({ email: 'Someone already has an account with this email.' });
    await insertTimelineEvent(trx, { kind: 'user.created', ...auditActor(actor), details: { userId, email, name, role }, occurredAt: now });
    return ok({ userId });
  });
}
