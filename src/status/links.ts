import type { SnapshotMaintenance } from './snapshot.ts';

/** Where each public thing lives, relative to the page URL. One place, so links agree. */

export function incidentPath(id: string): string {
  return `/incidents/${encodeURIComponent(id)}`;
}

/**
 * Maintenances have no page of their own: an upcoming one lives on the home page,
 * one that has begun in the history of its month.
 */
export function maintenancePath(maintenance: Pick<SnapshotMaintenance, 'id' | 'scheduledFor' | 'status' | 'updatedAt'>): string {
  const anchor = `#maintenance-${encodeURIComponent(maintenance.id)}`;
  if (maintenance.status === 'scheduled') return `/${anchor}`;
  // A cancelled one is in the history of the month it was cancelled (see maintenanceHistoryMonth).
  const month = (maintenance.status === 'cancelled' ? maintenance.updatedAt : maintenance.scheduledFor).slice(0, 7);
  return `/history?month=${month}${anchor}`;
}

/** The page's logo, versioned by when it changed so it can be cached for good (save-page-logo.ts). */
export function logoPath(changedAt: Date): string {
  return `/brand/logo?v=${changedAt.getTime()}`;
}

/** The page's favicon, versioned like the logo (save-page-favicon.ts). */
export function faviconPath(changedAt: Date): string {
  return `/brand/favicon?v=${changedAt.getTime()}`;
}

/** A component's own page; its feeds, calendar and badges hang off the same id. */
export function componentPath(id: string): string {
  return `/components/${encodeURIComponent(id)}`;
}
