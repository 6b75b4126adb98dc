import type { Db } from '../client.ts';
import { tokenIdOf, userIdOf } from '../ids.ts';

export interface NewTimelineEvent {
  incidentId?: string | null;
  maintenanceId?: string | null;
  kind: string;
  actor?: string | null;
  /** The signed-in user who acted, when there is one. */
  actorId?: string | null;
  details?: Record<string, unknown>;
  occurredAt: Date;
}

export async function insertTimelineEvent(db: Db, event: NewTimelineEvent): Promise<void> {
  await db
    .insertInto('timeline_events')
    .values({
      incident_id: event.incidentId ?? null,
      maintenance_id: event.maintenanceId ?? null,
      kind: event.kind,
      actor: event.actor ?? null,
      actor_id: userIdOf(event.actorId),
      token_id: tokenIdOf(event.actorId),
      details: JSON.stringify(event.details ?? {}),
      occurred_at: event.occurredAt,
    })
    .execute();
}
