import { findComponentGroupById, listComponentGroups } from '../../db/queries/component-groups.ts';
import { findComponentById } from '../../db/queries/components.ts';
import { findUpdateTemplate, listUpdateTemplates } from '../../db/queries/update-templates.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import type { Component, ComponentGroup, UpdateTemplate } from '../domain/types.ts';
import type { Services } from '../services.ts';
import { readCatalogOrder } from './ordering.ts';

/**
 * What the catalogue pages read. Each checks the permission the page's forms need,
 * so a person who cannot manage components gets a 403, not a page of forms that
 * would all be refused.
 */

export interface CatalogSection {
  /** null: the components in no group (listed first, as on the public page). */
  group: ComponentGroup | null;
  components: Component[];
}

export async function loadComponentCatalog(services: Services, actor: Actor): Promise<{ sections: CatalogSection[]; groupCount: number }> {
  requirePermission(actor, 'component.manage');
  const order = await readCatalogOrder(services.db);
  const ungrouped = order.members.get('') ?? [];
  const sections: CatalogSection[] = [
    ...(ungrouped.length > 0 ? [{ group: null, components: ungrouped }] : []),
    ...order.groups.map((group) => ({ group, components: order.members.get(group.id) ?? [] })),
  ];
  return { sections, groupCount: order.groups.length };
}

/** The groups a component can be put in. */
export async function loadGroupChoices(services: Services, actor: Actor): Promise<ComponentGroup[]> {
  requirePermission(actor, 'component.manage');
  return listComponentGroups(services.db);
}

export async function loadComponentEditor(
  services: Services,
  actor: Actor,
  id: string,
): Promise<{ component: Component; groups: ComponentGroup[] } | null> {
  requirePermission(actor, 'component.manage');
  const component = await findComponentById(services.db, id);
  return component === null ? null : { component, groups: await listComponentGroups(services.db) };
}

export async function loadGroupEditor(
  services: Services,
  actor: Actor,
  id: string,
): Promise<{ group: ComponentGroup; components: Component[] } | null> {
  requirePermission(actor, 'component.manage');
  const group = await findComponentGroupById(services.db, id);
  if (group === null) return null;
  const order = await readCatalogOrder(services.db);
  return { group, components: order.members.get(id) ?? [] };
}

export async function loadTemplates(services: Services, actor: Actor): Promise<UpdateTemplate[]> {
  requirePermission(actor, 'template.manage');
  return listUpdateTemplates(services.db);
}

export async function loadTemplate(services: Services, actor: Actor, id: string): Promise<UpdateTemplate | null> {
  requirePermission(actor, 'template.manage');
  return findUpdateTemplate(services.db, id);
}
