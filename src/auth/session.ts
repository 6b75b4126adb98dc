import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import type { Db } from '../../db/client.ts';
import { deleteSession, findSessionById, insertSession, touchSession } from '../../db/queries/sessions.ts';
import { findUserById } from '../../db/queries/users.ts';
import type { Session, User } from '../domain/types.ts';

/**
 * Sessions as in the lucia-auth.com session guide: the cookie holds `id.secret`;
 * the database holds the id and only a SHA-256 hash of the secret, so a leaked
 * sessions table cannot be replayed as cookies. Secrets are compared in constant
 * time. Sessions expire after 30 days without use (sliding).
 */

export const SESSION_COOKIE = 'herald_session';
export const SESSION_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;
/** Extend the expiry at most this often, so a busy user is not a write per request. */
const REFRESH_AFTER_MS = 60 * 60 * 1000;

export type SessionValidation =
  | { session: Session; user: User; refreshed: boolean }
  | { session: null; user: null };

/** 120 bits of entropy in 24 lowercase base32 characters (session ids and secrets, setup links). */
export function randomString(): string {
  const bytes = new Uint8Array(15);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

export function hashSecret(secret: string): Uint8Array {
  return sha256(new TextEncoder().encode(secret));
}

export interface NewSession {
  token: string;
  session: Session;
}

export async function createSession(
  db: Db,
  userId: string,
  context: { now: Date; userAgent: string | null; ip: string | null },
): Promise<NewSession> {
  const id = randomString();
  const secret = randomString();
  const expiresAt = new Date(context.now.getTime() + SESSION_LIFETIME_MS);
  await insertSession(db, { id, userId, secretHash: hashSecret(secret), now: context.now, expiresAt, userAgent: context.userAgent, ip: context.ip });
  return {
    token: `${id}.${secret}`,
    session: { id, userId, createdAt: context.now, lastUsedAt: context.now, expiresAt, userAgent: context.userAgent, ip: context.ip },
  };
}

const TOKEN_PART = /^[a-z0-9]{1,64}$/;

export async function validateSessionToken(db: Db, token: string, now: Date): Promise<SessionValidation> {
  const none = { session: null, user: null } as const;
  const [id, secret, extra] = token.split('.');
  // Only what createSession makes (base32 lowercase): anything else, a NUL byte
  // included, is no session rather than a query the database refuses.
  if (!id || !secret || extra !== undefined || !TOKEN_PART.test(id) || !TOKEN_PART.test(secret)) return none;
  const row = await findSessionById(db, id);
  if (!row || !constantTimeEqual(hashSecret(secret), row.secretHash)) return none;
  if (row.expiresAt.getTime() <= now.getTime()) {
    await deleteSession(db, id);
    return none;
  }
  const user = await findUserById(db, row.userId);
  if (!user || user.disabledAt !== null) return none;
  const { secretHash: _hash, ...session } = row;
  if (now.getTime() - row.lastUsedAt.getTime() >= REFRESH_AFTER_MS) {
    session.lastUsedAt = now;
    session.expiresAt = new Date(now.getTime() + SESSION_LIFETIME_MS);
    await touchSession(db, id, session.lastUsedAt, session.expiresAt);
    return { session, user, refreshed: true };
  }
  return { session, user, refreshed: false };
}

export interface CookieOptions {
  httpOnly: true;
  sameSite: 'lax';
  secure: boolean;
  path: '/';
  expires: Date;
}

/** Cookies get Secure when this request, or the public URL in front of a proxy, is HTTPS. */
export function useSecureCookies(requestUrl: URL, publicUrl: string): boolean {
  return requestUrl.protocol === 'https:' || publicUrl.startsWith('https:');
}

/** HttpOnly (no script reads it), SameSite=Lax, Secure whenever the page is served over HTTPS. */
export function sessionCookieOptions(secure: boolean, expires: Date): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure, path: '/', expires };
}
