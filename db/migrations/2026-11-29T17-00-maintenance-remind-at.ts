import { type Kysely, sql } from 'kysely';

// Frozen once landed: never edit, add a new migration instead. Imports no app code.
// A maintenance keeps the time of the reminder it still owes its subscribers
// (null: none owed — no lead, the window was set less than its lead ahead, or
// the reminder went out). The periodic sweep reads it to send a reminder whose
// job was lost; the reminder job and the sweep both clear it when they send.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('maintenances').addColumn('remind_at', 'timestamptz').execute();
  // Windows scheduled before this column: owed a reminder if one was planned when they were set up.
  await sql`update maintenances
    set remind_at = scheduled_for - reminder_hours * interval '1 hour'
    where status = 'scheduled' and reminded_at is null and reminder_hours > 0
      and scheduled_for - reminder_hours * interval '1 hour' > created_at`.execute(db);
  await sql`create index maintenances_remind_at on maintenances (remind_at) where remind_at is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('maintenances').dropColumn('remind_at').execute();
}
