import { type Kysely, sql } from 'kysely';

// Frozen once landed: never edit, add a new migration instead. Imports no app code.
// Every change to a public table also sends a notification on the channel
// 'herald_page_version' (delivered at commit, once per transaction and channel), so a
// web process listening on PostgreSQL rebuilds its snapshot at once instead of at
// its next poll.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create or replace function bump_page_version() returns trigger language plpgsql as $$
    begin
      update page_version set version = version + 1, changed_at = now() where id = 1;
      perform pg_notify('herald_page_version', '');
      return null;
    end $$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    create or replace function bump_page_version() returns trigger language plpgsql as $$
    begin
      update page_version set version = version + 1, changed_at = now() where id = 1;
      return null;
    end $$`.execute(db);
}
