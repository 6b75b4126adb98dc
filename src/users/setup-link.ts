import { constantTimeEqual } from '@oslojs/crypto/subtle';
import type { Db } from '../../db/client.ts';
import { deleteExpiredSetupTokens, findSetupToken, insertSetupToken } from '../../db/queries/setup-tokens.ts';
import { countUsers } from '../../db/queries/users.ts';
import { hashSecret, randomString } from '../auth/session.ts';
import type { Config } from '../config.ts';

/**
 * The first admin of a fresh install. While nobody has an account, every start
 * prints a one-time link; like a session token it is `id.secret` and only the
 * secret's SHA-256 hash is stored, so reading the database does not give it away.
 */
export const SETUP_TOKEN_LIFETIME_MS = 24 * 60 * 60 * 1000;

/** Creates a setup token; returns it as `id.secret`, the only time the secret exists. */
export async function createSetupToken(db: Db, now: Date): Promise<string> {
  const id = randomString();
  const secret = randomString();
  await deleteExpiredSetupTokens(db, now);
  await insertSetupToken(db, { id, secretHash: hashSecret(secret), now, expiresAt: new Date(now.getTime() + SETUP_TOKEN_LIFETIME_MS) });
  return `${id}.${secret}`;
}

/**
 * When no user exists, prints a setup link to the console; returns it (or null).
 * The link's 24 hours run from the configured clock unless the caller gives `now`.
 */
export async function announceSetupLinkIfNeeded(
  db: Db,
  config: Config,
  log: (message: string) => void,
  now: Date = config.clock(),
): Promise<string | null> {
  try {
    if ((await countUsers(db)) > 0) return null;
    const token = await createSetupToken(db, now);
    const link = `${config.publicUrl}/admin/setup?token=${token}`;
    log(`No users yet. Create the first admin at ${link}`);
    log('  (The link works once, for 24 hours. Or: npm run herald -- user create --email you@example.com --role admin)');
    return link;
  } catch (error) {
    // Not worth failing the start over: the CLI can still create the first admin.
    log(`Could not create a setup link (${(error as Error).message}). Create the first admin with: npm run herald -- user create --email you@example.com --role admin`);
    return null;
  }
}

export type SetupTokenState =
  | { state: 'valid'; tokenId: string }
  | { state: 'invalid' | 'expired' | 'used' | 'done' };

/** Whether a setup link may still create the first admin, and if not, why. */
export async function checkSetupToken(db: Db, token: string | null, now: Date): Promise<SetupTokenState> {
  if ((await countUsers(db)) > 0) return { state: 'done' };
  const [id, secret, extra] = (token ?? '').split('.');
  if (!id || !secret || extra !== undefined || id.length > 64 || secret.length > 64) return { state: 'invalid' };
  const row = await findSetupToken(db, id);
  if (!row || !constantTimeEqual(hashSecret(secret), row.secretHash)) return { state: 'invalid' };
  if (row.usedAt !== null) return { state: 'used' };
  if (row.expiresAt.getTime() <= now.getTime()) return { state: 'expired' };
  return { state: 'valid', tokenId: row.id };
}
