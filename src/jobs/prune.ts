import { deleteLoginAttemptsBefore } from '../../db/queries/login-attempts.ts';
import { deleteSubscribeRequestsBefore } from '../../db/queries/subscribe-requests.ts';
import { KNOWN_ADDRESS_MS } from '../auth/rate-limit.ts';
import type { Services } from '../services.ts';

/**
 * How long rows kept only for rate limits live. The longest window that reads them
 * is a day (three confirmation emails per address per 24 h; sign-in throttling looks
 * back an hour at most), so a week leaves room for any window made longer later and
 * for looking into an incident, without keeping who-tried-what forever. Successful
 * sign-ins stay as long as they make an address "known" to the throttle (90 days).
 */
export const PRUNE_AFTER_DAYS = 7;

export interface PruneSummary {
  subscribeRequests: number;
  loginAttempts: number;
}

/**
 * Deletes subscribe_requests and login_attempts older than PRUNE_AFTER_DAYS, by the
 * injected clock. Run daily by the `prune` job (queue.ts); running it twice, or on two
 * workers at once, deletes nothing twice.
 */
export async function pruneOldRecords(services: Pick<Services, 'db' | 'now'>): Promise<PruneSummary> {
  const now = services.now().getTime();
  const before = new Date(now - PRUNE_AFTER_DAYS * 24 * 3_600_000);
  return {
    subscribeRequests: await deleteSubscribeRequestsBefore(services.db, before),
    loginAttempts: await deleteLoginAttemptsBefore(services.db, { before, successesBefore: new Date(now - KNOWN_ADDRESS_MS) }),
  };
}
