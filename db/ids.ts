import { randomBytes } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A random 12-character lowercase id, like Statuspage's ("k2bq8zd5rf1m"). */
export function newId(): string {
  const bytes = randomBytes(12);
  let id = '';
  for (const byte of bytes) id += ALPHABET[byte % ALPHABET.length];
  return id;
}

/**
 * An API token acts as an Actor whose id is "token:<token id>" (src/tokens/token-actor.ts).
 * Columns that name a user (declared_by, author_id, published_by, timeline actor_id)
 * get null for it; the timeline keeps the token in token_id and its name in actor.
 */
const TOKEN_ACTOR = /^token:(.+)$/;

/** The user id behind an actor id, or null for a token (or none). */
export function userIdOf(actorId: string | null | undefined): string | null {
  if (actorId === null || actorId === undefined) return null;
  return TOKEN_ACTOR.test(actorId) ? null : actorId;
}

/** The token id behind an actor id, or null when a person (or nobody) acted. */
export function tokenIdOf(actorId: string | null | undefined): string | null {
  return TOKEN_ACTOR.exec(actorId ?? '')?.[1] ?? null;
}
