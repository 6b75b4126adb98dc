import type { Db } from '../client.ts';

export interface IdempotencyRecord {
  requestHash: string;
  /** null while the first request is still being answered. */
  status: number | null;
  body: string | null;
  createdAt: Date;
}

/**
 * Claims a key for a token: true when this request is the first (its row now
 * exists, unanswered), false when a row was already there. The primary key makes
 * the claim atomic across processes.
 */
export async function claimIdempotencyKey(db: Db, claim: { tokenId: string; key: string; requestHash: string; at: Date }): Promise<boolean> {
  const result = await db
    .insertInto('api_idempotency_keys')
    .values({ token_id: claim.tokenId, key: claim.key, request_hash: claim.requestHash, created_at: claim.at })
    .onConflict((oc) => oc.columns(['token_id', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  return result !== undefined;
}

export async function findIdempotencyKey(db: Db, tokenId: string, key: string): Promise<IdempotencyRecord | null> {
  const row = await db.selectFrom('api_idempotency_keys').selectAll().where('token_id', '=', tokenId).where('key', '=', key).executeTakeFirst();
  return row ? { requestHash: row.request_hash, status: row.status, body: row.body, createdAt: row.created_at } : null;
}

export async function saveIdempotentAnswer(db: Db, tokenId: string, key: string, answer: { status: number; body: string }): Promise<void> {
  await db.updateTable('api_idempotency_keys').set({ status: answer.status, body: answer.body }).where('token_id', '=', tokenId).where('key', '=', key).execute();
}

export async function releaseIdempotencyKey(db: Db, tokenId: string, key: string): Promise<void> {
  await db.deleteFrom('api_idempotency_keys').where('token_id', '=', tokenId).where('key', '=', key).execute();
}

/** Forgets keys older than `before` (24 hours): called as keys are claimed, so the table stays small. */
export async function pruneIdempotencyKeys(db: Db, before: Date): Promise<void> {
  await db.deleteFrom('api_idempotency_keys').where('created_at', '<', before).execute();
}
