import { listApiTokens } from '../../db/queries/api-tokens.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import type { ApiToken } from '../domain/api-token.ts';
import type { Services } from '../services.ts';
import { visiblePrefix } from './token-secret.ts';

export interface TokenListItem extends ApiToken {
  prefix: string;
  state: 'active' | 'expired' | 'revoked';
}

/** Every token (admins only), with its visible prefix and whether it still works. */
export async function listTokens(services: Services, actor: Actor): Promise<TokenListItem[]> {
  requirePermission(actor, 'token.manage');
  const now = services.now();
  const tokens = await listApiTokens(services.db);
  return tokens.map((token) => ({
    ...token,
    prefix: visiblePrefix(token.id),
    state: token.revokedAt !== null ? 'revoked' : token.expiresAt !== null && token.expiresAt.getTime() <= now.getTime() ? 'expired' : 'active',
  }));
}
