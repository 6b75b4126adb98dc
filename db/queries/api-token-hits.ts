import { sql } from 'kysely';
import type { Db } from '../client.ts';

/**
 * Counts a request against a token's rolling window, atomically: the token's row
 * is locked, hits older than the window are dropped, and the request is recorded
 * only when fewer than `limit` remain. Returns the hits in the window (before this
 * one) and the oldest of them.
 */
export async function recordApiTokenHit(
  db: Db,
  tokenId: string,
  now: Date,
  windowMs: number,
  limit: number,
): Promise<{ allowed: boolean; oldest: Date | null }> {
  return db.transaction().execute(async (trx) => {
    await trx.selectFrom('api_tokens').select('id').where('id', '=', tokenId).forUpdate().executeTakeFirst();
    const since = new Date(now.getTime() - windowMs);
    await trx.deleteFrom('api_token_hits').where('token_id', '=', tokenId).where('at', '<=', since).execute();
    const row = await trx
      .selectFrom('api_token_hits')
      .select([sql<string>`count(*)`.as('count'), sql<Date | null>`min(at)`.as('oldest')])
      .where('token_id', '=', tokenId)
      .executeTakeFirstOrThrow();
    const count = Number(row.count);
    if (count >= limit) return { allowed: false, oldest: row.oldest === null ? null : new Date(row.oldest) };
    await trx.insertInto('api_token_hits').values({ token_id: tokenId, at: now }).execute();
    return { allowed: true, oldest: row.oldest === null ? null : new Date(row.oldest) };
  });
}
