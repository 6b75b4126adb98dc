import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';

/**
 * An API token is `hrld_<id>_<secret>`: the id (8 base32 characters) finds the
 * row and is the visible prefix the admin page lists ("hrld_ab12cd34…"); the
 * secret (160 bits) is never stored, only its SHA-256, so a leaked table cannot be
 * replayed. The `hrld_` prefix lets secret scanners (and people) recognise a token.
 */
export const TOKEN_PREFIX = 'hrld_';

const SHAPE = /^hrld_([a-z2-7]{8})_([a-z2-7]{32})$/;

function random(bytes: number): string {
  const buffer = new Uint8Array(bytes);
  crypto.getRandomValues(buffer);
  return encodeBase32LowerCaseNoPadding(buffer);
}

export function newTokenParts(): { id: string; secret: string; token: string } {
  const id = random(5);
  const secret = random(20);
  return { id, secret, token: `${TOKEN_PREFIX}${id}_${secret}` };
}

/** The id and secret of something shaped like a token, or null. */
export function splitToken(token: string): { id: string; secret: string } | null {
  const match = SHAPE.exec(token);
  return match?.[1] && match[2] ? { id: match[1], secret: match[2] } : null;
}

export function hashTokenSecret(secret: string): Uint8Array {
  return sha256(new TextEncoder().encode(secret));
}

/** Compared in constant time, so the answer's timing does not leak how much matched. */
export function secretMatches(secret: string, hash: Uint8Array): boolean {
  return constantTimeEqual(hashTokenSecret(secret), hash);
}

/** What the admin page and `token list` show of a token: never the secret. */
export function visiblePrefix(id: string): string {
  return `${TOKEN_PREFIX}${id}`;
}
