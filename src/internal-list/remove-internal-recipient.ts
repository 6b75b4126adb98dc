import { z } from 'zod';
import { deleteInternalRecipient } from '../../db/queries/internal-recipients.ts';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import { ok, type Result } from '../domain/result.ts';
import { parseInput } from '../domain/validation.ts';
import type { Services } from '../services.ts';
import { emailAddress } from '../subscriptions/email-address.ts';
import { auditActor } from '../users/audit.ts';

const schema = z.object({ email: emailAddress });

/** Removes an address from the internal mailing list; removing one that is not there is no error. */
export async function removeInternalRecipient(services: Services, actor: Actor, input: unknown): Promise<Result<{ removed: boolean }>> {
  requirePermission(actor, 'settings.manage');
  const parsed = parseInput(schema, input);
  if (!parsed.ok) return parsed;
  const { email } = parsed.value;
  const now = services.now();
  return services.db.transaction().execute(async (trx): Promise<Result<{ removed: boolean }>> => {
    const removed = await deleteInternalRecipient(trx, email);
    if (removed) await insertTimelineEvent(trx, { kind: 'settings.internal_recipient_removed', ...auditActor(actor), details: { email }, occurredAt: now });
    return ok({ removed });
  });
}
