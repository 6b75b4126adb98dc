import type { SnapshotMaintenance } from './snapshot.ts';

/** Where each public thing lives, relative to the page URL. One place, so links agree. */

export function incidentPath(id: string): string {
  return `/incidents/${encodeURIComponent(id)}`;
}

/** Maintenances have no page of their own: they live in the history of their month. */
export function maintenancePath(maintenance: Pick<SnapshotMaintenance, 'id' | 'scheduledFor'>): string {
  return `/history?month=${maintenance.scheduledFor.slice(0, 7)}#maintenance-${encodeURIComponent(maintenance.id)}`;
}
