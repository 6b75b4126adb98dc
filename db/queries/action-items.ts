import type { ActionItem, ActionItemFilter } from '../../src/domain/action-item.ts';
import type { ActionItemPriority, ActionItemStatus } from '../../src/domain/learning.ts';
import type { Db } from '../client.ts';
import { newId } from '../ids.ts';

const OPEN_STATUSES: ActionItemStatus[] = ['open', 'in_progress'];

function baseQuery(db: Db) {
  return db
    .selectFrom('action_items')
    .innerJoin('incidents', 'incidents.id', 'action_items.incident_id')
    .leftJoin('users', 'users.id', 'action_items.owner_id')
    .selectAll('action_items')
    .select(['incidents.title as incident_title', 'incidents.severity as incident_severity', 'users.name as owner_name']);
}

type Row = Awaited<ReturnType<ReturnType<typeof baseQuery>['executeTakeFirstOrThrow']>>;

async function withComponents(db: Db, rows: Row[]): Promise<ActionItem[]> {
  const ids = rows.map((row) => row.id);
  const links =
    ids.length === 0
      ? []
      : await db
          .selectFrom('action_item_components')
          .innerJoin('components', 'components.id', 'action_item_components.component_id')
          .select(['action_item_components.action_item_id', 'components.id', 'components.name'])
          .where('action_item_components.action_item_id', 'in', ids)
          .orderBy('components.position')
          .orderBy('components.name')
          .execute();
  return rows.map((row) => ({
    id: row.id,
    incidentId: row.incident_id,
    incidentTitle: row.incident_title,
    incidentSeverity: row.incident_severity,
    title: row.title,
    ownerId: row.owner_id,
    ownerName: row.owner_name,
    dueOn: row.due_on,
    priority: row.priority,
    status: row.status,
    wontDoReason: row.wont_do_reason,
    ticketUrl: row.ticket_url,
    components: links.filter((link) => link.action_item_id === row.id).map((link) => ({ id: link.id, name: link.name })),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    closedAt: row.closed_at,
    assignedNotifiedAt: row.assigned_notified_at,
    overdueNotifiedAt: row.overdue_notified_at,
  }));
}

export async function findActionItemById(db: Db, id: string): Promise<ActionItem | null> {
  const row = await baseQuery(db).where('action_items.id', '=', id).executeTakeFirst();
  return row ? (await withComponents(db, [row]))[0]! : null;
}

/** Items matching the filter: open ones first by due date (none last), then closed ones, newest first. */
export async function listActionItems(db: Db, filter: ActionItemFilter = {}): Promise<ActionItem[]> {
  let query = baseQuery(db);
  if (filter.incidentId) query = query.where('action_items.incident_id', '=', filter.incidentId);
  if (filter.ownerId) query = query.where('action_items.owner_id', '=', filter.ownerId);
  if (filter.status) query = query.where('action_items.status', '=', filter.status);
  if (filter.componentId) {
    const componentId = filter.componentId;
    query = query.where('action_items.id', 'in', (eb) =>
      eb.selectFrom('action_item_components').select('action_item_id').where('component_id', '=', componentId),
    );
  }
  if (filter.overdueBefore) query = query.where('action_items.status', 'in', OPEN_STATUSES).where('action_items.due_on', '<', filter.overdueBefore);
  const rows = await query
    .orderBy((eb) => eb.case().when('action_items.status', 'in', OPEN_STATUSES).then(0).else(1).end())
    .orderBy('action_items.due_on', (ob) => ob.asc().nullsLast())
    .orderBy('action_items.created_at', 'desc')
    .orderBy('action_items.id')
    .execute();
  return withComponents(db, rows);
}

export interface NewActionItem {
  incidentId: string;
  title: string;
  ownerId: string | null;
  dueOn: string | null;
  priority: ActionItemPriority;
  ticketUrl: string | null;
  createdBy: string | null;
  at: Date;
}

export async function insertActionItem(db: Db, item: NewActionItem): Promise<string> {
  const id = newId();
  await db
    .insertInto('action_items')
    .values({
      id,
      incident_id: item.incidentId,
      title: item.title,
      owner_id: item.ownerId,
      due_on: item.dueOn,
      priority: item.priority,
      ticket_url: item.ticketUrl,
      created_by: item.createdBy,
      created_at: item.at,
      updated_at: item.at,
    })
    .execute();
  return id;
}

export interface ActionItemChanges {
  title: string;
  ownerId: string | null;
  dueOn: string | null;
  priority: ActionItemPriority;
  status: ActionItemStatus;
  wontDoReason: string | null;
  ticketUrl: string | null;
  closedAt: Date | null;
  /** Cleared (null) when the due date moves, so a new due date can be nudged once again. */
  overdueNotifiedAt: Date | null;
  at: Date;
}

export async function updateActionItem(db: Db, id: string, changes: ActionItemChanges): Promise<void> {
  await db
    .updateTable('action_items')
    .set({
      title: changes.title,
      owner_id: changes.ownerId,
      due_on: changes.dueOn,
      priority: changes.priority,
      status: changes.status,
      wont_do_reason: changes.wontDoReason,
      ticket_url: changes.ticketUrl,
      closed_at: changes.closedAt,
      overdue_notified_at: changes.overdueNotifiedAt,
      updated_at: changes.at,
    })
    .where('id', '=', id)
    .execute();
}

/** Locks the item's row for the rest of the transaction (two edits at once apply one after the other). */
export async function lockActionItem(db: Db, id: string): Promise<boolean> {
  const row = await db.selectFrom('action_items').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
  return row !== undefined;
}

export async function setActionItemComponents(db: Db, id: string, componentIds: readonly string[]): Promise<void> {
  await db.deleteFrom('action_item_components').where('action_item_id', '=', id).execute();
  if (componentIds.length === 0) return;
  await db
    .insertInto('action_item_components')
    .values(componentIds.map((componentId) => ({ action_item_id: id, component_id: componentId })))
    .execute();
}

export async function markActionItemAssignedNotified(db: Db, id: string, at: Date): Promise<void> {
  await db.updateTable('action_items').set({ assigned_notified_at: at }).where('id', '=', id).execute();
}

/** Items open or in progress, with an owner, due before `today`, whose owner was not told yet. */
export async function listUnnotifiedOverdueActionItemIds(db: Db, today: string): Promise<string[]> {
  const rows = await db
    .selectFrom('action_items')
    .select('id')
    .where('status', 'in', OPEN_STATUSES)
    .where('owner_id', 'is not', null)
    .where('due_on', '<', today)
    .where('overdue_notified_at', 'is', null)
    .orderBy('due_on')
    .orderBy('id')
    .execute();
  return rows.map((row) => row.id);
}

/**
 * Marks the item's overdue email as sent, only if nobody did yet (true) — the one
 * guard that makes the email once, whichever worker or run gets there first.
 */
export async function claimActionItemOverdueNotice(db: Db, id: string, today: string, at: Date): Promise<boolean> {
  const row = await db
    .updateTable('action_items')
    .set({ overdue_notified_at: at })
    .where('id', '=', id)
    .where('overdue_notified_at', 'is', null)
    .where('status', 'in', OPEN_STATUSES)
    .where('owner_id', 'is not', null)
    .where('due_on', '<', today)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Counts for the hub (the incident page's section heading). */
export async function countOpenActionItems(db: Db, incidentId: string): Promise<number> {
  const row = await db
    .selectFrom('action_items')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('incident_id', '=', incidentId)
    .where('status', 'in', OPEN_STATUSES)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
