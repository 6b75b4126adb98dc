import type { Db } from '../../db/client.ts';
import { findApiTokenById, touchApiToken } from '../../db/queries/api-tokens.ts';
import type { Clock } from '../time/clock.ts';
import { hasScope, isScope, type Scope } from './scopes.ts';
import { secretMatches, splitToken } from './token-secret.ts';

/**
 * Who is calling the API: a token principal, or why not (401). Accepted forms:
 * - `Authorization: OAuth <token>` — what Statuspage clients send;
 * - `Authorization: Bearer <token>` — Alertmanager's `http_config.authorization`, curl;
 * - HTTP Basic with the token as the password (any user name) — what Alertmanager's
 *   and Grafana's basic_auth send.
 * Only the token's id is looked up; its secret is compared with the stored hash
 * in constant time. Every failure gets the same message, so the answer does not
 * tell a revoked token from a made-up one — except expiry, which helps its owner.
 */

export interface TokenPrincipal {
  tokenId: string;
  name: string;
  scopes: Scope[];
}

export type TokenAuthentication = { ok: true; principal: TokenPrincipal } | { ok: false; status: 401; error: string };

/** The last-used time and address are written at most this often per token. */
export const LAST_USED_THROTTLE_MS = 60 * 1000;

const MISSING = 'Authentication required: send an API token as "Authorization: OAuth <token>" or "Authorization: Bearer <token>". Admins create tokens at /admin/tokens.';
const INVALID = 'This API token is not valid: it may have been revoked or mistyped.';

/** The token from an Authorization header, or null when there is none in a form we accept. */
export function tokenFromAuthorization(header: string | null): string | null {
  if (header === null) return null;
  const match = /^\s*(\S+)\s+(.+?)\s*$/.exec(header);
  if (!match?.[1] || !match[2]) return null;
  const scheme = match[1].toLowerCase();
  if (scheme === 'oauth' || scheme === 'bearer' || scheme === 'token') return match[2];
  if (scheme === 'basic') {
    const decoded = Buffer.from(match[2], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    // The password is the token; a token given as the user name (curl -u TOKEN:) works too.
    const password = colon === -1 ? decoded : decoded.slice(colon + 1);
    const user = colon === -1 ? '' : decoded.slice(0, colon);
    return password !== '' ? password : user !== '' ? user : null;
  }
  return null;
}

export async function authenticateToken(
  db: Db,
  headers: Headers,
  clientAddress: string,
  clock: Clock,
): Promise<TokenAuthentication> {
  const now = clock();
  const token = tokenFromAuthorization(headers.get('authorization'));
  if (token === null) return { ok: false, status: 401, error: MISSING };
  const parts = splitToken(token);
  if (parts === null) return { ok: false, status: 401, error: INVALID };
  const row = await findApiTokenById(db, parts.id);
  if (row === null || !secretMatches(parts.secret, row.secretHash) || row.revokedAt !== null) return { ok: false, status: 401, error: INVALID };
  if (row.expiresAt !== null && row.expiresAt.getTime() <= now.getTime()) {
    return { ok: false, status: 401, error: `This API token expired on ${row.expiresAt.toISOString()}: ask an admin for a new one.` };
  }
  await touchApiToken(db, row.id, now, clientAddress, LAST_USED_THROTTLE_MS);
  return { ok: true, principal: { tokenId: row.id, name: row.name, scopes: row.scopes.filter(isScope) } };
}

export type ScopeCheck = { ok: true } | { ok: false; status: 403; error: string };

/** 403 naming the missing scope, unless the token has it (or `admin`). */
export function requireScope(principal: TokenPrincipal, scope: Scope): ScopeCheck {
  if (hasScope(principal.scopes, scope)) return { ok: true };
  return { ok: false, status: 403, error: `This API token lacks the scope "${scope}" needed here (it has: ${principal.scopes.join(', ') || 'none'}).` };
}

/** 403 unless the token has at least one of the scopes; names the first. */
export function requireAnyScope(principal: TokenPrincipal, scopes: readonly Scope[]): ScopeCheck {
  if (scopes.some((scope) => hasScope(principal.scopes, scope))) return { ok: true };
  const [first] = scopes;
  const names = scopes.map((s) => `"${s}"`).join(' or ');
  return first === undefined ? { ok: true } : { ok: false, status: 403, error: `This API token lacks the scope ${names} needed here (it has: ${principal.scopes.join(', ') || 'none'}).` };
}
