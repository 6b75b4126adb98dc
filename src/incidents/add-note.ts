import { findIncidentById } from '../../db/queries/incidents.ts';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import { parseInput } from '../domain/validation.ts';
import type { Services } from '../services.ts';
import { INCIDENT_GONE } from './checks.ts';
import { addNoteSchema } from './schemas.ts';

/**
 * Adds a timestamped note ("rolled back deploy 1432") to the incident's timeline.
 * Notes are timeline entries, not updates: never public, never mailed. Resolved
 * incidents take notes too (post-incident review).
 */
export async function addNote(services: Services, actor: Actor, input: unknown): Promise<Result<{ incidentId: string }>> {
  requirePermission(actor, 'note.add');
  const parsed = parseInput(addNoteSchema, input);
  if (!parsed.ok) return parsed;
  const { incidentId, body } = parsed.value;
  const now = services.now();
  return services.db.transaction().execute(async (trx): Promise<Result<{ incidentId: string }>> => {
    const incident = await findIncidentById(trx, incidentId);
    if (!incident) return fail({ incidentId: INCIDENT_GONE });
    await insertTimelineEvent(trx, { incidentId, actor: actor.name, actorId: actor.id, occurredAt: now, kind: 'note.added', details: { body } });
    return ok({ incidentId });
  });
}
