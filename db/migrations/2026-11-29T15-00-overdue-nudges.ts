import { type Kysely, sql } from 'kysely';

// Frozen once landed: never edit, add a new migration instead. Imports no app code.
// Overdue-update nudges (issue 9):
// - overdue_nudges: one row per incident and overdue period (the period is named by
//   the time its update fell due). The primary key is what makes "once per period"
//   hold with any number of workers: the first insert wins, the others do nothing.
// - deliveries may carry the nudge mail ('overdue-nudge'), like subscription mail:
//   no notification, the template's data in payload.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('overdue_nudges')
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('due_at', 'timestamptz', (c) => c.notNull())
    .addColumn('nudged_at', 'timestamptz', (c) => c.notNull())
    .addColumn('recipients', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('overdue_nudges_pkey', ['incident_id', 'due_at'])
    .execute();
  await sql`alter table deliveries drop constraint if exists deliveries_kind_check`.execute(db);
  await sql`alter table deliveries add constraint deliveries_kind_check check (kind in ('notification','confirmation','already-subscribed','overdue-nudge'))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('deliveries').where('kind', '=', 'overdue-nudge').execute();
  await sql`alter table deliveries drop constraint if exists deliveries_kind_check`.execute(db);
  await sql`alter table deliveries add constraint deliveries_kind_check check (kind in ('notification','confirmation','already-subscribed'))`.execute(db);
  await db.schema.dropTable('overdue_nudges').ifExists().execute();
}
