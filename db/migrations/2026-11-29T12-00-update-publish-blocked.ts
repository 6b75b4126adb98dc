import { type Kysely } from 'kysely';

// Frozen once landed: never edit, add a new migration instead. Imports no app code.
// A scheduled update whose author may no longer publish it when its time comes
// stays scheduled, unpublished, and is flagged with the reason (shown on the
// dashboard) until someone publishes, edits, reschedules or cancels it.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('updates')
    .addColumn('publish_blocked_reason', 'text')
    .addColumn('publish_blocked_at', 'timestamptz')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('updates').dropColumn('publish_blocked_at').dropColumn('publish_blocked_reason').execute();
}
