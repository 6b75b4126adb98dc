import { z } from 'zod';
import { findApiTokenById, revokeApiToken } from '../../db/queries/api-tokens.ts';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import { confirmation } from '../catalog/catalog-input.ts';
import { ERRORS, formError } from '../errors/catalogue.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import { parseInput } from '../domain/validation.ts';
import type { Services } from '../services.ts';
import { auditActor } from '../users/audit.ts';
import { visiblePrefix } from './token-secret.ts';

const schema = z.object({
  id: z.string({ error: 'Choose a token.' }).trim().min(1, 'Choose a token.').max(64, 'That is not a token id.'),
  confirm: confirmation('Tick the box to confirm: anything using this token stops working at once.'),
});

/** Revokes a token at once (admins only); the row stays, for the audit log and the list. */
export async function revokeToken(services: Services, actor: Actor, input: unknown): Promise<Result<{ name: string }>> {
  requirePermission(actor, 'token.manage');
  const parsed = parseInput(schema, input);
  if (!parsed.ok) return parsed;
  const id = parsed.value.id.replace(/^hrld_/, '').replace(/[_…].*$/, '');
  const now = services.now();
  return services.db.transaction().execute(async (trx): Promise<Result<{ name: string }>> => {
    const token = await findApiTokenById(trx, id);
    if (token === null) return fail(formError(ERRORS.ApiTokenNotFound));
    if (!(await revokeApiToken(trx, id, now))) return fail(formError(ERRORS.ApiTokenAlreadyRevoked, token.name));
    await insertTimelineEvent(trx, { kind: 'token.revoked', ...auditActor(actor), details: { tokenId: id, name: token.name, prefix: visiblePrefix(id) }, occurredAt: now });
    return ok({ name: token.name });
  });
}
