import type {
  PageSnapshot,
  SnapshotComponent,
  SnapshotGroup,
  SnapshotIncident,
  SnapshotMaintenance,
} from './snapshot.ts';

/** Read-only views of a snapshot that pages, feeds and the API share. Pure. */

export function unresolvedIncidents(snapshot: PageSnapshot): SnapshotIncident[] {
  return snapshot.incidents.filter((incident) => incident.status !== 'resolved');
}

export function findIncident(snapshot: PageSnapshot, id: string): SnapshotIncident | null {
  return snapshot.incidents.find((incident) => incident.id === id) ?? null;
}

export function findMaintenance(snapshot: PageSnapshot, id: string): SnapshotMaintenance | null {
  return snapshot.maintenances.find((maintenance) => maintenance.id === id) ?? null;
}

/** In progress or being verified, soonest-ending first. */
export function activeMaintenances(snapshot: PageSnapshot): SnapshotMaintenance[] {
  return snapshot.maintenances
    .filter((m) => m.status === 'in_progress' || m.status === 'verifying')
    .sort((a, b) => a.scheduledUntil.localeCompare(b.scheduledUntil));
}

/** Scheduled and not started yet, soonest first. */
export function upcomingMaintenances(snapshot: PageSnapshot): SnapshotMaintenance[] {
  return snapshot.maintenances
    .filter((m) => m.status === 'scheduled')
    .sort((a, b) => a.scheduledFor.localeCompare(b.scheduledFor));
}

export interface ComponentSection {
  /** null for the components that belong to no group. */
  group: SnapshotGroup | null;
  components: SnapshotComponent[];
}

/**
 * Whether the public page lists a component. As on Statuspage, one marked "only
 * show if degraded" (only_show_if_degraded) is listed only while it is not
 * operational. The overall status and the API count every component either way.
 */
export function isListedPublicly(component: SnapshotComponent): boolean {
  return !component.onlyShowIfDegraded || component.status !== 'operational';
}

/**
 * Whether the page draws a component's 90-day uptime bar. Statuspage's `showcase`
 * is its "display uptime" option: a component that is not showcased is still
 * listed with its status, without the bar (and stays in the API with its field).
 */
export function showsUptime(component: SnapshotComponent): boolean {
  return component.showcase;
}

/**
 * Components as the page lists them: ungrouped ones first, then each group in
 * order, empty sections left out. The public page lists what isListedPublicly
 * allows; the signed-in status view passes `all` to see every component.
 */
export function componentSections(snapshot: PageSnapshot, options: { all?: boolean } = {}): ComponentSection[] {
  const visible = (c: SnapshotComponent): boolean => options.all === true || isListedPublicly(c);
  const byId = new Map(snapshot.components.map((c) => [c.id, c]));
  const sections: ComponentSection[] = [
    { group: null, components: snapshot.components.filter((c) => c.groupId === null && visible(c)) },
    ...snapshot.groups.map((group) => ({
      group,
      components: group.componentIds
        .map((id) => byId.get(id))
        .filter((c): c is SnapshotComponent => c !== undefined && visible(c)),
    })),
  ];
  return sections.filter((section) => section.components.length > 0);
}

/** 'YYYY-MM' of an ISO timestamp, in UTC. */
export function monthOf(iso: string): string {
  return iso.slice(0, 7);
}

export interface HistoryMonth {
  month: string;
  incidents: SnapshotIncident[];
  maintenances: SnapshotMaintenance[];
}

/**
 * History is what has happened: every public incident, and the maintenances that
 * have begun. A window that is still to come belongs on the home page, not here.
 */
/**
 * The month a maintenance belongs to in history: its window's, or for a cancelled
 * one the month it was cancelled (its window may be months ahead, and history
 * never shows a month to come). Nothing changes a cancelled row, so updatedAt is
 * the cancel time.
 */
export function maintenanceHistoryMonth(maintenance: Pick<SnapshotMaintenance, 'status' | 'scheduledFor' | 'updatedAt'>): string {
  return monthOf(maintenance.status === 'cancelled' ? maintenance.updatedAt : maintenance.scheduledFor);
}

function pastMaintenances(snapshot: PageSnapshot): SnapshotMaintenance[] {
  return snapshot.maintenances.filter((m) => m.status !== 'scheduled');
}

/** Incidents and maintenances of one month (UTC), newest first. */
export function historyForMonth(snapshot: PageSnapshot, month: string): HistoryMonth {
  return {
    month,
    incidents: snapshot.incidents.filter((i) => monthOf(i.startedAt) === month),
    maintenances: pastMaintenances(snapshot).filter((m) => maintenanceHistoryMonth(m) === month),
  };
}

/** The months that have history, newest first; never a month after the snapshot's. */
export function historyMonths(snapshot: PageSnapshot): string[] {
  const current = monthOf(snapshot.builtAt);
  const months = new Set<string>([
    ...(snapshot.historyMonths ?? []),
    ...snapshot.incidents.map((i) => monthOf(i.startedAt)),
    ...pastMaintenances(snapshot).map(maintenanceHistoryMonth),
  ]);
  return [...months].filter((m) => m <= current).sort().reverse();
}
