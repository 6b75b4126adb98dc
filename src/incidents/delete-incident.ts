import { listIncidentClaimedComponentIds } from '../../db/queries/incident-component-statuses.ts';
import { deleteIncident as deleteIncidentRow, findIncidentById } from '../../db/queries/incidents.ts';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { hasPublishedExternalUpdate } from '../../db/queries/updates.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import { applyDerivedComponentStatuses } from '../catalog/derived-component-status.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import type { Incident } from '../domain/types.ts';
import { parseInput } from '../domain/validation.ts';
import type { Services } from '../services.ts';
import { INCIDENT_GONE } from './checks.ts';
import { deleteIncidentSchema } from './schemas.ts';

/**
 * Deletes an incident for good, as Statuspage's DELETE does: the incident, its
 * updates (published ones too), timeline, roles, alerts and pending deliveries
 * (all by cascade), in one transaction. Mail already sent stays sent; the public
 * page, feeds and API forget the incident with the snapshot rebuilt after commit.
 *
 * Its claims on components go with it, so each component it affected returns to
 * what the status rule gives without it (operational, or what another incident,
 * a maintenance or a manual status holds), recorded as a status change.
 *
 * Needs 'incident.manage'; an incident the public has seen (a published external
 * update) also needs 'update.publish', since deleting it changes the public page
 * as much as publishing did. The audit entry keeps the title and id (it is not
 * tied to the incident, which no longer exists) and names the actor or token.
 */
export async function deleteIncident(services: Services, actor: Actor, input: unknown): Promise<Result<{ incident: Incident; wasPublic: boolean }>> {
  requirePermission(actor, 'incident.manage');
  const parsed = parseInput(deleteIncidentSchema, input);
  if (!parsed.ok) return parsed;
  const { incidentId } = parsed.value;
  const now = services.now();
  const result = await services.db.transaction().execute(async (trx): Promise<Result<{ incident: Incident; wasPublic: boolean }>> => {
    const incident = await findIncidentById(trx, incidentId, { forUpdate: true });
    if (!incident) return fail({ incidentId: INCIDENT_GONE });
    const wasPublic = await hasPublishedExternalUpdate(trx, incident.id);
    if (wasPublic) requirePermission(actor, 'update.publish');
    const claimed = await listIncidentClaimedComponentIds(trx, incident.id);
    await deleteIncidentRow(trx, incident.id);
    const restored = await applyDerivedComponentStatuses(trx, claimed, now);
    await insertTimelineEvent(trx, {
      kind: 'incident.deleted',
      actor: actor.name,
      actorId: actor.id,
      occurredAt: now,
      details: {
        incidentId: incident.id,
        title: incident.title,
        status: incident.status,
        public: wasPublic,
        componentChanges: restored.map((c) => ({ componentId: c.componentId, name: c.name, oldStatus: c.oldStatus, newStatus: c.newStatus })),
      },
    });
    return ok({ incident, wasPublic });
  });
  if (result.ok) services.refreshSnapshot();
  return result;
}
