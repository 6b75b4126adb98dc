import { type Kysely, sql } from 'kysely';

// Frozen once landed: never edit, add a new migration instead. Imports no app code.
// Email delivery under faults (issue 7):
// - mail_alerts: what the admins are told about delivery (a relay outage, retries
//   given up after 72 hours), one row per event, shown on the dashboard and outbox.
// - subscribers.suspended_reason: why a subscriber was suspended (the last bounce).
// - deliveries carry subscription mail too (confirmations, "already subscribed"):
//   kind, a payload for what the template needs, and no notification for those.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('mail_alerts')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('relay-outage','retries-expired')`))
    .addColumn('opened_at', 'timestamptz', (c) => c.notNull())
    .addColumn('closed_at', 'timestamptz')
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('deliveries', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // At most one relay outage open at a time, whichever worker saw it first: the
  // admins are told once per outage however many processes see the relay fail.
  await sql`create unique index mail_alerts_open_outage on mail_alerts (kind) where closed_at is null and kind = 'relay-outage'`.execute(db);
  await sql`create index mail_alerts_opened on mail_alerts (opened_at)`.execute(db);

  await db.schema.alterTable('subscribers').addColumn('suspended_reason', 'text').execute();

  await db.schema.alterTable('deliveries').alterColumn('notification_id', (c) => c.dropNotNull()).execute();
  await db.schema
    .alterTable('deliveries')
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('notification').check(sql`kind in ('notification','confirmation','already-subscribed')`))
    .execute();
  await db.schema.alterTable('deliveries').addColumn('payload', 'jsonb').execute();

  // The daily prune deletes by age.
  await sql`create index if not exists subscribe_requests_requested_at on subscribe_requests (requested_at)`.execute(db);
  await sql`create index if not exists login_attempts_attempted_at on login_attempts (attempted_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists login_attempts_attempted_at`.execute(db);
  await sql`drop index if exists subscribe_requests_requested_at`.execute(db);
  await db.deleteFrom('deliveries').where('notification_id', 'is', null).execute();
  await db.schema.alterTable('deliveries').dropColumn('payload').execute();
  await db.schema.alterTable('deliveries').dropColumn('kind').execute();
  await db.schema.alterTable('deliveries').alterColumn('notification_id', (c) => c.setNotNull()).execute();
  await db.schema.alterTable('subscribers').dropColumn('suspended_reason').execute();
  await db.schema.dropTable('mail_alerts').ifExists().execute();
}
