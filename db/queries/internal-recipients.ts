import { sql } from 'kysely';
import type { InternalRecipient } from '../../src/domain/internal-recipient.ts';
import type { Db } from '../client.ts';

/** The extra addresses on the internal mailing list, oldest first. */
export async function listInternalRecipients(db: Db): Promise<InternalRecipient[]> {
  const rows = await db.selectFrom('internal_recipients').select(['email', 'created_at']).orderBy('created_at').orderBy('email').execute();
  return rows.map((row) => ({ email: row.email, createdAt: row.created_at }));
}

/**
 * Adds an address unless it is already listed, in any letter case (the primary key
 * alone would let "Ops@x" and "ops@x" both in). True when a row was added.
 */
export async function insertInternalRecipient(db: Db, email: string, at: Date): Promise<boolean> {
  const result = await db
    .insertInto('internal_recipients')
    .columns(['email', 'created_at'])
    .expression(
      db
        .selectNoFrom([sql<string>`${email}::text`.as('email'), sql<Date>`${at}::timestamptz`.as('created_at')])
        .where((w) => w.not(w.exists(db.selectFrom('internal_recipients').select(sql`1`.as('one')).where(sql<string>`lower(email)`, '=', email.toLowerCase())))),
    )
    .onConflict((oc) => oc.column('email').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Removes an address, whatever its letter case; true when one was removed. */
export async function deleteInternalRecipient(db: Db, email: string): Promise<boolean> {
  const result = await db.deleteFrom('internal_recipients').where(sql<string>`lower(email)`, '=', email.toLowerCase()).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/**
 * How many addresses an internal update emails: users who opted in and are not
 * disabled, and the extra addresses, each once whatever its letter case (the same
 * list as insertInternalDeliveries).
 */
export async function countInternalList(db: Db): Promise<number> {
  const result = await sql<{ n: string }>`
    select count(distinct lower(email)) as n from (
      select email from users where internal_notifications and disabled_at is null
      union all
      select email from internal_recipients
    ) list`.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}
