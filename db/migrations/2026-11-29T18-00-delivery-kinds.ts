import { type Kysely, sql } from 'kysely';

// Invitations (invite-mail) and webhooks (webhook-endpoints) each widened the deliveries'
// kind check from the same starting list, so whichever ran second dropped the other's
// kinds. This sets the whole list once.

const ALL = sql.raw(`'notification','confirmation','already-subscribed','overdue-nudge','invite','webhook','webhook-disabled'`);

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table deliveries drop constraint if exists deliveries_kind_check`.execute(db);
  await sql`alter table deliveries add constraint deliveries_kind_check check (kind in (${ALL}))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('deliveries').where('kind', '=', 'invite').execute();
  await sql`alter table deliveries drop constraint if exists deliveries_kind_check`.execute(db);
  await sql`alter table deliveries add constraint deliveries_kind_check check (kind in ('notification','confirmation','already-subscribed','overdue-nudge','webhook','webhook-disabled'))`.execute(db);
}
