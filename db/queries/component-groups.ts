import type { ComponentGroup } from '../../src/domain/types.ts';
import type { Db } from '../client.ts';
import { newId } from '../ids.ts';
import type { ComponentGroupsTable } from '../schema.ts';
import type { Selectable } from 'kysely';

function toGroup(row: Selectable<ComponentGroupsTable>): ComponentGroup {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    position: row.position,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function listComponentGroups(db: Db): Promise<ComponentGroup[]> {
  const rows = await db.selectFrom('component_groups').selectAll().orderBy('position').orderBy('name').execute();
  return rows.map(toGroup);
}

export async function findComponentGroupById(db: Db, id: string): Promise<ComponentGroup | null> {
  const row = await db.selectFrom('component_groups').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toGroup(row) : null;
}

/** A group whose name matches case-insensitively, other than `exceptId`. */
export async function findComponentGroupByName(db: Db, name: string, exceptId: string | null = null): Promise<ComponentGroup | null> {
  let query = db
    .selectFrom('component_groups')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()));
  if (exceptId !== null) query = query.where('id', '!=', exceptId);
  const row = await query.executeTakeFirst();
  return row ? toGroup(row) : null;
}

export async function insertComponentGroup(
  db: Db,
  group: { name: string; description?: string | null; position: number; createdAt: Date },
): Promise<string> {
  const id = newId();
  await db
    .insertInto('component_groups')
    .values({
      id,
      name: group.name,
      description: group.description ?? null,
      position: group.position,
      created_at: group.createdAt,
      updated_at: group.createdAt,
    })
    .execute();
  return id;
}

export async function updateComponentGroupDetails(
  db: Db,
  id: string,
  details: { name: string; description: string | null },
  at: Date,
): Promise<void> {
  await db.updateTable('component_groups').set({ name: details.name, description: details.description, updated_at: at }).where('id', '=', id).execute();
}

/** Deletes a group; its components stay, without a group (the foreign key sets null). */
export async function deleteComponentGroup(db: Db, id: string): Promise<void> {
  await db.deleteFrom('component_groups').where('id', '=', id).execute();
}

/** Writes new positions; only the rows whose position differs are touched. */
export async function updateComponentGroupPositions(db: Db, positions: ReadonlyMap<string, number>): Promise<void> {
  for (const [id, position] of positions) {
    await db.updateTable('component_groups').set({ position }).where('id', '=', id).where('position', '!=', position).execute();
  }
}
