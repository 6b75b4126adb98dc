import { type Kysely, sql } from 'kysely';

// Frozen once landed: never edit, add a new migration instead. Imports no app code.
// A scheduled maintenance can be cancelled: it keeps its row (history and feeds
// say it was cancelled, with the message) under a new status, and when. Each
// window says how long before its start subscribers are reminded (0: never; the
// time the reminder went out, so it goes once) and whether its start and its
// completion are emailed (both were always emailed before: the defaults keep that).

export async function up(db: Kysely<any>): Promise<void> {
  // The initial migration's inline check gets PostgreSQL's default name.
  await sql`alter table maintenances drop constraint maintenances_status_check`.execute(db);
  await sql`alter table maintenances add constraint maintenances_status_check
    check (status in ('scheduled','in_progress','verifying','completed','cancelled'))`.execute(db);
  await db.schema
    .alterTable('maintenances')
    .addColumn('cancelled_at', 'timestamptz')
    .addColumn('reminder_hours', 'integer', (c) => c.notNull().defaultTo(24).check(sql`reminder_hours between 0 and 720`))
    .addColumn('reminded_at', 'timestamptz')
    .addColumn('notify_start', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('notify_complete', 'boolean', (c) => c.notNull().defaultTo(true))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('maintenances')
    .dropColumn('notify_complete')
    .dropColumn('notify_start')
    .dropColumn('reminded_at')
    .dropColumn('reminder_hours')
    .dropColumn('cancelled_at')
    .execute();
  await sql`delete from maintenances where status = 'cancelled'`.execute(db);
  await sql`alter table maintenances drop constraint maintenances_status_check`.execute(db);
  await sql`alter table maintenances add constraint maintenances_status_check
    check (status in ('scheduled','in_progress','verifying','completed'))`.execute(db);
}
