import type { Db } from '../../db/client.ts';
import {
  findLastCheckedAttempt,
  findLastPairSuccess,
  insertLoginAttempt,
  listGuessTimes,
  lockLoginAttemptsFor,
  setLoginAttemptOutcome,
} from '../../db/queries/login-attempts.ts';

/**
 * Sign-in throttling, kept in the database so every web process sees the same
 * counts. Keyed by the submitted account name whether or not it exists, so the
 * answer never reveals which accounts do.
 *
 * Atomic: an attempt is counted and recorded in one transaction holding an advisory
 * lock per account and per address, and recorded as 'pending' BEFORE its password is
 * checked. So however many requests arrive at once, each sees every earlier one, and
 * no more passwords are checked than the limits allow.
 *
 * The limits (a "guess" is a wrong password, or one still being checked):
 * - Per account AND address, growing delays: 5 guesses are free; after that each
 *   guess must wait 1, 2, 4 … minutes (at most 60) after the previous one. A
 *   successful sign-in from that address starts the count again.
 * - Per address, across accounts (password spraying): 20 guesses in 15 minutes.
 * - Per account, from all addresses: a ceiling of 10 guesses in 15 minutes. Past
 *   it, addresses that guessed wrong wait until the ceiling clears; an address the
 *   owner signed in from before is let through (the pair limit still applies); any
 *   other fresh address gets one check a minute. So an attacker with many addresses
 *   gets at most about one guess a minute, and the owner is never locked out for
 *   long. The owner is emailed when the ceiling is reached (at most once an hour).
 */
const PAIR_FREE_GUESSES = 5;
const PAIR_FIRST_DELAY_MS = 60 * 1000;
const PAIR_MAX_DELAY_MS = 60 * 60 * 1000;
const PAIR_MEMORY_MS = 24 * 60 * 60 * 1000;
const WINDOW_MS = 15 * 60 * 1000;
const IP_GUESSES = 20;
export const ACCOUNT_CEILING = 10;
const FRESH_ADDRESS_GAP_MS = 60 * 1000;
/** How long a successful sign-in makes its address "known" (the prune job keeps those rows as long). */
export const KNOWN_ADDRESS_MS = 90 * 24 * 60 * 60 * 1000;

/** What the database says about earlier attempts, gathered under the locks. */
export interface ThrottleFacts {
  /** Guesses for this account from this address, since its last success (24 h at most), newest first. */
  pairGuesses: Date[];
  /** Guesses for this account from anywhere in the last 15 minutes, newest first. */
  accountGuesses: Date[];
  /** Guesses from this address for any account in the last 15 minutes, newest first. */
  ipGuesses: Date[];
  /** The owner signed in from this address in the last 90 days. */
  knownAddress: boolean;
  /** When a password was last checked for this account (any address), or null. */
  lastCheckedAt: Date | null;
}

export type ThrottleDecision =
  | { allowed: true; ceilingReached: boolean }
  | { allowed: false; retryAt: Date; ceilingReached: boolean };

/** The throttle's rules as a pure function of earlier attempts (see the comment above). */
export function decideThrottle(facts: ThrottleFacts, now: Date): ThrottleDecision {
  const waits: number[] = [];
  const pairCount = facts.pairGuesses.length;
  if (pairCount >= PAIR_FREE_GUESSES && facts.pairGuesses[0]) {
    const delay = Math.min(PAIR_MAX_DELAY_MS, PAIR_FIRST_DELAY_MS * 2 ** (pairCount - PAIR_FREE_GUESSES));
    waits.push(facts.pairGuesses[0].getTime() + delay);
  }
  const sprayed = facts.ipGuesses[IP_GUESSES - 1];
  if (sprayed) waits.push(sprayed.getTime() + WINDOW_MS);

  const ceilingAt = facts.accountGuesses[ACCOUNT_CEILING - 1];
  const ceilingReached = ceilingAt !== undefined;
  if (ceilingAt && !facts.knownAddress) {
    const guessedFromHere = facts.pairGuesses.some((at) => at.getTime() >= now.getTime() - WINDOW_MS);
    if (guessedFromHere) waits.push(ceilingAt.getTime() + WINDOW_MS);
    else if (facts.lastCheckedAt) waits.push(facts.lastCheckedAt.getTime() + FRESH_ADDRESS_GAP_MS);
  }

  const retryAt = Math.max(0, ...waits);
  if (retryAt <= now.getTime()) return { allowed: true, ceilingReached };
  return { allowed: false, retryAt: new Date(retryAt), ceilingReached };
}

export type LoginAttempt =
  | { allowed: true; attemptId: string; ceilingReached: boolean }
  | { allowed: false; retryAt: Date; ceilingReached: boolean };

/**
 * Decides whether a password may be checked and records the attempt, in one step:
 * 'pending' when allowed (settle it with finishLoginAttempt once the password is
 * checked; a crash in between leaves it counted as a guess), 'refused' otherwise.
 */
export async function beginLoginAttempt(db: Db, account: string, ip: string, now: Date): Promise<LoginAttempt> {
  return db.transaction().execute(async (trx): Promise<LoginAttempt> => {
    await lockLoginAttemptsFor(trx, account, ip);
    const windowStart = new Date(now.getTime() - WINDOW_MS);
    const lastSuccess = await findLastPairSuccess(trx, account, ip, new Date(now.getTime() - KNOWN_ADDRESS_MS));
    const pairSince = new Date(Math.max(now.getTime() - PAIR_MEMORY_MS, lastSuccess ? lastSuccess.getTime() + 1 : 0));
    const facts: ThrottleFacts = {
      pairGuesses: await listGuessTimes(trx, { account, ip }, pairSince),
      accountGuesses: await listGuessTimes(trx, { account }, windowStart),
      ipGuesses: await listGuessTimes(trx, { ip }, windowStart),
      knownAddress: lastSuccess !== null,
      lastCheckedAt: await findLastCheckedAttempt(trx, account, windowStart),
    };
    const decision = decideThrottle(facts, now);
    const attemptId = await insertLoginAttempt(trx, { account, ip, outcome: decision.allowed ? 'pending' : 'refused', at: now });
    // This attempt is the one that reaches the ceiling: the caller tells the owner.
    const reachesCeiling = facts.accountGuesses.length + (decision.allowed ? 1 : 0) >= ACCOUNT_CEILING;
    return decision.allowed
      ? { allowed: true, attemptId, ceilingReached: reachesCeiling }
      : { allowed: false, retryAt: decision.retryAt, ceilingReached: reachesCeiling };
  });
}

export function finishLoginAttempt(db: Db, attemptId: string, succeeded: boolean): Promise<void> {
  return setLoginAttemptOutcome(db, attemptId, succeeded ? 'succeeded' : 'failed');
}

/** "Too many … Try again in N minutes." */
export function minutesUntil(retryAt: Date, now: Date): string {
  const minutes = Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 60_000));
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}
