import { sql } from 'kysely';
import type { PageSettings } from '../../src/domain/types.ts';
import type { Db } from '../client.ts';

export const PAGE_ID = 'page';

export interface PageVersion {
  version: string;
  changedAt: Date;
}

export async function getPageVersion(db: Db): Promise<PageVersion> {
  const row = await db.selectFrom('page_version').select(['version', 'changed_at']).where('id', '=', 1).executeTakeFirstOrThrow();
  return { version: String(row.version), changedAt: row.changed_at };
}

export async function findPageSettings(db: Db): Promise<PageSettings | null> {
  const row = await db.selectFrom('page_settings').selectAll().where('id', '=', PAGE_ID).executeTakeFirst();
  return row ? { id: row.id, name: row.name, description: row.description, timeZone: row.time_zone, updatedAt: row.updated_at } : null;
}

export async function upsertPageSettings(db: Db, settings: { name: string; description: string }, at: Date): Promise<void> {
  await db
    .insertInto('page_settings')
    .values({ id: PAGE_ID, name: settings.name, description: settings.description, updated_at: at })
    .onConflict((oc) => oc.column('id').doUpdateSet({ name: settings.name, description: settings.description, updated_at: at }))
    .execute();
}

/** Cheap liveness probe for /readyz. */
export async function pingDatabase(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}
