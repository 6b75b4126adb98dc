import { findIncidentById, updateIncidentSeverity } from '../../db/queries/incidents.ts';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import type { Severity } from '../domain/types.ts';
import { parseInput } from '../domain/validation.ts';
import type { Services } from '../services.ts';
import { INCIDENT_GONE } from './checks.ts';
import { changeSeveritySchema } from './schemas.ts';

/** Changes an incident's severity (internal: it sets the update cadence, the public never sees it). */
export async function changeSeverity(services: Services, actor: Actor, input: unknown): Promise<Result<{ changed: boolean; severity: Severity }>> {
  requirePermission(actor, 'incident.manage');
  const parsed = parseInput(changeSeveritySchema, input);
  if (!parsed.ok) return parsed;
  const { incidentId, severity } = parsed.value;
  const now = services.now();
  return services.db.transaction().execute(async (trx): Promise<Result<{ changed: boolean; severity: Severity }>> => {
    const incident = await findIncidentById(trx, incidentId, { forUpdate: true });
    if (!incident) return fail({ incidentId: INCIDENT_GONE });
    if (incident.severity === severity) return ok({ changed: false, severity });
    await updateIncidentSeverity(trx, incident.id, severity, now);
    await insertTimelineEvent(trx, {
      incidentId: incident.id,
      actor: actor.name,
      actorId: actor.id,
      occurredAt: now,
      kind: 'incident.severity_changed',
      details: { from: incident.severity, to: severity },
    });
    return ok({ changed: true, severity });
  });
}
