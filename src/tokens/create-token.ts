import { z } from 'zod';
import { findActiveApiTokenByName, insertApiToken } from '../../db/queries/api-tokens.ts';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import { parseInput } from '../domain/validation.ts';
import type { Services } from '../services.ts';
import { auditActor } from '../users/audit.ts';
import type { Scope } from './scopes.ts';
import { tokenFields } from './token-input.ts';
import { hashTokenSecret, newTokenParts, visiblePrefix } from './token-secret.ts';

const schema = z.object(tokenFields);

export interface CreatedToken {
  id: string;
  name: string;
  /** The whole token: shown once, never stored. */
  token: string;
  prefix: string;
  scopes: Scope[];
  expiresAt: Date | null;
}

/**
 * Creates an API token (admins only). Names are unique among active tokens, since
 * the audit log names the token that acted. Only a hash of the secret is kept:
 * the token is in the answer and nowhere else.
 */
export async function createToken(services: Services, actor: Actor, input: unknown): Promise<Result<CreatedToken>> {
  requirePermission(actor, 'token.manage');
  const parsed = parseInput(schema, input);
  if (!parsed.ok) return parsed;
  const { name, scopes, expiresIn } = parsed.value;
  const now = services.now();
  const expiresAt = expiresIn === null ? null : new Date(now.getTime() + expiresIn);
  const parts = newTokenParts();
  const who = auditActor(actor);

  return services.db.transaction().execute(async (trx): Promise<Result<CreatedToken>> => {
    if ((await findActiveApiTokenByName(trx, name)) !== null) return fail({ name: `There is already a token called “${name}”. Choose another name, or revoke that one first.` });
    await insertApiToken(trx, {
      id: parts.id,
      name,
      secretHash: hashTokenSecret(parts.secret),
      scopes,
      createdBy: who.actorId === null || actor.token ? null : who.actorId,
      createdByName: actor.name,
      createdAt: now,
      expiresAt,
    });
    await insertTimelineEvent(trx, {
      kind: 'token.created',
      ...who,
      details: { tokenId: parts.id, name, prefix: visiblePrefix(parts.id), scopes: scopes.join(', '), expires: expiresAt?.toISOString() ?? 'never' },
      occurredAt: now,
    });
    return ok({ id: parts.id, name, token: parts.token, prefix: visiblePrefix(parts.id), scopes, expiresAt });
  });
}
