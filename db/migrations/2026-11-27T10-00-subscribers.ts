import { type Kysely, sql } from 'kysely';

// Frozen once landed: never edit, add a new migration instead. Imports no app code.
// Subscribers (double opt-in, per-component filters), rate limiting of subscribe
// requests, and the notification outbox with one delivery per (update, recipient).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('subscribers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending','confirmed','suspended','unsubscribed')`))
    // Per-subscriber secret used in unsubscribe/manage links; only its SHA-256 is stored.
    .addColumn('token_hash', 'bytea', (c) => c.notNull())
    .addColumn('confirmation_hash', 'bytea')
    .addColumn('confirmation_expires_at', 'timestamptz')
    .addColumn('all_components', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('bounce_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('confirmed_at', 'timestamptz')
    .addColumn('unsubscribed_at', 'timestamptz')
    .addColumn('suspended_at', 'timestamptz')
    .execute();
  await sql`create unique index subscribers_email on subscribers (lower(email))`.execute(db);
  await sql`create index subscribers_token on subscribers (token_hash)`.execute(db);

  await db.schema
    .createTable('subscriber_components')
    .addColumn('subscriber_id', 'text', (c) => c.notNull().references('subscribers.id').onDelete('cascade'))
    .addColumn('component_id', 'text', (c) => c.notNull().references('components.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('subscriber_components_pk', ['subscriber_id', 'component_id'])
    .execute();

  // Confirmation emails sent and subscribe requests, for the anti-bombing limits.
  await db.schema
    .createTable('subscribe_requests')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('confirmation_sent', 'boolean', (c) => c.notNull())
    .addColumn('requested_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index subscribe_requests_email on subscribe_requests (lower(email), requested_at)`.execute(db);
  await sql`create index subscribe_requests_ip on subscribe_requests (ip, requested_at)`.execute(db);

  // The transactional outbox: written in the same transaction as the publish.
  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('update_id', 'text', (c) => c.notNull().references('updates.id').onDelete('cascade'))
    .addColumn('audience', 'text', (c) => c.notNull().check(sql`audience in ('external','internal')`))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('fanned_out_at', 'timestamptz')
    .execute();
  await sql`create unique index notifications_update on notifications (update_id)`.execute(db);

  await db.schema
    .createTable('deliveries')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('notification_id', 'text', (c) => c.notNull().references('notifications.id').onDelete('cascade'))
    .addColumn('subscriber_id', 'text', (c) => c.references('subscribers.id').onDelete('set null'))
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('queued','sending','sent','failed','skipped')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // A worker's claim: only the holder of this token may mark the delivery sent.
    .addColumn('claim_token', 'text')
    .addColumn('claim_expires_at', 'timestamptz')
    .addColumn('last_error', 'text')
    .addColumn('sent_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index deliveries_unique on deliveries (notification_id, lower(recipient))`.execute(db);
  await sql`create index deliveries_due on deliveries (next_attempt_at) where status in ('queued','sending')`.execute(db);

  // Extra addresses on the internal mailing list (besides users who opted in).
  await db.schema
    .createTable('internal_recipients')
    .addColumn('email', 'text', (c) => c.primaryKey())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['internal_recipients', 'deliveries', 'notifications', 'subscribe_requests', 'subscriber_components', 'subscribers']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
