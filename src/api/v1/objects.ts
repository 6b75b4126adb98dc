import type { IncidentAlert, IncidentSource, IncidentState } from '../../domain/alerts.ts';
import type { Component, ComponentGroup, Incident, IncidentApiFields, Maintenance, Update } from '../../domain/types.ts';

/**
 * Statuspage's v1 management API objects (developer.statuspage.io): the same
 * field names, so Statuspage clients, scripts and the Terraform provider read
 * them unchanged. Pure: built from domain values.
 */

export interface V1Component {
  id: string;
  page_id: string;
  group_id: string | null;
  created_at: string;
  updated_at: string;
  group: boolean;
  name: string;
  description: string | null;
  position: number;
  status: Component['status'];
  showcase: boolean;
  only_show_if_degraded: boolean;
  /** Statuspage's per-component address for email automation; Herald has none. */
  automation_email: null;
  start_date: string | null;
  /** Groups only: the ids of their members, in order. */
  components?: string[];
}

export interface V1ComponentGroup {
  id: string;
  page_id: string;
  name: string;
  description: string | null;
  components: string[];
  position: number;
  created_at: string;
  updated_at: string;
}

export function v1Component(pageId: string, c: Component): V1Component {
  return {
    id: c.id,
    page_id: pageId,
    group_id: c.groupId,
    created_at: c.createdAt.toISOString(),
    updated_at: c.updatedAt.toISOString(),
    group: false,
    name: c.name,
    description: c.description,
    position: c.position,
    status: c.status,
    showcase: c.showcase,
    only_show_if_degraded: c.onlyShowIfDegraded,
    automation_email: null,
    start_date: c.startDate,
  };
}

export function v1ComponentGroup(pageId: string, g: ComponentGroup, members: readonly Component[]): V1ComponentGroup {
  return {
    id: g.id,
    page_id: pageId,
    name: g.name,
    description: g.description,
    components: members.filter((c) => c.groupId === g.id).map((c) => c.id),
    position: g.position,
    created_at: g.createdAt.toISOString(),
    updated_at: g.updatedAt.toISOString(),
  };
}

const SEVERITY: Record<Component['status'], number> = { operational: 0, under_maintenance: 1, degraded_performance: 2, partial_outage: 3, major_outage: 4 };

/**
 * The components list as Statuspage gives it: groups appear among the components
 * (`group: true`, their members' ids, the worst member status), each followed by
 * its members; ungrouped components first, as the page shows them.
 */
export function v1ComponentList(pageId: string, groups: readonly ComponentGroup[], components: readonly Component[]): V1Component[] {
  const rows = components.filter((c) => c.groupId === null).map((c) => v1Component(pageId, c));
  for (const group of groups) {
    const members = components.filter((c) => c.groupId === group.id);
    const worst = members.reduce<Component['status']>((acc, c) => (SEVERITY[c.status] > SEVERITY[acc] ? c.status : acc), 'operational');
    rows.push({
      id: group.id,
      page_id: pageId,
      group_id: null,
      created_at: group.createdAt.toISOString(),
      updated_at: group.updatedAt.toISOString(),
      group: true,
      name: group.name,
      description: group.description,
      position: group.position,
      status: worst,
      showcase: false,
      only_show_if_degraded: false,
      automation_email: null,
      start_date: null,
      components: members.map((c) => c.id),
    });
    rows.push(...members.map((c) => v1Component(pageId, c)));
  }
  return rows;
}

export interface V1IncidentUpdate {
  id: string;
  incident_id: string;
  status: string;
  body: string;
  created_at: string;
  updated_at: string;
  display_at: string | null;
  affected_components: { code: string; name: string; old_status: string; new_status: string }[] | null;
  deliver_notifications: boolean;
  custom_tweet: null;
  tweet_id: null;
}

export interface V1Incident {
  id: string;
  name: string;
  status: string;
  impact: string;
  impact_override: null;
  created_at: string;
  updated_at: string;
  started_at: string;
  monitoring_at: string | null;
  resolved_at: string | null;
  shortlink: string;
  page_id: string;
  incident_updates: V1IncidentUpdate[];
  components: V1Component[];
  /** The postmortem's public part, once published publicly (Statuspage's fields). */
  postmortem_body: string | null;
  postmortem_published_at: string | null;
  postmortem_notified_subscribers: boolean;
  scheduled_for: string | null;
  scheduled_until: string | null;
  scheduled_remind_prior: boolean;
  scheduled_auto_in_progress: boolean;
  scheduled_auto_completed: boolean;
  metadata: Record<string, unknown>;
  /** Recorded after the fact (created resolved, in the past, no notifications). */
  backfilled: boolean;
  /** Herald's own fields; Statuspage clients ignore them. */
  herald: {
    kind: 'incident' | 'maintenance';
    severity: string | null;
    visibility: 'public' | 'internal';
    /** Incidents: triage, active or dismissed (as stored by the alert intake); maintenance: its status. */
    state: string;
    source: IncidentSource;
    alerts: V1Alert[];
  };
}

/** One alert of an alert-sourced incident (Herald's own, under `herald.alerts`). */
export interface V1Alert {
  fingerprint: string;
  status: IncidentAlert['status'];
  name: string;
  labels: Record<string, string>;
  starts_at: string;
  ends_at: string | null;
}

/** What the alert intake stored about an incident: its triage state, where it came from, its alerts. */
export interface IncidentOrigin {
  state: IncidentState;
  source: IncidentSource;
  alerts: readonly IncidentAlert[];
}

export function v1Alert(a: IncidentAlert): V1Alert {
  return { fingerprint: a.fingerprint, status: a.status, name: a.name, labels: a.labels, starts_at: a.startsAt.toISOString(), ends_at: a.endsAt?.toISOString() ?? null };
}

/** The incident with its `herald.state`, `source` and `alerts` from what the alert intake stored. */
export function withOrigin(incident: V1Incident, origin: IncidentOrigin): V1Incident {
  return { ...incident, herald: { ...incident.herald, state: origin.state, source: origin.source, alerts: origin.alerts.map(v1Alert) } };
}

export interface IncidentContext {
  pageId: string;
  publicUrl: string;
  components: ReadonlyMap<string, Component>;
  /** Publicly published postmortems by incident id (absent: none loaded). */
  postmortems?: ReadonlyMap<string, { body: string; publishedAt: Date; notifiedSubscribers: boolean }>;
}

export function v1Update(eventId: string, u: Update, components: ReadonlyMap<string, Component>): V1IncidentUpdate {
  return {
    id: u.id,
    incident_id: eventId,
    status: u.status,
    body: u.body,
    created_at: u.createdAt.toISOString(),
    updated_at: u.updatedAt.toISOString(),
    display_at: u.publishedAt?.toISOString() ?? null,
    affected_components:
      u.componentChanges.length === 0
        ? null
        : u.componentChanges.map((c) => ({ code: c.componentId, name: components.get(c.componentId)?.name ?? '', old_status: c.oldStatus, new_status: c.newStatus })),
    deliver_notifications: u.deliverNotifications,
    custom_tweet: null,
    tweet_id: null,
  };
}

const componentRows = (context: IncidentContext, ids: readonly string[]): V1Component[] =>
  ids.flatMap((id) => {
    const component = context.components.get(id);
    return component ? [v1Component(context.pageId, component)] : [];
  });

/**
 * An incident as Statuspage's incident object; `updates` are its published external
 * ones, newest first; `fields` what the API stored beside (metadata, backfilled).
 */
export function v1Incident(context: IncidentContext, i: Incident, updates: readonly Update[], fields: IncidentApiFields = { metadata: {}, backfilled: false }): V1Incident {
  return {
    id: i.id,
    name: i.title,
    status: i.status,
    impact: i.impact,
    impact_override: null,
    created_at: i.createdAt.toISOString(),
    updated_at: i.updatedAt.toISOString(),
    started_at: i.startedAt.toISOString(),
    monitoring_at: i.monitoringAt?.toISOString() ?? null,
    resolved_at: i.resolvedAt?.toISOString() ?? null,
    shortlink: `${context.publicUrl}/incidents/${encodeURIComponent(i.id)}`,
    page_id: context.pageId,
    incident_updates: updates.map((u) => v1Update(i.id, u, context.components)),
    components: componentRows(context, i.components.map((c) => c.componentId)),
    postmortem_body: context.postmortems?.get(i.id)?.body ?? null,
    postmortem_published_at: context.postmortems?.get(i.id)?.publishedAt.toISOString() ?? null,
    postmortem_notified_subscribers: context.postmortems?.get(i.id)?.notifiedSubscribers ?? false,
    scheduled_for: null,
    scheduled_until: null,
    scheduled_remind_prior: false,
    scheduled_auto_in_progress: false,
    scheduled_auto_completed: false,
    metadata: fields.metadata,
    backfilled: fields.backfilled,
    herald: {
      kind: 'incident',
      severity: i.severity,
      // Public once its first external update is published, as on the status page.
      visibility: updates.length > 0 ? 'public' : 'internal',
      // Until withOrigin adds what the alert intake stored: a hub incident.
      state: 'active',
      source: 'hub',
      alerts: [],
    },
  };
}

/** A maintenance as Statuspage models it: a scheduled incident. */
export function v1Maintenance(context: IncidentContext, m: Maintenance, updates: readonly Update[]): V1Incident {
  return {
    id: m.id,
    name: m.title,
    status: m.status,
    impact: m.impact,
    impact_override: null,
    created_at: m.createdAt.toISOString(),
    updated_at: m.updatedAt.toISOString(),
    started_at: (m.startedAt ?? m.scheduledFor).toISOString(),
    monitoring_at: null,
    resolved_at: m.completedAt?.toISOString() ?? null,
    shortlink: `${context.publicUrl}/#maintenance-${encodeURIComponent(m.id)}`,
    page_id: context.pageId,
    incident_updates: updates.map((u) => v1Update(m.id, u, context.components)),
    components: componentRows(context, m.componentIds),
    postmortem_body: null,
    postmortem_published_at: null,
    postmortem_notified_subscribers: false,
    scheduled_for: m.scheduledFor.toISOString(),
    scheduled_until: m.scheduledUntil.toISOString(),
    scheduled_remind_prior: m.reminderHours > 0,
    scheduled_auto_in_progress: m.autoStart,
    scheduled_auto_completed: m.autoComplete,
    metadata: {},
    backfilled: false,
    herald: { kind: 'maintenance', severity: null, visibility: updates.length > 0 ? 'public' : 'internal', state: m.status, source: 'hub', alerts: [] },
  };
}
