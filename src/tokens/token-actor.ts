import type { Actor } from '../auth/permissions.ts';
import type { TokenPrincipal } from './authenticate-token.ts';

/**
 * A token as the Actor every use case receives, so the API goes through the same
 * use cases (permissions, one transaction, audit, snapshot) as the hub. Its scopes
 * decide (src/auth/permissions.ts, PERMISSION_SCOPES); the role is only a floor
 * for code that looks at roles directly: viewer, or admin for an `admin` token.
 * The audit log names the token.
 */
export function tokenActor(principal: TokenPrincipal): Actor {
  return {
    id: `token:${principal.tokenId}`,
    name: principal.name,
    role: principal.scopes.includes('admin') ? 'admin' : 'viewer',
    token: { id: principal.tokenId, scopes: principal.scopes },
  };
}
