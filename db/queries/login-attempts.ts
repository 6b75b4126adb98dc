import type { Db } from '../client.ts';

export async function insertLoginAttempt(db: Db, attempt: { account: string; ip: string; succeeded: boolean; at: Date }): Promise<void> {
  await db.insertInto('login_attempts').values({ account: attempt.account, ip: attempt.ip, succeeded: attempt.succeeded, attempted_at: attempt.at }).execute();
}

/** Times of failed attempts since `since`, newest first, for an account or an IP. */
export async function listFailedAttemptTimes(db: Db, by: { account: string } | { ip: string }, since: Date): Promise<Date[]> {
  let query = db.selectFrom('login_attempts').select('attempted_at').where('succeeded', '=', false).where('attempted_at', '>=', since);
  query = 'account' in by ? query.where('account', '=', by.account) : query.where('ip', '=', by.ip);
  const rows = await query.orderBy('attempted_at', 'desc').limit(200).execute();
  return rows.map((row) => row.attempted_at);
}

/** How many attempts (any outcome) an account had since `since`. */
export async function countAccountAttempts(db: Db, account: string, since: Date): Promise<number> {
  const row = await db
    .selectFrom('login_attempts')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('account', '=', account)
    .where('attempted_at', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Deletes attempts older than `before`; returns how many. */
export async function deleteLoginAttemptsBefore(db: Db, before: Date): Promise<number> {
  const result = await db.deleteFrom('login_attempts').where('attempted_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
