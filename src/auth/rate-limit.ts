import type { Db } from '../../db/client.ts';
import { countAccountAttempts, listFailedAttemptTimes } from '../../db/queries/login-attempts.ts';

/**
 * Login throttling, kept in the database so every web process sees the same
 * counts. Keyed by the submitted account name whether or not it exists, so the
 * answer never reveals which accounts do.
 *
 * - 5 failures for one account within 15 minutes: wait until the oldest of them is 15 minutes old.
 * - 20 failures from one IP within 15 minutes: the same for that IP.
 * - never more than 100 tries an hour on one account, whatever the IPs.
 */
const WINDOW_MS = 15 * 60 * 1000;
const ACCOUNT_FAILURES = 5;
const IP_FAILURES = 20;
const HOURLY_CAP = 100;

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAt: Date };

function lockedUntil(failures: Date[], limit: number): Date | null {
  if (failures.length < limit) return null;
  const oldestCounted = failures[limit - 1];
  return oldestCounted ? new Date(oldestCounted.getTime() + WINDOW_MS) : null;
}

export async function checkLoginThrottle(db: Db, account: string, ip: string, now: Date): Promise<ThrottleDecision> {
  const since = new Date(now.getTime() - WINDOW_MS);
  const [byAccount, byIp, lastHour] = await Promise.all([
    listFailedAttemptTimes(db, { account }, since),
    listFailedAttemptTimes(db, { ip }, since),
    countAccountAttempts(db, account, new Date(now.getTime() - 60 * 60 * 1000)),
  ]);
  const candidates = [lockedUntil(byAccount, ACCOUNT_FAILURES), lockedUntil(byIp, IP_FAILURES)].filter(
    (date): date is Date => date !== null && date.getTime() > now.getTime(),
  );
  if (lastHour >= HOURLY_CAP) candidates.push(new Date(now.getTime() + WINDOW_MS));
  if (candidates.length === 0) return { allowed: true };
  return { allowed: false, retryAt: new Date(Math.max(...candidates.map((d) => d.getTime()))) };
}
