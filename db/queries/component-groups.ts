import type { ComponentGroup } from '../../src/domain/types.ts';
import type { Db } from '../client.ts';
import { newId } from '../ids.ts';

export async function listComponentGroups(db: Db): Promise<ComponentGroup[]> {
  const rows = await db.selectFrom('component_groups').selectAll().orderBy('position').orderBy('name').execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    description: row.description,
    position: row.position,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }));
}

export async function insertComponentGroup(
  db: Db,
  group: { name: string; description?: string | null; position: number; createdAt?: Date },
): Promise<string> {
  const id = newId();
  await db
    .insertInto('component_groups')
    .values({
      id,
      name: group.name,
      description: group.description ?? null,
      position: group.position,
      ...(group.createdAt ? { created_at: group.createdAt, updated_at: group.createdAt } : {}),
    })
    .execute();
  return id;
}
