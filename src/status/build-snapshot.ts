import { faviconPath, logoPath } from './links.ts';
import type {
  Component,
  ComponentGroup,
  Incident,
  Maintenance,
  PageSettings,
  StatusInterval,
  Update,
} from '../domain/types.ts';
import { renderMarkdownCached } from '../markdown.ts';
import { computeOverallStatus } from './overall-status.ts';
import type {
  PageSnapshot,
  SnapshotComponent,
  SnapshotIncident,
  SnapshotMaintenance,
  SnapshotUpdate,
} from './snapshot.ts';
import { computeUptime } from './uptime.ts';

export const UPTIME_DAYS = 90;

/** What the loader reads from the database; everything the public page may show. */
export interface SnapshotSource {
  version: string;
  changedAt: Date;
  settings: PageSettings | null;
  groups: ComponentGroup[];
  components: Component[];
  /** Status intervals overlapping the uptime window, any order. */
  intervals: StatusInterval[];
  incidents: Incident[];
  maintenances: Maintenance[];
  /** Published external updates only. */
  updates: Update[];
  /** The public part of publicly published postmortems only (absent: none). */
  postmortems?: { incidentId: string; body: string; publishedAt: Date }[];
}

export interface BuildOptions {
  now: Date;
  publicUrl: string;
}

const iso = (date: Date): string => date.toISOString();
const isoOrNull = (date: Date | null): string | null => (date === null ? null : date.toISOString());

function groupBy<T>(items: T[], key: (item: T) => string | null): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === null) continue;
    map.set(k, [...(map.get(k) ?? []), item]);
  }
  return map;
}

/**
 * Builds the public page state from the database's facts. Pure: the same source
 * and clock give the same snapshot, so it is unit-tested without a database.
 */
export function buildSnapshot(source: SnapshotSource, options: BuildOptions): PageSnapshot {
  const componentNames = new Map(source.components.map((c) => [c.id, c.name]));
  const nameOf = (id: string): string => componentNames.get(id) ?? 'Removed component';

  const toUpdate = (update: Update): SnapshotUpdate => ({
    id: update.id,
    status: update.status,
    body: update.body,
    html: renderMarkdownCached(update.body),
    publishedAt: iso(update.publishedAt ?? update.createdAt),
    createdAt: iso(update.createdAt),
    updatedAt: iso(update.updatedAt),
    deliverNotifications: update.deliverNotifications,
    componentChanges: update.componentChanges.map((change) => ({ ...change, name: nameOf(change.componentId) })),
  });
  const toPostmortem = (p: { body: string; publishedAt: Date } | undefined): SnapshotIncident['postmortem'] =>
    p === undefined ? null : { body: p.body, html: renderMarkdownCached(p.body), publishedAt: iso(p.publishedAt) };
  const newestFirst = (a: SnapshotUpdate, b: SnapshotUpdate): number =>
    b.publishedAt.localeCompare(a.publishedAt) || a.id.localeCompare(b.id);

  const updatesByIncident = groupBy(source.updates, (u) => u.incidentId);
  const updatesByMaintenance = groupBy(source.updates, (u) => u.maintenanceId);
  const postmortemByIncident = new Map((source.postmortems ?? []).map((p) => [p.incidentId, p]));

  // An incident or maintenance becomes public with its first published external update.
  const incidents: SnapshotIncident[] = source.incidents
    .filter((incident) => updatesByIncident.has(incident.id))
    .map((incident) => ({
      id: incident.id,
      title: incident.title,
      severity: incident.severity,
      impact: incident.impact,
      status: incident.status,
      startedAt: iso(incident.startedAt),
      identifiedAt: isoOrNull(incident.identifiedAt),
      monitoringAt: isoOrNull(incident.monitoringAt),
      resolvedAt: isoOrNull(incident.resolvedAt),
      createdAt: iso(incident.createdAt),
      updatedAt: iso(incident.updatedAt),
      components: incident.components.map((c) => ({ id: c.componentId, name: nameOf(c.componentId), status: c.status })),
      updates: (updatesByIncident.get(incident.id) ?? []).map(toUpdate).sort(newestFirst),
      postmortem: toPostmortem(postmortemByIncident.get(incident.id)),
    }))
    .sort((a, b) => b.startedAt.localeCompare(a.startedAt) || a.id.localeCompare(b.id));

  const maintenances: SnapshotMaintenance[] = source.maintenances
    .filter((maintenance) => updatesByMaintenance.has(maintenance.id))
    .map((maintenance) => ({
      id: maintenance.id,
      title: maintenance.title,
      impact: maintenance.impact,
      status: maintenance.status,
      scheduledFor: iso(maintenance.scheduledFor),
      scheduledUntil: iso(maintenance.scheduledUntil),
      startedAt: isoOrNull(maintenance.startedAt),
      completedAt: isoOrNull(maintenance.completedAt),
      createdAt: iso(maintenance.createdAt),
      updatedAt: iso(maintenance.updatedAt),
      components: maintenance.componentIds.map((id) => ({ id, name: nameOf(id) })),
      updates: (updatesByMaintenance.get(maintenance.id) ?? []).map(toUpdate).sort(newestFirst),
    }))
    .sort((a, b) => b.scheduledFor.localeCompare(a.scheduledFor) || a.id.localeCompare(b.id));

  const intervalsByComponent = groupBy(source.intervals, (i) => i.componentId);
  const incidentsByComponent = new Map<string, { id: string; title: string; startedAt: Date; resolvedAt: Date | null }[]>();
  for (const incident of incidents) {
    for (const component of incident.components) {
      const list = incidentsByComponent.get(component.id) ?? [];
      list.push({
        id: incident.id,
        title: incident.title,
        startedAt: new Date(incident.startedAt),
        resolvedAt: incident.resolvedAt === null ? null : new Date(incident.resolvedAt),
      });
      incidentsByComponent.set(component.id, list);
    }
  }

  const groupPosition = new Map(source.groups.map((g) => [g.id, g.position]));
  const components: SnapshotComponent[] = [...source.components]
    .sort(
      (a, b) =>
        (a.groupId === null ? -1 : (groupPosition.get(a.groupId) ?? 0)) -
          (b.groupId === null ? -1 : (groupPosition.get(b.groupId) ?? 0)) ||
        a.position - b.position ||
        a.name.localeCompare(b.name),
    )
    .map((component) => ({
      id: component.id,
      groupId: component.groupId,
      name: component.name,
      description: component.description,
      position: component.position,
      status: component.status,
      showcase: component.showcase,
      onlyShowIfDegraded: component.onlyShowIfDegraded,
      startDate: component.startDate,
      createdAt: iso(component.createdAt),
      updatedAt: iso(component.updatedAt),
      uptime: computeUptime(intervalsByComponent.get(component.id) ?? [], {
        now: options.now,
        days: UPTIME_DAYS,
        incidents: incidentsByComponent.get(component.id) ?? [],
      }),
    }));

  const groups = [...source.groups]
    .sort((a, b) => a.position - b.position || a.name.localeCompare(b.name))
    .map((group) => ({
      id: group.id,
      name: group.name,
      description: group.description,
      position: group.position,
      createdAt: iso(group.createdAt),
      updatedAt: iso(group.updatedAt),
      componentIds: components.filter((c) => c.groupId === group.id).map((c) => c.id),
    }));

  const overall = computeOverallStatus({
    componentStatuses: components.map((c) => c.status),
    openIncidentImpacts: incidents.filter((i) => i.status !== 'resolved').map((i) => i.impact),
    maintenanceInProgress: maintenances.some((m) => m.status === 'in_progress' || m.status === 'verifying'),
  });

  return {
    version: source.version,
    builtAt: iso(options.now),
    page: {
      id: source.settings?.id ?? 'page',
      name: source.settings?.name ?? 'Status',
      description: source.settings?.description ?? '',
      url: options.publicUrl,
      timeZone: source.settings?.timeZone ?? 'Etc/UTC',
      language: source.settings?.language ?? 'en',
      updatedAt: iso(source.changedAt),
      companyUrl: source.settings?.companyUrl ?? null,
      supportUrl: source.settings?.supportUrl ?? null,
      accent: source.settings?.accent ?? null,
      footerLinks: source.settings?.footerLinks ?? [],
      logoUrl: source.settings?.logoType ? logoPath(source.settings.updatedAt) : null,
      faviconUrl: source.settings?.faviconType ? faviconPath(source.settings.updatedAt) : null,
      faviconType: source.settings?.faviconType ?? null,
    },
    overall,
    groups,
    components,
    incidents,
    maintenances,
  };
}
