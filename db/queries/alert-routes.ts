import { sql, type Selectable } from 'kysely';
import type { AlertRoute } from '../../src/domain/alerts.ts';
import type { Db } from '../client.ts';
import { newId } from '../ids.ts';
import type { AlertRoutesTable } from '../schema.ts';

function toRoute(row: Selectable<AlertRoutesTable>): AlertRoute {
  return {
    id: row.id,
    position: row.position,
    name: row.name,
    matchers: row.matchers,
    componentIds: Array.isArray(row.component_ids) ? row.component_ids : [],
    componentStatus: row.component_status,
    severity: row.severity,
    updateTemplate: row.update_template,
    action: row.action,
    setComponentStatus: row.set_component_status,
    autoResolve: row.auto_resolve,
    isDefault: row.is_default,
  };
}

/** Every route in the order they are tried; the default route last. */
export async function listAlertRoutes(db: Db): Promise<AlertRoute[]> {
  const rows = await db.selectFrom('alert_routes').selectAll().orderBy('is_default').orderBy('position').orderBy('id').execute();
  return rows.map(toRoute);
}

export async function findAlertRouteById(db: Db, id: string): Promise<AlertRoute | null> {
  const row = await db.selectFrom('alert_routes').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toRoute(row) : null;
}

/** What a person sets on a route; its id, place and whether it is the default are not theirs to set. */
export type AlertRouteValues = Omit<AlertRoute, 'id' | 'position' | 'isDefault'>;

function columns(values: AlertRouteValues) {
  return {
    name: values.name,
    matchers: values.matchers,
    component_ids: JSON.stringify(values.componentIds),
    component_status: values.componentStatus,
    severity: values.severity,
    update_template: values.updateTemplate,
    action: values.action,
    set_component_status: values.setComponentStatus,
    auto_resolve: values.autoResolve,
  };
}

/** Serialises changes to the routes' order (two admins adding at once get distinct positions). */
export async function lockAlertRouteOrder(db: Db): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('herald.alert_routes'))`.execute(db);
}

/** A new route, tried after every other (but before the default route). */
export async function insertAlertRoute(db: Db, values: AlertRouteValues, now: Date): Promise<string> {
  const id = newId();
  const last = await db
    .selectFrom('alert_routes')
    .select((eb) => eb.fn.max('position').as('position'))
    .where('is_default', '=', false)
    .executeTakeFirst();
  await db
    .insertInto('alert_routes')
    .values({ id, position: Number(last?.position ?? 0) + 1, ...columns(values), created_at: now, updated_at: now })
    .execute();
  return id;
}

export async function updateAlertRoute(db: Db, id: string, values: AlertRouteValues, now: Date): Promise<boolean> {
  const result = await db.updateTable('alert_routes').set({ ...columns(values), updated_at: now }).where('id', '=', id).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Removes a route (never the default one). */
export async function deleteAlertRoute(db: Db, id: string): Promise<boolean> {
  const result = await db.deleteFrom('alert_routes').where('id', '=', id).where('is_default', '=', false).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Swaps a route with its neighbour above (-1) or below (+1); false when it is already at that end. */
export async function moveAlertRoute(db: Db, id: string, direction: -1 | 1): Promise<boolean> {
  const routes = (await listAlertRoutes(db)).filter((r) => !r.isDefault);
  const index = routes.findIndex((r) => r.id === id);
  const other = routes[index + direction];
  const route = routes[index];
  if (index === -1 || !other || !route) return false;
  await db.updateTable('alert_routes').set({ position: other.position }).where('id', '=', route.id).execute();
  await db.updateTable('alert_routes').set({ position: route.position }).where('id', '=', other.id).execute();
  return true;
}
