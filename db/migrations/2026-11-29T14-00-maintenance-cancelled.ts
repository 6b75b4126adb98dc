import { type Kysely, sql } from 'kysely';

// Frozen once landed: never edit, add a new migration instead. Imports no app code.
// A scheduled maintenance can be cancelled: it keeps its row (history and feeds
// say it was cancelled, with the message) under a new status, and when.

export async function up(db: Kysely<any>): Promise<void> {
  // The initial migration's inline check gets PostgreSQL's default name.
  await sql`alter table maintenances drop constraint maintenances_status_check`.execute(db);
  await sql`alter table maintenances add constraint maintenances_status_check
    check (status in ('scheduled','in_progress','verifying','completed','cancelled'))`.execute(db);
  await db.schema.alterTable('maintenances').addColumn('cancelled_at', 'timestamptz').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('maintenances').dropColumn('cancelled_at').execute();
  await sql`delete from maintenances where status = 'cancelled'`.execute(db);
  await sql`alter table maintenances drop constraint maintenances_status_check`.execute(db);
  await sql`alter table maintenances add constraint maintenances_status_check
    check (status in ('scheduled','in_progress','verifying','completed'))`.execute(db);
}
