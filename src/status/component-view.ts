import type { PageSnapshot, SnapshotComponent, SnapshotIncident, SnapshotMaintenance } from './snapshot.ts';

/** What a component's public page shows, read from the snapshot. Pure. */

/** How far back "recent" incidents and maintenance reach: the uptime bar's window. */
export const RECENT_DAYS = 90;
const DAY_MS = 86_400_000;

export function findComponent(snapshot: PageSnapshot, id: string): SnapshotComponent | null {
  return snapshot.components.find((component) => component.id === id) ?? null;
}

export interface ComponentActivity {
  openIncidents: SnapshotIncident[];
  /** Resolved within RECENT_DAYS of the snapshot, newest first. */
  recentIncidents: SnapshotIncident[];
  /** In progress, verifying or scheduled: soonest first. */
  currentMaintenances: SnapshotMaintenance[];
  /** Completed or cancelled within RECENT_DAYS, newest first. */
  recentMaintenances: SnapshotMaintenance[];
}

/** The component's incidents and maintenance: what is open now and what happened lately. */
export function componentActivity(snapshot: PageSnapshot, componentId: string): ComponentActivity {
  const since = new Date(Date.parse(snapshot.builtAt) - RECENT_DAYS * DAY_MS).toISOString();
  const incidents = snapshot.incidents.filter((i) => i.components.some((c) => c.id === componentId));
  const maintenances = componentMaintenances(snapshot, componentId);
  const isCurrent = (m: SnapshotMaintenance): boolean => m.status === 'scheduled' || m.status === 'in_progress' || m.status === 'verifying';
  return {
    openIncidents: incidents.filter((i) => i.status !== 'resolved'),
    recentIncidents: incidents.filter((i) => i.status === 'resolved' && (i.resolvedAt ?? i.startedAt) >= since),
    currentMaintenances: maintenances.filter(isCurrent).sort((a, b) => a.scheduledFor.localeCompare(b.scheduledFor)),
    recentMaintenances: maintenances.filter((m) => !isCurrent(m) && (m.completedAt ?? m.updatedAt) >= since),
  };
}

/** Every public maintenance of a component (all of them with null), newest first. */
export function componentMaintenances(snapshot: PageSnapshot, componentId: string | null): SnapshotMaintenance[] {
  if (componentId === null) return snapshot.maintenances;
  return snapshot.maintenances.filter((m) => m.components.some((c) => c.id === componentId));
}
