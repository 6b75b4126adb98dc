import { type Kysely, sql } from 'kysely';

// Frozen once landed: never edit, add a new migration instead. Imports no app code.
// API tokens (issue 10):
// - api_tokens: as with sessions, only a SHA-256 hash of the token's secret is
//   stored; the id is the visible part ("hrld_<id>…") used to find the row.
//   Scopes are a JSON array of scope names; revoked tokens are kept for the audit log.
// - api_token_hits: one row per request within the last minute, per token, for the
//   rolling-minute rate limit shared by every web process.
// - api_idempotency_keys: the first answer to a POST with an Idempotency-Key, kept
//   24 hours, replayed for the same key, token and body.
// - timeline_events.token_id: the token that acted (its name is in `actor`).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('secret_hash', 'bytea', (c) => c.notNull())
    .addColumn('scopes', 'jsonb', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_by_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz')
    .addColumn('last_used_at', 'timestamptz')
    .addColumn('last_used_ip', 'text')
    .addColumn('revoked_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('api_token_hits')
    .addColumn('token_id', 'text', (c) => c.notNull().references('api_tokens.id').onDelete('cascade'))
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('api_token_hits_token_at').on('api_token_hits').columns(['token_id', 'at']).execute();

  await db.schema
    .createTable('api_idempotency_keys')
    .addColumn('token_id', 'text', (c) => c.notNull().references('api_tokens.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('status', 'integer')
    .addColumn('body', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('api_idempotency_keys_pkey', ['token_id', 'key'])
    .execute();

  await db.schema.alterTable('timeline_events').addColumn('token_id', 'text', (c) => c.references('api_tokens.id').onDelete('set null')).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('timeline_events').dropColumn('token_id').execute();
  await db.schema.dropTable('api_idempotency_keys').ifExists().execute();
  await db.schema.dropTable('api_token_hits').ifExists().execute();
  await db.schema.dropTable('api_tokens').ifExists().execute();
}
