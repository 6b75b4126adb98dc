import { type Kysely, sql } from 'kysely';

// Frozen once landed: never edit, add a new migration instead. Imports no app code.
// Postmortems (issue 11), what the learning schema left to this work:
// - postmortem_settings: one row (id 1) with what an admin configures: the business
//   days a postmortem is due after resolution, the severities that require one, and
//   the template each section starts from (a JSON object section → Markdown; a
//   missing section starts from the built-in text).
// - the public part of a postmortem is public data: changing it bumps page_version
//   so the public snapshot is rebuilt. Only the columns the public sees fire the
//   trigger, so saving a draft does not rebuild the page.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('postmortem_settings')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('due_business_days', 'integer', (c) => c.notNull().defaultTo(5).check(sql`due_business_days between 1 and 60`))
    .addColumn('required_severities', 'jsonb', (c) => c.notNull().defaultTo(sql`'["SEV1","SEV2"]'::jsonb`))
    .addColumn('template', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`insert into postmortem_settings (id) values (1)`.execute(db);
  await sql`create trigger postmortems_bump_page_version
    after insert or delete or update of public_body, public_published_at on postmortems
    for each statement execute function bump_page_version()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists postmortems_bump_page_version on postmortems`.execute(db);
  await db.schema.dropTable('postmortem_settings').execute();
}
