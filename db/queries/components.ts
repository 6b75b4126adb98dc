import { sql } from 'kysely';
import type { Component, ComponentStatus } from '../../src/domain/types.ts';
import type { Db } from '../client.ts';
import { newId } from '../ids.ts';
import type { ComponentsTable } from '../schema.ts';
import type { Selectable } from 'kysely';

function toComponent(row: Selectable<ComponentsTable>): Component {
  return {
    id: row.id,
    groupId: row.group_id,
    name: row.name,
    description: row.description,
    position: row.position,
    status: row.status,
    showcase: row.showcase,
    onlyShowIfDegraded: row.only_show_if_degraded,
    manualStatus: row.manual_status,
    startDate: row.start_date,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function listComponents(db: Db): Promise<Component[]> {
  const rows = await db.selectFrom('components').selectAll().orderBy('position').orderBy('name').execute();
  return rows.map(toComponent);
}

export async function findComponentStatus(db: Db, id: string): Promise<ComponentStatus | null> {
  const row = await db.selectFrom('components').select('status').where('id', '=', id).executeTakeFirst();
  return row ? (row.status) : null;
}

export async function findComponentById(db: Db, id: string): Promise<Component | null> {
  const row = await db.selectFrom('components').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toComponent(row) : null;
}

/**
 * The component, with its row locked until the transaction ends: two people
 * changing its status at once then take turns instead of both opening an interval.
 */
export async function lockComponentById(db: Db, id: string): Promise<Component | null> {
  const row = await db.selectFrom('components').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  return row ? toComponent(row) : null;
}

export async function insertComponent(
  db: Db,
  component: {
    groupId: string | null;
    name: string;
    description?: string | null;
    position: number;
    startDate?: string | null;
    showcase?: boolean;
    onlyShowIfDegraded?: boolean;
    createdAt: Date;
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
      ...(component.showcase === undefined ? {} : { showcase: component.showcase }),
      ...(component.onlyShowIfDegraded === undefined ? {} : { only_show_if_degraded: component.onlyShowIfDegraded }),
      created_at: component.createdAt,
      updated_at: component.createdAt,
    })
    .execute();
  return id;
}

/** The fields a person edits (status and position have their own functions). */
export interface ComponentDetails {
  groupId: string | null;
  name: string;
  description: string | null;
  showcase: boolean;
  onlyShowIfDegraded: boolean;
  startDate: string | null;
}

export async function updateComponentDetails(db: Db, id: string, details: ComponentDetails, at: Date): Promise<void> {
  await db
    .updateTable('components')
    .set({
      group_id: details.groupId,
      name: details.name,
      description: details.description,
      showcase: details.showcase,
      only_show_if_degraded: details.onlyShowIfDegraded,
      start_date: details.startDate,
      updated_at: at,
    })
    .where('id', '=', id)
    .execute();
}

/** Deletes a component; its status intervals and incident/maintenance links go with it (cascade). */
export async function deleteComponent(db: Db, id: string): Promise<void> {
  await db.deleteFrom('components').where('id', '=', id).execute();
}

/** A component's status as stored and its manual claim, for recomputing its status. */
export interface ComponentStatusRow {
  id: string;
  name: string;
  status: ComponentStatus;
  manualStatus: ComponentStatus | null;
}

/**
 * These components' statuses in id order. With `forUpdate` their rows stay locked
 * until the transaction ends; the id order means two transactions locking
 * overlapping sets cannot deadlock.
 */
export async function listComponentStatusRows(db: Db, ids: readonly string[], options: { forUpdate?: boolean } = {}): Promise<ComponentStatusRow[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('components')
    .select(['id', 'name', 'status', 'manual_status'])
    .where('id', 'in', [...ids])
    .orderBy('id')
    .$if(options.forUpdate === true, (qb) => qb.forUpdate())
    .execute();
  return rows.map((row) => ({ id: row.id, name: row.name, status: row.status, manualStatus: row.manual_status }));
}

/** Sets (or, with null, clears) the status claimed by hand. */
export async function updateComponentManualStatus(db: Db, id: string, manualStatus: ComponentStatus | null): Promise<void> {
  await db.updateTable('components').set({ manual_status: manualStatus }).where('id', '=', id).execute();
}

export async function updateComponentStatusColumn(db: Db, id: string, status: ComponentStatus, at: Date): Promise<void> {
  await db.updateTable('components').set({ status, updated_at: at }).where('id', '=', id).execute();
}

/** Writes new positions; only the rows whose position differs are touched. */
export async function updateComponentPositions(db: Db, positions: ReadonlyMap<string, number>): Promise<void> {
  for (const [id, position] of positions) {
    await db.updateTable('components').set({ position }).where('id', '=', id).where('position', '!=', position).execute();
  }
}

/**
 * Serialises changes to the order of components and groups until the transaction
 * ends: each reorder reads the whole order and writes it back, so two at once
 * must take turns or they would leave duplicate positions.
 */
export async function lockCatalogOrder(db: Db): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('herald.catalog_order'))`.execute(db);
}
