import { sql } from 'kysely';
import type { Db } from '../client.ts';
import type { LoginAttemptOutcome } from '../schema.ts';

/** Outcomes that count as a guess: checked and wrong, or being checked right now. */
const GUESSES: LoginAttemptOutcome[] = ['pending', 'failed'];

/**
 * Serialises sign-in attempts for one account and for one address until the
 * transaction ends, so counting earlier attempts and recording this one are one
 * step. Always account first, then address: every caller takes them in that order,
 * so two attempts never wait on each other in a cycle.
 */
export async function lockLoginAttemptsFor(db: Db, account: string, ip: string): Promise<void> {
  // Two-key form: class 1 accounts, class 2 addresses, so the two can never collide.
  await sql`select pg_advisory_xact_lock(1, hashtext(${account}))`.execute(db);
  await sql`select pg_advisory_xact_lock(2, hashtext(${ip}))`.execute(db);
}

/** Records an attempt; returns its id so its outcome can be set once known. */
export async function insertLoginAttempt(db: Db, attempt: { account: string; ip: string; outcome: LoginAttemptOutcome; at: Date }): Promise<string> {
  const row = await db
    .insertInto('login_attempts')
    .values({ account: attempt.account, ip: attempt.ip, outcome: attempt.outcome, succeeded: attempt.outcome === 'succeeded', attempted_at: attempt.at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return String(row.id);
}

export async function setLoginAttemptOutcome(db: Db, id: string, outcome: 'failed' | 'succeeded'): Promise<void> {
  await db.updateTable('login_attempts').set({ outcome, succeeded: outcome === 'succeeded' }).where('id', '=', id).execute();
}

/**
 * Times of guesses (failed or still being checked) since `since`, newest first, for
 * an account, an address, or one account from one address.
 */
export async function listGuessTimes(db: Db, by: { account?: string; ip?: string }, since: Date): Promise<Date[]> {
  let query = db.selectFrom('login_attempts').select('attempted_at').where('outcome', 'in', GUESSES).where('attempted_at', '>=', since);
  if (by.account !== undefined) query = query.where('account', '=', by.account);
  if (by.ip !== undefined) query = query.where('ip', '=', by.ip);
  const rows = await query.orderBy('attempted_at', 'desc').orderBy('id', 'desc').limit(200).execute();
  return rows.map((row) => row.attempted_at);
}

/** When this account last signed in successfully from this address since `since`, or null. */
export async function findLastPairSuccess(db: Db, account: string, ip: string, since: Date): Promise<Date | null> {
  const row = await db
    .selectFrom('login_attempts')
    .select((eb) => eb.fn.max('attempted_at').as('at'))
    .where('account', '=', account)
    .where('ip', '=', ip)
    .where('outcome', '=', 'succeeded')
    .where('attempted_at', '>=', since)
    .executeTakeFirst();
  return row?.at ? new Date(row.at as Date | string) : null;
}

/** When a password was last checked for this account (refused attempts were not checked). */
export async function findLastCheckedAttempt(db: Db, account: string, since: Date): Promise<Date | null> {
  const row = await db
    .selectFrom('login_attempts')
    .select((eb) => eb.fn.max('attempted_at').as('at'))
    .where('account', '=', account)
    .where('outcome', '!=', 'refused')
    .where('attempted_at', '>=', since)
    .executeTakeFirst();
  return row?.at ? new Date(row.at as Date | string) : null;
}

/**
 * Claims the right to tell an account's owner that its ceiling was reached: true for
 * the first caller, then false until `quietSince` has passed the last alert. One
 * statement, so parallel attempts send one email.
 */
export async function claimSignInAlert(db: Db, account: string, now: Date, quietSince: Date): Promise<boolean> {
  const row = await db
    .insertInto('sign_in_alerts')
    .values({ account, alerted_at: now })
    .onConflict((oc) => oc.column('account').doUpdateSet({ alerted_at: now }).where('sign_in_alerts.alerted_at', '<', quietSince))
    .returning('account')
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Deletes attempts older than `before`, but successful sign-ins only once older than
 * `successesBefore` (they tell the throttle which addresses the owner uses); returns how many.
 */
export async function deleteLoginAttemptsBefore(db: Db, cutoffs: { before: Date; successesBefore: Date }): Promise<number> {
  const result = await db
    .deleteFrom('login_attempts')
    .where('attempted_at', '<', cutoffs.before)
    .where((eb) => eb.or([eb('outcome', '!=', 'succeeded'), eb('attempted_at', '<', cutoffs.successesBefore)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
