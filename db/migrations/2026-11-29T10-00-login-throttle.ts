import { type Kysely, sql } from 'kysely';

// Frozen once landed: never edit, add a new migration instead. Imports no app code.
// Sign-in throttling that holds under parallel requests: an attempt is recorded as
// 'pending' before its password is checked (and counted by the attempts after it),
// then marked 'failed' or 'succeeded'; attempts refused by the throttle are kept as
// 'refused' (they are not guesses, so they never extend a lock). One row per account
// remembers when its owner was last told that the per-account ceiling was reached.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table login_attempts add column outcome text not null default 'failed'`.execute(db);
  await sql`update login_attempts set outcome = case when succeeded then 'succeeded' else 'failed' end`.execute(db);
  await sql`alter table login_attempts add constraint login_attempts_outcome check (outcome in ('pending', 'failed', 'succeeded', 'refused'))`.execute(db);
  await sql`create index login_attempts_pair on login_attempts (account, ip, attempted_at)`.execute(db);

  await db.schema
    .createTable('sign_in_alerts')
    .addColumn('account', 'text', (c) => c.primaryKey())
    .addColumn('alerted_at', 'timestamptz', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('sign_in_alerts').ifExists().execute();
  await sql`drop index if exists login_attempts_pair`.execute(db);
  await sql`alter table login_attempts drop constraint if exists login_attempts_outcome`.execute(db);
  await sql`alter table login_attempts drop column if exists outcome`.execute(db);
}
