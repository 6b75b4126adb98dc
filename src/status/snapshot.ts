import type { Language } from '../i18n/languages.ts';
import type {
  ComponentStatus,
  Impact,
  IncidentStatus,
  MaintenanceStatus,
  Severity,
} from '../domain/types.ts';

/**
 * Everything the public page, the feeds and the Statuspage API show, built once per
 * change by `buildSnapshot` and kept in memory (and on disk, so a server that starts
 * while the database is down can still serve it). Plain JSON: timestamps are ISO
 * 8601 strings, dates are YYYY-MM-DD (UTC days).
 *
 * Only public facts are in here: incidents and maintenances appear once they have at
 * least one published external update, and only published external updates appear.
 */
export interface PageSnapshot {
  /** page_version.version this snapshot was built from. */
  version: string;
  builtAt: string;
  page: SnapshotPage;
  overall: OverallStatus;
  /** Groups in display order, each listing its components' ids in order. */
  groups: SnapshotGroup[];
  /** Every component, in display order: ungrouped ones first, then by group. */
  components: SnapshotComponent[];
  /** Public incidents, newest first (by startedAt). */
  incidents: SnapshotIncident[];
  /** Public maintenances, newest first (by scheduledFor). */
  maintenances: SnapshotMaintenance[];
  /**
   * Every month with history (YYYY-MM, newest first), for the history pager. The
   * incidents and maintenances above are only the hot part: everything open, all
   * since `hotSince`, and the newest few (src/status/load-snapshot.ts); pages of
   * older history are rendered from the database. Optional: absent in a snapshot
   * saved by an older version, and in tests that build one by hand (then the
   * lists above are the whole history).
   */
  historyMonths?: string[];
  hotSince?: string;
}

export interface SnapshotPage {
  id: string;
  name: string;
  description: string;
  /** Absolute base URL (PUBLIC_URL), no trailing slash. */
  url: string;
  timeZone: string;
  /** The default language (page settings); a reader's own choice or browser wins. */
  language?: Language;
  /** When public data last changed. */
  updatedAt: string;
  /**
   * Brand (issue 9). Optional because a snapshot saved to disk by an older version
   * may lack them; readers fall back to Herald's defaults.
   */
  companyUrl?: string | null;
  supportUrl?: string | null;
  /** #rrggbb that passed the contrast check, or null. */
  accent?: string | null;
  footerLinks?: Array<{ label: string; url: string }>;
  /** Path of the uploaded logo (versioned so caches renew on change), or null. */
  logoUrl?: string | null;
  /** Path of the uploaded favicon (versioned like the logo) and its type, or null: the logo, else Herald's icon, stands in. */
  faviconUrl?: string | null;
  faviconType?: string | null;
}

export type Indicator = 'none' | 'minor' | 'major' | 'critical';

export interface OverallStatus {
  indicator: Indicator;
  /** Statuspage's wording: "All Systems Operational", "Partial System Outage", … */
  description: string;
  /** True while a maintenance is in progress (the banner says so). */
  underMaintenance: boolean;
}

export interface SnapshotGroup {
  id: string;
  name: string;
  description: string | null;
  position: number;
  createdAt: string;
  updatedAt: string;
  componentIds: string[];
}

export interface SnapshotComponent {
  id: string;
  groupId: string | null;
  name: string;
  description: string | null;
  position: number;
  status: ComponentStatus;
  showcase: boolean;
  onlyShowIfDegraded: boolean;
  startDate: string | null;
  createdAt: string;
  updatedAt: string;
  uptime: ComponentUptime;
}

export interface ComponentUptime {
  /** Oldest first; the last day is today (UTC). */
  days: UptimeDay[];
  /** Uptime over the days that have data, 0..1, or null when none has. */
  ratio: number | null;
}

export interface UptimeDay {
  date: string;
  /** 0..1, or null when the component did not exist (no data) that day. */
  ratio: number | null;
  /** The worst status the component was in during the day, or null without data. */
  worst: ComponentStatus | null;
  /** Seconds spent in each non-operational status that day. */
  seconds: Partial<Record<ComponentStatus, number>>;
  /**
   * Seconds the component existed that day (a whole day but on the day it was created,
   * and today so far): what uptime is measured against. Optional: older saved snapshots lack it.
   */
  observedSeconds?: number;
  /** Public incidents that affected the component that day. */
  incidents: { id: string; title: string }[];
}

export interface SnapshotUpdate {
  id: string;
  status: IncidentStatus | MaintenanceStatus;
  /** Markdown as written. */
  body: string;
  /** The body rendered to sanitized HTML: safe to insert as is. */
  html: string;
  publishedAt: string;
  createdAt: string;
  updatedAt: string;
  deliverNotifications: boolean;
  componentChanges: SnapshotComponentChange[];
}

export interface SnapshotComponentChange {
  componentId: string;
  name: string;
  oldStatus: ComponentStatus;
  newStatus: ComponentStatus;
}

export interface AffectedComponentRef {
  id: string;
  name: string;
  /** The status the incident set it to. */
  status: ComponentStatus;
}

export interface SnapshotIncident {
  id: string;
  title: string;
  severity: Severity;
  impact: Impact;
  status: IncidentStatus;
  startedAt: string;
  identifiedAt: string | null;
  monitoringAt: string | null;
  resolvedAt: string | null;
  createdAt: string;
  updatedAt: string;
  components: AffectedComponentRef[];
  /** Published external updates, newest first (at least one). */
  updates: SnapshotUpdate[];
  /**
   * The postmortem's public part, once published publicly (only the sections the
   * publisher ticked, frozen then). Optional: a snapshot saved by an older version lacks it.
   */
  postmortem?: SnapshotPostmortem | null;
}

export interface SnapshotPostmortem {
  body: string;
  /** Sanitized HTML of body. */
  html: string;
  publishedAt: string;
}

export interface SnapshotMaintenance {
  id: string;
  title: string;
  impact: Impact | 'maintenance';
  status: MaintenanceStatus;
  scheduledFor: string;
  scheduledUntil: string;
  startedAt: string | null;
  completedAt: string | null;
  createdAt: string;
  updatedAt: string;
  components: { id: string; name: string }[];
  /** Published external updates, newest first (at least one). */
  updates: SnapshotUpdate[];
}
