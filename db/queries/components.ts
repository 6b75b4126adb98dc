import type { Component, ComponentStatus } from '../../src/domain/types.ts';
import type { Db } from '../client.ts';
import { newId } from '../ids.ts';

export async function listComponents(db: Db): Promise<Component[]> {
  const rows = await db.selectFrom('components').selectAll().orderBy('position').orderBy('name').execute();
  return rows.map((row) => ({
    id: row.id,
    groupId: row.group_id,
    name: row.name,
    description: row.description,
    position: row.position,
    status: row.status as ComponentStatus,
    showcase: row.showcase,
    onlyShowIfDegraded: row.only_show_if_degraded,
    startDate: row.start_date,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }));
}

export async function findComponentStatus(db: Db, id: string): Promise<ComponentStatus | null> {
  const row = await db.selectFrom('components').select('status').where('id', '=', id).executeTakeFirst();
  return row ? (row.status as ComponentStatus) : null;
}

export async function insertComponent(
  db: Db,
  component: {
    groupId: string | null;
    name: string;
    description?: string | null;
    position: number;
    startDate?: string | null;
    createdAt?: Date;
  },
): Promise<string> {
  const id = newId();
  await db
    .insertInto('components')
    .values({
      id,
      group_id: component.groupId,
      name: component.name,
      description: component.description ?? null,
      position: component.position,
      start_date: component.startDate ?? null,
      ...(component.createdAt ? { created_at: component.createdAt, updated_at: component.createdAt } : {}),
    })
    .execute();
  return id;
}

export async function updateComponentStatusColumn(db: Db, id: string, status: ComponentStatus, at: Date): Promise<void> {
  await db.updateTable('components').set({ status, updated_at: at }).where('id', '=', id).execute();
}
