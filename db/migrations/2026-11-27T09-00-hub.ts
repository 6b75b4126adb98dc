import { type Kysely, sql } from 'kysely';

// Frozen once landed: never edit, add a new migration instead. Imports no app code.
// The signed-in hub: users and sessions, login throttling, the one-time setup link,
// incident roles, update authorship, templates, cadence targets, audit actors.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('admin','comms','responder','viewer')`))
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('password_changed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('internal_notifications', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('disabled_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index users_email on users (lower(email))`.execute(db);

  // Only a SHA-256 hash of each session secret is stored: a dump of this table
  // holds nothing that works as a cookie.
  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('secret_hash', 'bytea', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_used_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('user_agent', 'text')
    .addColumn('ip', 'text')
    .execute();
  await sql`create index sessions_user on sessions (user_id)`.execute(db);

  await db.schema
    .createTable('login_attempts')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('account', 'text', (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('succeeded', 'boolean', (c) => c.notNull())
    .addColumn('attempted_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index login_attempts_account on login_attempts (account, attempted_at)`.execute(db);
  await sql`create index login_attempts_ip on login_attempts (ip, attempted_at)`.execute(db);

  await db.schema
    .createTable('setup_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('secret_hash', 'bytea', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('incident_roles')
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('commander','comms_lead','expert')`))
    .addColumn('assigned_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('incident_roles_pk', ['incident_id', 'user_id', 'role'])
    .execute();
  // One commander and one comms lead per incident; any number of experts.
  await sql`create unique index incident_roles_single on incident_roles (incident_id, role) where role <> 'expert'`.execute(db);

  await db.schema.alterTable('incidents').addColumn('declared_by', 'text', (c) => c.references('users.id').onDelete('set null')).execute();
  await db.schema.alterTable('updates').addColumn('author_id', 'text', (c) => c.references('users.id').onDelete('set null')).execute();
  await db.schema.alterTable('updates').addColumn('published_by', 'text', (c) => c.references('users.id').onDelete('set null')).execute();
  await sql`create index updates_scheduled on updates (scheduled_for) where state = 'scheduled'`.execute(db);
  await db.schema.alterTable('timeline_events').addColumn('actor_id', 'text', (c) => c.references('users.id').onDelete('set null')).execute();
  await sql`create index timeline_events_occurred on timeline_events (occurred_at desc)`.execute(db);

  await db.schema
    .createTable('update_templates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // How often each severity must get an external update, in minutes; null: no target.
  await db.schema
    .createTable('cadence_targets')
    .addColumn('severity', 'text', (c) => c.primaryKey().check(sql`severity in ('SEV1','SEV2','SEV3')`))
    .addColumn('minutes', 'integer', (c) => c.check(sql`minutes is null or minutes > 0`))
    .execute();
  await sql`insert into cadence_targets (severity, minutes) values ('SEV1', 30), ('SEV2', 60), ('SEV3', null)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('cadence_targets').ifExists().execute();
  await db.schema.dropTable('update_templates').ifExists().execute();
  await db.schema.alterTable('timeline_events').dropColumn('actor_id').execute();
  await db.schema.alterTable('updates').dropColumn('published_by').execute();
  await db.schema.alterTable('updates').dropColumn('author_id').execute();
  await db.schema.alterTable('incidents').dropColumn('declared_by').execute();
  for (const table of ['incident_roles', 'setup_tokens', 'login_attempts', 'sessions', 'users']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
