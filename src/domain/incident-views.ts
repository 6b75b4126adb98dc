import type {
  Audience,
  ComponentStatus,
  Incident,
  IncidentStatus,
  MaintenanceStatus,
  Role,
  Update,
  UpdateComponentChange,
} from './types.ts';
import type { IncidentState } from './alerts.ts';

/**
 * What the signed-in hub reads: the shapes db/queries/incident-admin.ts returns to
 * the admin pages. Names are resolved here (people, components) so a page renders
 * without a second query.
 */

export interface PersonRef {
  id: string;
  name: string;
}

export interface DirectoryUser extends PersonRef {
  role: Role;
}

export interface IncidentRolesView {
  commander: PersonRef | null;
  commsLead: PersonRef | null;
  experts: PersonRef[];
}

export interface AffectedComponentView {
  id: string;
  name: string;
  /** The status the incident put (or will put) the component in. */
  incidentStatus: ComponentStatus;
  /** The component's status right now. */
  currentStatus: ComponentStatus;
}

/** One row of the dashboard or of the incident list. */
export interface IncidentSummary extends Pick<Incident, 'id' | 'title' | 'severity' | 'impact' | 'status' | 'startedAt' | 'resolvedAt'> {
  /** Declared (active), opened from alerts and waiting in triage, or dismissed from triage. */
  state: IncidentState;
  /** True once an external update has been published: the public page shows it. */
  isPublic: boolean;
  roles: IncidentRolesView;
  components: AffectedComponentView[];
  /** When the latest external update was published; null while it is internal-only. */
  lastExternalUpdateAt: Date | null;
}

/** A draft or scheduled update waiting for someone (dashboard). */
export interface PendingUpdate {
  id: string;
  incidentId: string | null;
  incidentTitle: string | null;
  maintenanceId: string | null;
  audience: Audience;
  state: 'draft' | 'scheduled';
  status: IncidentStatus | MaintenanceStatus;
  body: string;
  authorName: string | null;
  scheduledFor: Date | null;
  updatedAt: Date;
  /** Set when the scheduler could not publish it at its time: why (its author may no longer publish). */
  publishBlockedReason: string | null;
}

export interface ComponentChangeView extends UpdateComponentChange {
  name: string;
}

/** An update of any audience and state, as the hub shows it. */
export interface UpdateView extends Omit<Update, 'componentChanges'> {
  author: PersonRef | null;
  publishedBy: PersonRef | null;
  componentChanges: ComponentChangeView[];
}

export interface TimelineEntry {
  id: string;
  kind: string;
  actorId: string | null;
  /** The user's current name, or the name recorded at the time (user deleted, CLI, seed). */
  actorName: string | null;
  details: Record<string, unknown>;
  occurredAt: Date;
}

export interface IncidentDetail extends IncidentSummary {
  identifiedAt: Date | null;
  monitoringAt: Date | null;
  declaredBy: PersonRef | null;
  createdAt: Date;
  updatedAt: Date;
  /** Every update, every audience and state, newest first. */
  updates: UpdateView[];
  /** Oldest first: the incident's story. */
  timeline: TimelineEntry[];
}

/** The row a use case locks and works on (no names resolved). */
export interface StoredUpdate extends Omit<Update, 'componentChanges'> {
  authorId: string | null;
  publishedById: string | null;
  /** Why the scheduler did not publish it at its time; null when it is not blocked. */
  publishBlockedReason: string | null;
}
