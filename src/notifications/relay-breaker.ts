/**
 * A circuit breaker for the SMTP relay, one per worker process.
 *
 * closed: mail goes out. A relay failure (classify-failure.ts, or a batch the relay
 * refused almost whole) opens it: nothing is sent for `baseMs`; then it is half-open
 * and the loop sends ONE message as a probe. The probe accepted closes it; refused,
 * it opens again for twice as long (at most `maxMs`). So a relay that fails every
 * message is asked once per cool-down, not hammered with the whole queue, and mail
 * resumes within one cool-down of its recovery.
 *
 * Times are milliseconds from the caller's clock (services.now()), so tests drive it.
 * In-memory on purpose: each process judges the relay by what it sees itself; what
 * the admins are told lives in the database (mail_alerts), once per outage.
 */

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface RelayBreakerOptions {
  baseMs: number;
  maxMs: number;
}

export interface RelayBreaker {
  state(now: number): BreakerState;
  /** A relay failure at `now`; true when it opened a closed breaker (an outage begins). */
  recordFailure(now: number): boolean;
  /** Mail accepted; true when it closed an open breaker (the outage is over). */
  recordSuccess(): boolean;
  /** How long until the next probe (0 when closed or half-open). */
  waitMs(now: number): number;
}

export function createRelayBreaker(options: RelayBreakerOptions): RelayBreaker {
  let open = false;
  let cooldown = 0;
  let retryAt = 0;
  return {
    state(now): BreakerState {
      if (!open) return 'closed';
      return now >= retryAt ? 'half-open' : 'open';
    },
    recordFailure(now): boolean {
      if (!open) {
        open = true;
        cooldown = options.baseMs;
        retryAt = now + cooldown;
        return true;
      }
      // A failure while open is a message that was already in flight: no change.
      // Once the cool-down has passed it is the probe's: wait twice as long.
      if (now >= retryAt) {
        cooldown = Math.min(options.maxMs, cooldown * 2);
        retryAt = now + cooldown;
      }
      return false;
    },
    recordSuccess(): boolean {
      const wasOpen = open;
      open = false;
      cooldown = 0;
      return wasOpen;
    },
    waitMs(now): number {
      return open ? Math.max(0, retryAt - now) : 0;
    },
  };
}

/** How many recent outcomes the loop remembers to tell a refusing relay from bad addresses. */
export const REFUSAL_WINDOW = 50;
/** Fewer refusals than this in one batch are always judged per address. */
export const MIN_RELAY_REFUSALS = 5;

/**
 * Whether a batch's permanent refusals (5xx at RCPT TO or DATA) are the relay's
 * rather than the addresses': at least MIN_RELAY_REFUSALS of them, most of the
 * batch's answered messages, and most of the recent ones (`recent`: true for a
 * refusal, false for an accepted message, this batch's included). The last rule
 * keeps a batch that happens to hold only the few bad addresses left over from a
 * large fan-out from being mistaken for an outage.
 */
export function refusalsLookLikeRelay(batch: { accepted: number; refused: number }, recent: readonly boolean[]): boolean {
  if (batch.refused < MIN_RELAY_REFUSALS) return false;
  if (batch.refused * 2 <= batch.accepted + batch.refused) return false;
  const refusedRecently = recent.filter(Boolean).length;
  return refusedRecently * 2 > recent.length;
}
