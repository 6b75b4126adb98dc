import type { ComponentStatus, Impact, IncidentStatus, MaintenanceStatus } from '../domain/types.ts';
import { activeMaintenances, unresolvedIncidents, upcomingMaintenances } from '../status/selectors.ts';
import { incidentPath, maintenancePath } from '../status/links.ts';
import type {
  Indicator,
  PageSnapshot,
  SnapshotComponent,
  SnapshotGroup,
  SnapshotIncident,
  SnapshotMaintenance,
  SnapshotUpdate,
} from '../status/snapshot.ts';

/**
 * Atlassian Statuspage's public API v2 (`/api/v2/*.json`), built from the page snapshot so
 * that status aggregators, Prometheus exporters and widgets written for Statuspage read
 * Herald unchanged. Field names, nesting and enumerations follow Statuspage's documented
 * responses; tests/schemas/ holds the JSON Schemas the output is checked against. Pure:
 * every builder takes a snapshot and returns plain JSON-ready objects.
 */

/** Statuspage returns at most this many incidents or maintenances on the list endpoints. */
const LIST_LIMIT = 50;

export interface StatuspagePage {
  id: string;
  name: string;
  url: string;
  time_zone: string;
  updated_at: string;
}

export interface StatuspageStatus {
  indicator: Indicator;
  description: string;
}

interface StatuspageComponentFields {
  id: string;
  name: string;
  status: ComponentStatus;
  created_at: string;
  updated_at: string;
  position: number;
  description: string | null;
  showcase: boolean;
  start_date: string | null;
  group_id: string | null;
  page_id: string;
  only_show_if_degraded: boolean;
}

/** A component that is not a group; `group_id` is its group's id, or null. */
export interface StatuspageLeafComponent extends StatuspageComponentFields {
  group: false;
}

/** A group, listed among the components as Statuspage does, with its members' ids. */
export interface StatuspageGroupComponent extends StatuspageComponentFields {
  group: true;
  group_id: null;
  components: string[];
}

export type StatuspageComponent = StatuspageLeafComponent | StatuspageGroupComponent;

export interface StatuspageAffectedComponent {
  /** The component's id (Statuspage calls it `code`). */
  code: string;
  name: string;
  old_status: ComponentStatus;
  new_status: ComponentStatus;
}

export interface StatuspageIncidentUpdate {
  id: string;
  status: IncidentStatus | MaintenanceStatus;
  /** Markdown, as written. */
  body: string;
  /** The incident's or the maintenance's id. */
  incident_id: string;
  created_at: string;
  updated_at: string;
  display_at: string;
  affected_components: StatuspageAffectedComponent[] | null;
  deliver_notifications: boolean;
}

/** What incidents and scheduled maintenances have in common (on Statuspage both are incidents). */
interface StatuspageEventFields {
  id: string;
  name: string;
  created_at: string;
  updated_at: string;
  monitoring_at: string | null;
  resolved_at: string | null;
  shortlink: string;
  started_at: string;
  page_id: string;
  incident_updates: StatuspageIncidentUpdate[];
  components: StatuspageComponent[];
}

export interface StatuspageIncident extends StatuspageEventFields {
  status: IncidentStatus;
  impact: Impact;
}

export interface StatuspageScheduledMaintenance extends StatuspageEventFields {
  status: MaintenanceStatus;
  impact: Impact | 'maintenance';
  scheduled_for: string;
  scheduled_until: string;
}

export interface StatuspageStatusResponse {
  page: StatuspagePage;
  status: StatuspageStatus;
}

export interface StatuspageComponentsResponse {
  page: StatuspagePage;
  components: StatuspageComponent[];
}

export interface StatuspageIncidentsResponse {
  page: StatuspagePage;
  incidents: StatuspageIncident[];
}

export interface StatuspageScheduledMaintenancesResponse {
  page: StatuspagePage;
  scheduled_maintenances: StatuspageScheduledMaintenance[];
}

export interface StatuspageSummaryResponse {
  page: StatuspagePage;
  components: StatuspageComponent[];
  incidents: StatuspageIncident[];
  scheduled_maintenances: StatuspageScheduledMaintenance[];
  status: StatuspageStatus;
}

// ---------------------------------------------------------------------------------------
// Builders, one per endpoint.

/** `/api/v2/status.json` */
export function buildStatus(s: PageSnapshot): StatuspageStatusResponse {
  return { page: pageRow(s), status: statusRow(s) };
}

/** `/api/v2/components.json`: every component and every group. */
export function buildComponents(s: PageSnapshot): StatuspageComponentsResponse {
  return { page: pageRow(s), components: componentRows(s) };
}

/** `/api/v2/incidents.json`: the 50 most recent incidents, resolved or not. */
export function buildIncidents(s: PageSnapshot): StatuspageIncidentsResponse {
  return incidentsResponse(s, s.incidents.slice(0, LIST_LIMIT));
}

/** `/api/v2/incidents/unresolved.json` */
export function buildUnresolvedIncidents(s: PageSnapshot): StatuspageIncidentsResponse {
  return incidentsResponse(s, unresolvedIncidents(s));
}

/**
 * `/api/v2/scheduled-maintenances.json`: the 50 most recent, in every Statuspage
 * status. Statuspage has no "cancelled" maintenance: cancelling one there deletes
 * it, so its API stops listing it. Herald does the same here (clients that only
 * know Statuspage's statuses never see an unknown one); the public page's history
 * and the feeds keep it, marked cancelled, with its message.
 */
export function buildScheduledMaintenances(s: PageSnapshot): StatuspageScheduledMaintenancesResponse {
  return maintenancesResponse(s, s.maintenances.filter((m) => m.status !== 'cancelled').slice(0, LIST_LIMIT));
}

/** `/api/v2/scheduled-maintenances/upcoming.json`: still in the scheduled state. */
export function buildUpcomingMaintenances(s: PageSnapshot): StatuspageScheduledMaintenancesResponse {
  return maintenancesResponse(s, upcomingMaintenances(s));
}

/** `/api/v2/scheduled-maintenances/active.json`: in progress or verifying. */
export function buildActiveMaintenances(s: PageSnapshot): StatuspageScheduledMaintenancesResponse {
  return maintenancesResponse(s, activeMaintenances(s));
}

/**
 * `/api/v2/summary.json`: components, unresolved incidents, and maintenances that are
 * under way (listed first) or upcoming; completed ones are left out, as on Statuspage.
 */
export function buildSummary(s: PageSnapshot): StatuspageSummaryResponse {
  const components = componentRows(s);
  const rowsById = indexRows(components);
  const page = pageRow(s);
  return {
    page,
    components,
    incidents: unresolvedIncidents(s).map((i) => incidentRow(s, rowsById, i)),
    scheduled_maintenances: [...activeMaintenances(s), ...upcomingMaintenances(s)].map((m) =>
      maintenanceRow(s, rowsById, m),
    ),
    status: statusRow(s),
  };
}

// ---------------------------------------------------------------------------------------
// Row mappers shared by the builders.

type ComponentRowsById = ReadonlyMap<string, StatuspageComponent>;

function incidentsResponse(s: PageSnapshot, incidents: SnapshotIncident[]): StatuspageIncidentsResponse {
  const rowsById = indexRows(componentRows(s));
  return { page: pageRow(s), incidents: incidents.map((i) => incidentRow(s, rowsById, i)) };
}

function maintenancesResponse(
  s: PageSnapshot,
  maintenances: SnapshotMaintenance[],
): StatuspageScheduledMaintenancesResponse {
  const rowsById = indexRows(componentRows(s));
  return {
    page: pageRow(s),
    scheduled_maintenances: maintenances.map((m) => maintenanceRow(s, rowsById, m)),
  };
}

function pageRow(s: PageSnapshot): StatuspagePage {
  return {
    id: s.page.id,
    name: s.page.name,
    url: s.page.url,
    time_zone: s.page.timeZone,
    updated_at: s.page.updatedAt,
  };
}

function statusRow(s: PageSnapshot): StatuspageStatus {
  return { indicator: s.overall.indicator, description: s.overall.description };
}

/**
 * Components in the page's display order: ungrouped components first, then each group
 * followed by its members, in their positions. Statuspage sorts by position too; this
 * keeps the listing identical to what the page shows and deterministic.
 * "Only show if degraded" components are listed anyway: Statuspage's API hides nothing.
 */
function componentRows(s: PageSnapshot): StatuspageComponent[] {
  const byId = new Map(s.components.map((c) => [c.id, c]));
  const rows: StatuspageComponent[] = s.components
    .filter((c) => c.groupId === null)
    .map((c) => leafComponentRow(s, c));
  for (const group of s.groups) {
    const members = group.componentIds
      .map((id) => byId.get(id))
      .filter((c): c is SnapshotComponent => c !== undefined);
    rows.push(groupComponentRow(s, group, members));
    rows.push(...members.map((c) => leafComponentRow(s, c)));
  }
  return rows;
}

function leafComponentRow(s: PageSnapshot, c: SnapshotComponent): StatuspageLeafComponent {
  return {
    id: c.id,
    name: c.name,
    status: c.status,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    position: c.position,
    description: c.description,
    showcase: c.showcase,
    start_date: c.startDate,
    group_id: c.groupId,
    page_id: s.page.id,
    group: false,
    only_show_if_degraded: c.onlyShowIfDegraded,
  };
}

function groupComponentRow(
  s: PageSnapshot,
  g: SnapshotGroup,
  members: SnapshotComponent[],
): StatuspageGroupComponent {
  return {
    id: g.id,
    name: g.name,
    status: worstStatus(members.map((c) => c.status)),
    created_at: g.createdAt,
    updated_at: g.updatedAt,
    position: g.position,
    description: g.description,
    // Statuspage groups carry these component fields with fixed values.
    showcase: false,
    start_date: null,
    group_id: null,
    page_id: s.page.id,
    group: true,
    only_show_if_degraded: false,
    components: members.map((c) => c.id),
  };
}

/** Least to most severe; under maintenance is a planned state, so it ranks below any outage. */
const STATUS_SEVERITY: Record<ComponentStatus, number> = {
  operational: 0,
  under_maintenance: 1,
  degraded_performance: 2,
  partial_outage: 3,
  major_outage: 4,
};

function worstStatus(statuses: ComponentStatus[]): ComponentStatus {
  return statuses.reduce<ComponentStatus>(
    (worst, status) => (STATUS_SEVERITY[status] > STATUS_SEVERITY[worst] ? status : worst),
    'operational',
  );
}

function indexRows(rows: StatuspageComponent[]): ComponentRowsById {
  return new Map(rows.map((row) => [row.id, row]));
}

/** The fields incidents and maintenances share: Statuspage models both as incidents. */
function eventFields(
  s: PageSnapshot,
  rowsById: ComponentRowsById,
  event: SnapshotIncident | SnapshotMaintenance,
): Omit<StatuspageEventFields, 'started_at' | 'monitoring_at' | 'resolved_at'> {
  return {
    id: event.id,
    name: event.title,
    created_at: event.createdAt,
    updated_at: event.updatedAt,
    shortlink: `${s.page.url}${'scheduledFor' in event ? maintenancePath(event) : incidentPath(event.id)}`,
    page_id: s.page.id,
    incident_updates: event.updates.map((u) => updateRow(event.id, u)),
    // Current component rows, as Statuspage returns them; a component deleted since the
    // event has no row left to show, so it is skipped.
    components: event.components
      .map((ref) => rowsById.get(ref.id))
      .filter((row): row is StatuspageComponent => row !== undefined),
  };
}

function incidentRow(s: PageSnapshot, rowsById: ComponentRowsById, i: SnapshotIncident): StatuspageIncident {
  return {
    ...eventFields(s, rowsById, i),
    status: i.status,
    impact: i.impact,
    started_at: i.startedAt,
    monitoring_at: i.monitoringAt,
    resolved_at: i.resolvedAt,
  };
}

function maintenanceRow(
  s: PageSnapshot,
  rowsById: ComponentRowsById,
  m: SnapshotMaintenance,
): StatuspageScheduledMaintenance {
  return {
    ...eventFields(s, rowsById, m),
    status: m.status,
    impact: m.impact,
    // Statuspage always sends a start time; before the window opens the planned one is it.
    started_at: m.startedAt ?? m.scheduledFor,
    monitoring_at: null,
    resolved_at: m.completedAt,
    scheduled_for: m.scheduledFor,
    scheduled_until: m.scheduledUntil,
  };
}

/** Updates stay newest first, as in the snapshot and on Statuspage. */
function updateRow(eventId: string, u: SnapshotUpdate): StatuspageIncidentUpdate {
  return {
    id: u.id,
    status: u.status,
    body: u.body,
    incident_id: eventId,
    created_at: u.createdAt,
    updated_at: u.updatedAt,
    display_at: u.publishedAt,
    affected_components:
      u.componentChanges.length === 0
        ? null
        : u.componentChanges.map((change) => ({
            code: change.componentId,
            name: change.name,
            old_status: change.oldStatus,
            new_status: change.newStatus,
          })),
    deliver_notifications: u.deliverNotifications,
  };
}
