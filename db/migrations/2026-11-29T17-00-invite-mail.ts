import { type Kysely, sql } from 'kysely';

// Frozen once landed: never edit, add a new migration instead. Imports no app code.
// Invitations are emailed (issue 9): deliveries may carry the invitation mail
// ('invite'), like subscription mail: no notification, the template's data in payload.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table deliveries drop constraint if exists deliveries_kind_check`.execute(db);
  await sql`alter table deliveries add constraint deliveries_kind_check check (kind in ('notification','confirmation','already-subscribed','overdue-nudge','invite'))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('deliveries').where('kind', '=', 'invite').execute();
  await sql`alter table deliveries drop constraint if exists deliveries_kind_check`.execute(db);
  await sql`alter table deliveries add constraint deliveries_kind_check check (kind in ('notification','confirmation','already-subscribed','overdue-nudge'))`.execute(db);
}
