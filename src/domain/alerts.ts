import type { ComponentStatus, Severity } from './types.ts';

/**
 * Alert intake's vocabulary (issue 10): where alerts come from, what a route says,
 * and the alerts a triage incident carries. Shared by db/ and src/alerts/.
 */

export const ALERT_SOURCES = ['alertmanager', 'grafana', 'generic'] as const;
export type AlertSource = (typeof ALERT_SOURCES)[number];

export const ALERT_STATUSES = ['firing', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** 'triage': opened from alerts, internal, waiting for a person; 'active': declared (every hub incident); 'dismissed'. */
export const INCIDENT_STATES = ['triage', 'active', 'dismissed'] as const;
export type IncidentState = (typeof INCIDENT_STATES)[number];

export const INCIDENT_SOURCES = ['hub', 'api', ...ALERT_SOURCES] as const;
export type IncidentSource = (typeof INCIDENT_SOURCES)[number];

/** What a matching route does: open a triage incident, or join an open incident of its components. */
export const ROUTE_ACTIONS = ['triage', 'attach'] as const;
export type RouteAction = (typeof ROUTE_ACTIONS)[number];

/** The statuses a route may suggest for its components (an alert never means "under maintenance"). */
export const ROUTE_COMPONENT_STATUSES = ['degraded_performance', 'partial_outage', 'major_outage'] as const satisfies readonly ComponentStatus[];
export type RouteComponentStatus = (typeof ROUTE_COMPONENT_STATUSES)[number];

/** One label matcher, as Alertmanager writes them: `service=api`, `severity=~critical|page`, `env!=dev`, `team!~ops.*`. */
export interface LabelMatcher {
  label: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
}

export interface AlertRoute {
  id: string;
  position: number;
  name: string;
  /** As typed: one matcher per line (all must hold). Empty for the default route. */
  matchers: string;
  componentIds: string[];
  componentStatus: RouteComponentStatus;
  severity: Severity;
  /** The suggested first public update (Markdown with placeholders). */
  updateTemplate: string;
  action: RouteAction;
  /** Opt-in: publish the components' status as soon as the alert arrives (not only suggest it). */
  setComponentStatus: boolean;
  /** Opt-in: resolve the incident when every alert has resolved and nobody has touched it. */
  autoResolve: boolean;
  isDefault: boolean;
}

/** One alert as every source is reduced to. */
export interface IncomingAlert {
  fingerprint: string;
  status: AlertStatus;
  /** A short name: alertname, or the generic title. */
  name: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: Date;
  /** Null while firing (Alertmanager's zero time, 0001-01-01, means "not yet"). */
  endsAt: Date | null;
  generatorUrl: string | null;
}

/** One notification (one POST) from any source. */
export interface AlertNotification {
  source: AlertSource;
  /** Alertmanager's groupKey, Grafana's groupKey, or the generic dedup_key. */
  dedupeKey: string;
  status: AlertStatus;
  /** A title for a new incident. */
  title: string;
  /** Labels common to the group, used for routing (falls back to the first alert's labels). */
  commonLabels: Record<string, string>;
  alerts: IncomingAlert[];
  /** Extra hints from the generic source. */
  severity: string | null;
  component: string | null;
}

/** An alert a triage incident carries, as the hub shows it: an incoming alert, as stored. */
export type IncidentAlert = IncomingAlert;
