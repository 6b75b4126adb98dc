import { listComponentGroups } from '../../db/queries/component-groups.ts';
import { listComponents } from '../../db/queries/components.ts';
import { findMaintenanceById, listMaintenances } from '../../db/queries/maintenances.ts';
import { findMaintenanceAnnouncement, listPublishedExternalUpdates } from '../../db/queries/updates.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import type { Component, ComponentGroup, ComponentStatus, Maintenance, MaintenanceStatus } from '../domain/types.ts';
import type { Services } from '../services.ts';

/**
 * What the maintenance pages read. Each checks 'maintenance.manage', so a person who
 * cannot schedule maintenance gets a 403 for the page, not a form that is refused.
 */

export interface MaintenanceListItem {
  maintenance: Maintenance;
  componentNames: string[];
}

export interface MaintenanceOverview {
  active: MaintenanceListItem[];
  upcoming: MaintenanceListItem[];
  /** Completed or cancelled, newest first; at most `PAST_LIMIT`. */
  past: MaintenanceListItem[];
}

const PAST_LIMIT = 20;

export async function loadMaintenanceOverview(services: Services, actor: Actor): Promise<MaintenanceOverview> {
  requirePermission(actor, 'maintenance.manage');
  const [maintenances, components] = await Promise.all([listMaintenances(services.db), listComponents(services.db)]);
  const names = new Map(components.map((c) => [c.id, c.name]));
  const item = (maintenance: Maintenance): MaintenanceListItem => ({
    maintenance,
    componentNames: maintenance.componentIds.map((id) => names.get(id) ?? id),
  });
  const byStart = (a: Maintenance, b: Maintenance): number => a.scheduledFor.getTime() - b.scheduledFor.getTime();
  return {
    active: maintenances.filter((m) => m.status === 'in_progress' || m.status === 'verifying').sort(byStart).map(item),
    upcoming: maintenances.filter((m) => m.status === 'scheduled').sort(byStart).map(item),
    past: maintenances.filter((m) => m.status === 'completed' || m.status === 'cancelled').slice(0, PAST_LIMIT).map(item),
  };
}

/** The edit form: the maintenance, its announcement's text, and the components and groups it can cover. */
export async function loadMaintenanceEditForm(
  services: Services,
  actor: Actor,
  id: string,
): Promise<{ maintenance: Maintenance | null; announcement: string; components: Component[]; groups: ComponentGroup[] }> {
  requirePermission(actor, 'maintenance.manage');
  const [maintenance, announcement, components, groups] = await Promise.all([
    findMaintenanceById(services.db, id),
    findMaintenanceAnnouncement(services.db, id),
    listComponents(services.db),
    listComponentGroups(services.db),
  ]);
  return { maintenance, announcement: announcement?.body ?? '', components, groups };
}

/** The components and groups a maintenance can cover. */
export async function loadMaintenanceForm(services: Services, actor: Actor): Promise<{ components: Component[]; groups: ComponentGroup[] }> {
  requirePermission(actor, 'maintenance.manage');
  const [components, groups] = await Promise.all([listComponents(services.db), listComponentGroups(services.db)]);
  return { components, groups };
}

export interface MaintenanceUpdateView {
  id: string;
  status: MaintenanceStatus;
  body: string;
  publishedAt: Date;
  /** When its text was corrected after publishing; null if never. */
  correctedAt: Date | null;
  componentChanges: { name: string; oldStatus: ComponentStatus; newStatus: ComponentStatus }[];
}

export interface MaintenanceDetail {
  maintenance: Maintenance;
  components: { id: string; name: string; status: ComponentStatus }[];
  /** Its public updates, newest first. */
  updates: MaintenanceUpdateView[];
}

export async function loadMaintenanceDetail(services: Services, actor: Actor, id: string): Promise<MaintenanceDetail | null> {
  requirePermission(actor, 'maintenance.manage');
  const maintenance = await findMaintenanceById(services.db, id);
  if (maintenance === null) return null;
  const [components, updates] = await Promise.all([listComponents(services.db), listPublishedExternalUpdates(services.db)]);
  const byId = new Map(components.map((c) => [c.id, c]));
  return {
    maintenance,
    components: maintenance.componentIds.map((componentId) => {
      const component = byId.get(componentId);
      return { id: componentId, name: component?.name ?? componentId, status: component?.status ?? 'operational' };
    }),
    updates: updates
      .filter((u) => u.maintenanceId === id)
      .map((u) => ({
        id: u.id,
        status: u.status as MaintenanceStatus,
        body: u.body,
        publishedAt: u.publishedAt ?? u.createdAt,
        correctedAt: u.publishedAt !== null && u.updatedAt.getTime() > u.publishedAt.getTime() ? u.updatedAt : null,
        componentChanges: u.componentChanges.map((c) => ({ name: byId.get(c.componentId)?.name ?? c.componentId, oldStatus: c.oldStatus, newStatus: c.newStatus })),
      })),
  };
}
