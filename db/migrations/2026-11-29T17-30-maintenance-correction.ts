import type { Kysely } from 'kysely';

// Frozen once landed: never edit, add a new migration instead. Imports no app code.
// A scheduled maintenance's announcement can be corrected after publishing. A
// correction is silent unless the editor asks to email it; then it goes out as a
// new public update published at `correction_sent_at`, which is how the email
// builder tells it from a reschedule (as `reminded_at` marks the reminder's).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('maintenances').addColumn('correction_sent_at', 'timestamptz').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('maintenances').dropColumn('correction_sent_at').execute();
}
