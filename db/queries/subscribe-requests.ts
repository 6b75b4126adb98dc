import { sql } from 'kysely';
import type { Db } from '../client.ts';

/** Subscribe requests and the confirmation emails they caused, for the anti-bombing limits. */

export async function insertSubscribeRequest(db: Db, request: { email: string; ip: string; confirmationSent: boolean; at: Date }): Promise<void> {
  await db
    .insertInto('subscribe_requests')
    .values({ email: request.email.toLowerCase(), ip: request.ip, confirmation_sent: request.confirmationSent, requested_at: request.at })
    .execute();
}

/** How many requests came from one IP since `since`. */
export async function countSubscribeRequestsFromIp(db: Db, ip: string, since: Date): Promise<number> {
  const row = await db
    .selectFrom('subscribe_requests')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('ip', '=', ip)
    .where('requested_at', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Times confirmation emails were sent to an address since `since`, newest first. */
export async function listConfirmationTimes(db: Db, email: string, since: Date): Promise<Date[]> {
  const rows = await db
    .selectFrom('subscribe_requests')
    .select('requested_at')
    .where(sql<string>`lower(email)`, '=', email.toLowerCase())
    .where('confirmation_sent', '=', true)
    .where('requested_at', '>=', since)
    .orderBy('requested_at', 'desc')
    .limit(50)
    .execute();
  return rows.map((row) => row.requested_at);
}

/**
 * Serialises subscribe requests for one address until the transaction ends, so two
 * requests at the same moment cannot both pass the "one email per 10 minutes" check.
 */
export async function lockSubscribeRequestsFor(db: Db, email: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`subscribe:${email.toLowerCase()}`}))`.execute(db);
}

/** Deletes requests older than `before`; returns how many. */
export async function deleteSubscribeRequestsBefore(db: Db, before: Date): Promise<number> {
  const result = await db.deleteFrom('subscribe_requests').where('requested_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
