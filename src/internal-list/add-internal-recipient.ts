import { z } from 'zod';
import { insertInternalRecipient } from '../../db/queries/internal-recipients.ts';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import { parseInput } from '../domain/validation.ts';
import type { Services } from '../services.ts';
import { emailAddress } from '../subscriptions/email-address.ts';
import { auditActor } from '../users/audit.ts';

const schema = z.object({ email: emailAddress });

/**
 * Adds an address (e.g. a team list) to the internal mailing list: it gets every
 * published internal update, like users who opted in. Audited, because internal
 * content leaves the hub through it.
 */
export async function addInternalRecipient(services: Services, actor: Actor, input: unknown): Promise<Result<{ email: string }>> {
  requirePermission(actor, 'settings.manage');
  const parsed = parseInput(schema, input);
  if (!parsed.ok) return parsed;
  const { email } = parsed.value;
  const now = services.now();
  return services.db.transaction().execute(async (trx): Promise<Result<{ email: string }>> => {
    if (!(await insertInternalRecipient(trx, email, now))) return fail({ email: `${email} is already on the internal list.` });
    await insertTimelineEvent(trx, { kind: 'settings.internal_recipient_added', ...auditActor(actor), details: { email }, occurredAt: now });
    return ok({ email });
  });
}
