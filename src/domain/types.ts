import type { Language } from './language.ts';
/**
 * Herald's domain vocabulary. The string values are Atlassian Statuspage's, so the
 * public API can pass them through unchanged.
 */

export const COMPONENT_STATUSES = [
  'operational',
  'degraded_performance',
  'partial_outage',
  'major_outage',
  'under_maintenance',
] as const;
export type ComponentStatus = (typeof COMPONENT_STATUSES)[number];

export const SEVERITIES = ['SEV1', 'SEV2', 'SEV3'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const IMPACTS = ['none', 'minor', 'major', 'critical'] as const;
export type Impact = (typeof IMPACTS)[number];

export const INCIDENT_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export const MAINTENANCE_STATUSES = ['scheduled', 'in_progress', 'verifying', 'completed', 'cancelled'] as const;
export type MaintenanceStatus = (typeof MAINTENANCE_STATUSES)[number];

export const AUDIENCES = ['external', 'internal'] as const;
export type Audience = (typeof AUDIENCES)[number];

export const UPDATE_STATES = ['draft', 'scheduled', 'published', 'cancelled'] as const;
export type UpdateState = (typeof UPDATE_STATES)[number];

export interface PageSettings {
  id: string;
  name: string;
  description: string;
  timeZone: string;
  /** Default language of the public page (src/i18n/). */
  language?: Language;
  updatedAt: Date;
  companyUrl: string | null;
  supportUrl: string | null;
  /** #rrggbb, checked for contrast when saved; null: Herald's own colours. */
  accent: string | null;
  footerLinks: FooterLink[];
  /** The logo's media type when one is stored (the bytes are loaded on their own). */
  logoType: string | null;
  /** The favicon's media type when one is stored (PNG or SVG). */
  faviconType: string | null;
}

export interface FooterLink {
  label: string;
  url: string;
}

export interface ComponentGroup {
  id: string;
  name: string;
  description: string | null;
  position: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface Component {
  id: string;
  groupId: string | null;
  name: string;
  description: string | null;
  position: number;
  status: ComponentStatus;
  showcase: boolean;
  onlyShowIfDegraded: boolean;
  /** The status set by hand in /admin/components (a claim kept until set back to operational), or null. */
  manualStatus: ComponentStatus | null;
  startDate: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** One stretch of time a component spent in one status; endedAt null means "until now". */
export interface StatusInterval {
  componentId: string;
  status: ComponentStatus;
  startedAt: Date;
  endedAt: Date | null;
}

export interface AffectedComponent {
  componentId: string;
  /** The status the incident set the component to. */
  status: ComponentStatus;
}

export interface Incident {
  id: string;
  title: string;
  severity: Severity;
  impact: Impact;
  status: IncidentStatus;
  startedAt: Date;
  identifiedAt: Date | null;
  monitoringAt: Date | null;
  resolvedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  components: AffectedComponent[];
}

export interface Maintenance {
  id: string;
  title: string;
  impact: Impact | 'maintenance';
  status: MaintenanceStatus;
  scheduledFor: Date;
  scheduledUntil: Date;
  startedAt: Date | null;
  completedAt: Date | null;
  /** Set when a scheduled window was called off (status 'cancelled'). */
  cancelledAt: Date | null;
  /** Hours before the start that subscribers are reminded; 0 for no reminder. */
  reminderHours: number;
  /** When the reminder went out (cleared when the window moves, so it goes again). */
  remindedAt: Date | null;
  /** When the reminder still owed is due; null when none is (no lead, set less than its lead ahead, or sent). */
  remindAt: Date | null;
  /** When a corrected announcement was last emailed to subscribers (null: never). */
  correctionSentAt: Date | null;
  /** Whether subscribers are emailed when it starts, and when it completes. */
  notifyStart: boolean;
  notifyComplete: boolean;
  autoStart: boolean;
  autoComplete: boolean;
  createdAt: Date;
  updatedAt: Date;
  componentIds: string[];
}

export interface UpdateComponentChange {
  componentId: string;
  oldStatus: ComponentStatus;
  newStatus: ComponentStatus;
}

export interface Update {
  id: string;
  incidentId: string | null;
  maintenanceId: string | null;
  audience: Audience;
  state: UpdateState;
  /** The incident or maintenance status this update announces. */
  status: IncidentStatus | MaintenanceStatus;
  body: string;
  scheduledFor: Date | null;
  publishedAt: Date | null;
  deliverNotifications: boolean;
  createdAt: Date;
  updatedAt: Date;
  componentChanges: UpdateComponentChange[];
}

export interface TimelineEvent {
  id: string;
  incidentId: string | null;
  maintenanceId: string | null;
  kind: string;
  actor: string | null;
  details: Record<string, unknown>;
  occurredAt: Date;
}

export const ROLES = ['admin', 'comms', 'responder', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  internalNotifications: boolean;
  disabledAt: Date | null;
  passwordChangedAt: Date;
  createdAt: Date;
}

export interface Session {
  id: string;
  userId: string;
  createdAt: Date;
  lastUsedAt: Date;
  expiresAt: Date;
  userAgent: string | null;
  ip: string | null;
}

export const INCIDENT_ROLES = ['commander', 'comms_lead', 'expert'] as const;
export type IncidentRole = (typeof INCIDENT_ROLES)[number];

export interface IncidentRoleAssignment {
  incidentId: string;
  userId: string;
  userName: string;
  role: IncidentRole;
  assignedAt: Date;
}

export interface UpdateTemplate {
  id: string;
  name: string;
  status: IncidentStatus | MaintenanceStatus;
  body: string;
  createdAt: Date;
  updatedAt: Date;
}

/** Minutes between external updates each severity should get; null means no target. */
export type CadenceTargets = Record<Severity, number | null>;

/** What the management API stores about an incident beside the hub's fields. */
export interface IncidentApiFields {
  /** A client's own JSON object, returned as given (Statuspage's `metadata`). */
  metadata: Record<string, unknown>;
  /** Recorded after the fact: created resolved, in the past, with no notifications. */
  backfilled: boolean;
}
