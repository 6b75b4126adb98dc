import type { RunbookVersion } from '../../src/domain/runbook.ts';
import type { Db } from '../client.ts';
import type { RunbookVersionsTable } from '../schema.ts';
import type { Selectable } from 'kysely';

function toVersion(row: Selectable<RunbookVersionsTable>): RunbookVersion {
  return { componentId: row.component_id, version: row.version, body: row.body, authorName: row.author_name, createdAt: row.created_at };
}

/** The runbook of a component: its newest version, or null when none was written. */
export async function findLatestRunbook(db: Db, componentId: string): Promise<RunbookVersion | null> {
  const row = await db.selectFrom('runbook_versions').selectAll().where('component_id', '=', componentId).orderBy('version', 'desc').limit(1).executeTakeFirst();
  return row ? toVersion(row) : null;
}

export async function findRunbookVersion(db: Db, componentId: string, version: number): Promise<RunbookVersion | null> {
  const row = await db.selectFrom('runbook_versions').selectAll().where('component_id', '=', componentId).where('version', '=', version).executeTakeFirst();
  return row ? toVersion(row) : null;
}

/** Every version of a component's runbook, newest first. */
export async function listRunbookVersions(db: Db, componentId: string): Promise<RunbookVersion[]> {
  const rows = await db.selectFrom('runbook_versions').selectAll().where('component_id', '=', componentId).orderBy('version', 'desc').execute();
  return rows.map(toVersion);
}

/** The newest version of each of these components' runbooks (components without one are left out). */
export async function listLatestRunbooks(db: Db, componentIds?: readonly string[]): Promise<RunbookVersion[]> {
  if (componentIds !== undefined && componentIds.length === 0) return [];
  let query = db
    .selectFrom('runbook_versions as v')
    .selectAll('v')
    .where((eb) => eb('v.version', '=', eb.selectFrom('runbook_versions as w').select((w) => w.fn.max('w.version').as('m')).whereRef('w.component_id', '=', 'v.component_id')));
  if (componentIds !== undefined) query = query.where('v.component_id', 'in', componentIds);
  const rows = await query.execute();
  return rows.map(toVersion);
}

/**
 * Adds the next version of a component's runbook. The caller locks the component's
 * row first (lockComponentForRunbook), so two saves at once get versions n and n+1.
 */
export async function insertRunbookVersion(db: Db, entry: { componentId: string; body: string; authorId: string | null; authorName: string; at: Date }): Promise<number> {
  const latest = await db
    .selectFrom('runbook_versions')
    .select((eb) => eb.fn.max('version').as('m'))
    .where('component_id', '=', entry.componentId)
    .executeTakeFirst();
  const version = Number(latest?.m ?? 0) + 1;
  await db
    .insertInto('runbook_versions')
    .values({ component_id: entry.componentId, version, body: entry.body, author_id: entry.authorId, author_name: entry.authorName, created_at: entry.at })
    .execute();
  return version;
}

/** Locks the component (true when it exists), serialising runbook saves for it. */
export async function lockComponentForRunbook(db: Db, componentId: string): Promise<boolean> {
  const row = await db.selectFrom('components').select('id').where('id', '=', componentId).forUpdate().executeTakeFirst();
  return row !== undefined;
}
