import { findActionItemById, listActionItems } from '../../db/queries/action-items.ts';
import { listComponents } from '../../db/queries/components.ts';
import { findIncidentById } from '../../db/queries/incidents.ts';
import { listActiveUsers } from '../../db/queries/users-directory.ts';
import { type Actor, actorCan, requirePermission } from '../auth/permissions.ts';
import type { ActionItem, ActionItemFilter } from '../domain/action-item.ts';
import type { DirectoryUser } from '../domain/incident-views.ts';
import { ACTION_ITEM_STATUSES, type ActionItemStatus } from '../domain/learning.ts';
import type { Incident } from '../domain/types.ts';
import type { Services } from '../services.ts';
import { pageToday } from './action-item-checks.ts';
import { describeDue, isOverdue } from './due-dates.ts';

/** An item as lists show it: with its due date in words. */
export interface ActionItemRow extends ActionItem {
  overdue: boolean;
  dueText: string;
}

/** The filters of /admin/action-items as typed in its form (strings, "" for any). */
export interface ActionItemFilterForm {
  owner: string;
  status: string;
  component: string;
  overdue: boolean;
}

const param = (params: URLSearchParams, key: string): string => (params.get(key) ?? '').trim();

/** Reads the list's filters from the query string; unknown values mean "any". */
export function parseActionItemFilter(params: URLSearchParams): ActionItemFilterForm {
  const status = param(params, 'status');
  return {
    owner: param(params, 'owner'),
    status: (ACTION_ITEM_STATUSES as readonly string[]).includes(status) ? status : '',
    component: param(params, 'component'),
    overdue: ['1', 'on', 'true'].includes(param(params, 'overdue')),
  };
}

/** The query string for these filters ("" when none), for links such as the CSV export. */
export function filterQuery(form: ActionItemFilterForm): string {
  const params = new URLSearchParams();
  if (form.owner) params.set('owner', form.owner);
  if (form.status) params.set('status', form.status);
  if (form.component) params.set('component', form.component);
  if (form.overdue) params.set('overdue', '1');
  const query = params.toString();
  return query === '' ? '' : `?${query}`;
}

function toRows(items: ActionItem[], today: string): ActionItemRow[] {
  return items.map((item) => ({ ...item, overdue: isOverdue(item, today), dueText: describeDue(item, today) }));
}

export interface ActionItemsList {
  items: ActionItemRow[];
  filter: ActionItemFilterForm;
  people: DirectoryUser[];
  components: { id: string; name: string }[];
  today: string;
  canWrite: boolean;
}

/** /admin/action-items (and its CSV): every item across incidents, filtered. Everyone signed in reads. */
export async function loadActionItemsList(services: Services, actor: Actor, params: URLSearchParams): Promise<ActionItemsList> {
  requirePermission(actor, 'internal.view');
  const filter = parseActionItemFilter(params);
  const today = await pageToday(services.db, services.now());
  const query: ActionItemFilter = {
    ownerId: filter.owner || null,
    status: (filter.status || null) as ActionItemStatus | null,
    componentId: filter.component || null,
    overdueBefore: filter.overdue ? today : null,
  };
  const [items, people, components] = await Promise.all([listActionItems(services.db, query), listActiveUsers(services.db), listComponents(services.db)]);
  return {
    items: toRows(items, today),
    filter,
    people,
    components: components.map((c) => ({ id: c.id, name: c.name })),
    today,
    canWrite: actorCan(actor, 'actionItem.write'),
  };
}

/** The hub incident page's "Action items" section. */
export async function loadIncidentActionItems(
  services: Services,
  actor: Actor,
  incidentId: string,
): Promise<{ items: ActionItemRow[]; canWrite: boolean; today: string; people: DirectoryUser[] }> {
  requirePermission(actor, 'internal.view');
  const today = await pageToday(services.db, services.now());
  const canWrite = actorCan(actor, 'actionItem.write');
  const [items, people] = await Promise.all([listActionItems(services.db, { incidentId }), canWrite ? listActiveUsers(services.db) : []]);
  return { items: toRows(items, today), canWrite, today, people };
}

export interface ActionItemFormContext {
  people: DirectoryUser[];
  components: { id: string; name: string }[];
  today: string;
}

async function formContext(services: Services): Promise<ActionItemFormContext> {
  const [people, components, today] = await Promise.all([listActiveUsers(services.db), listComponents(services.db), pageToday(services.db, services.now())]);
  return { people, components: components.map((c) => ({ id: c.id, name: c.name })), today };
}

/** The create form: the incident it follows up (null when unknown), who can own it, which components. Writers only. */
export async function loadNewActionItem(services: Services, actor: Actor, incidentId: string): Promise<ActionItemFormContext & { incident: Incident | null }> {
  requirePermission(actor, 'actionItem.write');
  const [incident, context] = await Promise.all([incidentId === '' ? null : findIncidentById(services.db, incidentId), formContext(services)]);
  return { incident, ...context };
}

/** One item's page: read by everyone signed in, editable by writers. */
export async function loadActionItem(services: Services, actor: Actor, id: string): Promise<ActionItemFormContext & { item: ActionItemRow | null; canWrite: boolean }> {
  requirePermission(actor, 'internal.view');
  const [item, context] = await Promise.all([findActionItemById(services.db, id), formContext(services)]);
  return { item: item === null ? null : toRows([item], context.today)[0]!, canWrite: actorCan(actor, 'actionItem.write'), ...context };
}
