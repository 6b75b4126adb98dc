import { type Kysely, sql } from 'kysely';

// Frozen once landed: never edit, add a new migration instead. Imports no app code.
// Outbound webhooks, Slack and Microsoft Teams (issue 10):
// - webhook_endpoints: one row per integration. The signing secret is kept as is
//   (HMAC needs the key itself, so it cannot be hashed); during a rotation the
//   previous one is kept until previous_secret_expires_at and both sign.
//   failing_since: the first failure since the last success; a day of it disables
//   the endpoint (disabled_at, disabled_reason).
// - webhook_attempts: the delivery log (the admin page shows the last 100 per endpoint).
// - deliveries carry webhook posts ('webhook', to an endpoint) and the email that
//   tells an endpoint's owner it was disabled ('webhook-disabled').

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('webhook_endpoints')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('generic','slack','teams')`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('audience', 'text', (c) => c.notNull().check(sql`audience in ('external','all')`))
    .addColumn('events', 'jsonb', (c) => c.notNull())
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('previous_secret', 'text')
    .addColumn('previous_secret_expires_at', 'timestamptz')
    .addColumn('owner_email', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('disabled_at', 'timestamptz')
    .addColumn('disabled_reason', 'text')
    .addColumn('failing_since', 'timestamptz')
    .execute();

  await db.schema
    .createTable('webhook_attempts')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('endpoint_id', 'text', (c) => c.notNull().references('webhook_endpoints.id').onDelete('cascade'))
    .addColumn('webhook_id', 'text', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('attempted_at', 'timestamptz', (c) => c.notNull())
    .addColumn('http_status', 'integer')
    .addColumn('latency_ms', 'integer', (c) => c.notNull())
    .addColumn('response_snippet', 'text')
    .addColumn('error', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull().check(sql`outcome in ('delivered','retrying','failed')`))
    .execute();
  await sql`create index webhook_attempts_endpoint on webhook_attempts (endpoint_id, id desc)`.execute(db);

  await db.schema
    .alterTable('deliveries')
    .addColumn('webhook_endpoint_id', 'text', (c) => c.references('webhook_endpoints.id').onDelete('cascade'))
    .execute();
  await sql`alter table deliveries drop constraint if exists deliveries_kind_check`.execute(db);
  await sql`alter table deliveries add constraint deliveries_kind_check check (kind in ('notification','confirmation','already-subscribed','overdue-nudge','webhook','webhook-disabled'))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('deliveries').where('kind', 'in', ['webhook', 'webhook-disabled']).execute();
  await sql`alter table deliveries drop constraint if exists deliveries_kind_check`.execute(db);
  await sql`alter table deliveries add constraint deliveries_kind_check check (kind in ('notification','confirmation','already-subscribed','overdue-nudge'))`.execute(db);
  await db.schema.alterTable('deliveries').dropColumn('webhook_endpoint_id').execute();
  await db.schema.dropTable('webhook_attempts').ifExists().execute();
  await db.schema.dropTable('webhook_endpoints').ifExists().execute();
}
