import type { Db } from '../../db/client.ts';
import { listComponentGroups, updateComponentGroupPositions } from '../../db/queries/component-groups.ts';
import { listComponents, updateComponentPositions } from '../../db/queries/components.ts';
import type { Component, ComponentGroup } from '../domain/types.ts';
import type { Direction } from './catalog-input.ts';

/**
 * The order of the catalogue. Groups are numbered 0..g-1. Components are numbered
 * 0..n-1 across the whole page, in display order (ungrouped ones first, as the
 * public page shows them, then each group's in turn), so ordering by position
 * alone keeps every group together, as the demo seed and every list relies on.
 * Every change of order renumbers from scratch: positions stay dense.
 */

/** `ids` with `id` swapped with its neighbour; null when it is already at that end (or absent). */
export function moveInList(ids: readonly string[], id: string, direction: Direction): string[] | null {
  const index = ids.indexOf(id);
  const target = direction === 'up' ? index - 1 : index + 1;
  if (index === -1 || target < 0 || target >= ids.length) return null;
  const moved = [...ids];
  moved[index] = ids[target]!;
  moved[target] = id;
  return moved;
}

export interface CatalogOrder {
  groups: ComponentGroup[];
  /** Components by group id, '' for the ungrouped, each in order. */
  members: Map<string, Component[]>;
}

const UNGROUPED = '';

/** The catalogue as it is ordered now (ties broken by name, as every list does). */
export async function readCatalogOrder(db: Db): Promise<CatalogOrder> {
  const groups = await listComponentGroups(db);
  const members = new Map<string, Component[]>([[UNGROUPED, []], ...groups.map((g): [string, Component[]] => [g.id, []])]);
  for (const component of await listComponents(db)) {
    const list = members.get(component.groupId ?? UNGROUPED);
    if (list) list.push(component);
    else members.get(UNGROUPED)?.push(component); // a group deleted under us: show it ungrouped
  }
  return { groups, members };
}

export function groupKey(groupId: string | null): string {
  return groupId ?? UNGROUPED;
}

/**
 * Writes dense positions for the order given: groups in `groupIds` order, and
 * components ungrouped first, then group by group, each list in `members` order.
 */
export async function writeCatalogOrder(db: Db, groupIds: readonly string[], members: ReadonlyMap<string, readonly string[]>): Promise<void> {
  await updateComponentGroupPositions(db, new Map(groupIds.map((id, index) => [id, index])));
  const componentIds = [UNGROUPED, ...groupIds].flatMap((key) => members.get(key) ?? []);
  await updateComponentPositions(db, new Map(componentIds.map((id, index) => [id, index])));
}

/** Renumbers the catalogue as it stands (after an insert, a delete or a change of group). */
export async function renumberCatalog(db: Db, changes: { appendToGroup?: { componentId: string; groupId: string | null } } = {}): Promise<void> {
  const order = await readCatalogOrder(db);
  const members = new Map([...order.members].map(([key, list]) => [key, list.map((c) => c.id)]));
  const append = changes.appendToGroup;
  if (append) {
    for (const list of members.values()) {
      const at = list.indexOf(append.componentId);
      if (at !== -1) list.splice(at, 1);
    }
    members.get(groupKey(append.groupId))?.push(append.componentId);
  }
  await writeCatalogOrder(
    db,
    order.groups.map((g) => g.id),
    members,
  );
}
