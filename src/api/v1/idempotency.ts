import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import type { Db } from '../../../db/client.ts';
import {
  claimIdempotencyKey,
  findIdempotencyKey,
  pruneIdempotencyKeys,
  releaseIdempotencyKey,
  saveIdempotentAnswer,
} from '../../../db/queries/api-idempotency-keys.ts';

/**
 * `Idempotency-Key` on POST, as Stripe and the IETF draft define it: the same key,
 * token and body within 24 hours returns the first answer and creates nothing new;
 * the same key with another body is refused (422); while the first request is
 * still running, a repeat gets 409. Kept in the database, so a retry that lands on
 * another web process is recognised too. Answers of 5xx are not kept (the key is
 * released), so the client may retry.
 */
export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;
const MAX_KEY_LENGTH = 255;

export interface StoredAnswer {
  status: number;
  body: string;
}

export type IdempotencyClaim =
  | { kind: 'first'; finish(answer: StoredAnswer): Promise<void>; abandon(): Promise<void> }
  | { kind: 'replay'; answer: StoredAnswer }
  | { kind: 'refused'; status: 409 | 422; error: string };

export function requestHash(method: string, path: string, body: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(`${method} ${path}\n${body}`)));
}

export async function claimIdempotency(db: Db, tokenId: string, key: string, hash: string, now: Date): Promise<IdempotencyClaim> {
  if (key.length === 0 || key.length > MAX_KEY_LENGTH) {
    return { kind: 'refused', status: 422, error: `Idempotency-Key must be 1 to ${MAX_KEY_LENGTH} characters.` };
  }
  await pruneIdempotencyKeys(db, new Date(now.getTime() - IDEMPOTENCY_WINDOW_MS));
  if (await claimIdempotencyKey(db, { tokenId, key, requestHash: hash, at: now })) {
    return {
      kind: 'first',
      finish: (answer) => (answer.status >= 500 ? releaseIdempotencyKey(db, tokenId, key) : saveIdempotentAnswer(db, tokenId, key, answer)),
      abandon: () => releaseIdempotencyKey(db, tokenId, key),
    };
  }
  const existing = await findIdempotencyKey(db, tokenId, key);
  if (existing === null) return claimIdempotency(db, tokenId, key, hash, now); // released meanwhile: try again
  if (existing.requestHash !== hash) {
    return { kind: 'refused', status: 422, error: 'This Idempotency-Key was already used with a different request body: use a new key for a new request.' };
  }
  if (existing.status === null || existing.body === null) {
    return { kind: 'refused', status: 409, error: 'A request with this Idempotency-Key is still being processed: retry in a moment.' };
  }
  return { kind: 'replay', answer: { status: existing.status, body: existing.body } };
}
