import type { Db } from '../client.ts';

/** A one-time link to create the first admin; only a SHA-256 hash of its secret is kept. */
export interface SetupTokenRow {
  id: string;
  secretHash: Uint8Array;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
}

export async function insertSetupToken(db: Db, token: { id: string; secretHash: Uint8Array; now: Date; expiresAt: Date }): Promise<void> {
  await db
    .insertInto('setup_tokens')
    .values({ id: token.id, secret_hash: token.secretHash, created_at: token.now, expires_at: token.expiresAt })
    .execute();
}

export async function findSetupToken(db: Db, id: string): Promise<SetupTokenRow | null> {
  const row = await db.selectFrom('setup_tokens').selectAll().where('id', '=', id).executeTakeFirst();
  return row
    ? { id: row.id, secretHash: new Uint8Array(row.secret_hash), createdAt: row.created_at, expiresAt: row.expires_at, usedAt: row.used_at }
    : null;
}

/**
 * Locks every setup token row until the transaction ends, so two people using
 * setup links at the same moment cannot both create "the first" admin.
 */
export async function lockSetupTokens(db: Db): Promise<void> {
  await db.selectFrom('setup_tokens').select('id').forUpdate().execute();
}

/** Marks a token used; false when it already was (the claim is atomic). */
export async function markSetupTokenUsed(db: Db, id: string, at: Date): Promise<boolean> {
  const result = await db.updateTable('setup_tokens').set({ used_at: at }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function deleteExpiredSetupTokens(db: Db, now: Date): Promise<void> {
  await db.deleteFrom('setup_tokens').where('expires_at', '<=', now).execute();
}
