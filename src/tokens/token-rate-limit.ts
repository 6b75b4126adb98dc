import type { Db } from '../../db/client.ts';
import { recordApiTokenHit } from '../../db/queries/api-token-hits.ts';

export const RATE_WINDOW_MS = 60 * 1000;

export type RateCheck = { ok: true } | { ok: false; status: 429; error: string; retryAfterSeconds: number };

/**
 * A token may make `limit` requests in any rolling minute (HERALD_API_RATE_LIMIT,
 * 60 by default). Kept in the database, so every web process counts the same
 * requests. Past the limit: 429, and Retry-After says when the oldest request in
 * the window leaves it.
 */
export async function checkTokenRateLimit(db: Db, tokenId: string, now: Date, limit: number): Promise<RateCheck> {
  const hit = await recordApiTokenHit(db, tokenId, now, RATE_WINDOW_MS, limit);
  if (hit.allowed) return { ok: true };
  const freeAt = (hit.oldest?.getTime() ?? now.getTime()) + RATE_WINDOW_MS;
  const retryAfterSeconds = Math.max(1, Math.ceil((freeAt - now.getTime()) / 1000));
  return { ok: false, status: 429, error: `Too many requests with this API token: at most ${limit} a minute. Try again in ${retryAfterSeconds} s.`, retryAfterSeconds };
}
