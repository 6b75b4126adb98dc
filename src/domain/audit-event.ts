/**
 * The audit log's vocabulary: one timeline event as the log shows it (names
 * resolved), and the filter the log page sends.
 */

export interface AuditEvent {
  id: string;
  occurredAt: Date;
  kind: string;
  /** The user who acted, when the event was a signed-in person's. */
  actorId: string | null;
  /** The user's current name, else the name written with the event (system actors too). */
  actorName: string | null;
  incidentId: string | null;
  incidentTitle: string | null;
  maintenanceId: string | null;
  maintenanceTitle: string | null;
  details: Record<string, unknown>;
}

export interface AuditFilter {
  kind: string | null;
  actorId: string | null;
  incidentId: string | null;
  /** Inclusive lower bound. */
  from: Date | null;
  /** Exclusive upper bound. */
  until: Date | null;
  /** The id of the last event already shown: the page continues with older ones. */
  before: string | null;
  /** The id of the first event shown: the page goes back to the newer ones just before it. */
  after?: string | null;
  limit: number;
}

export interface AuditPage {
  events: AuditEvent[];
  /** Pass as `before` to get the next (older) page; null on the last page. */
  nextCursor: string | null;
  /** Pass as `after` to get the previous (newer) page; null on the first page. */
  prevCursor?: string | null;
}
