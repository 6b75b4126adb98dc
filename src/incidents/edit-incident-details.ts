import { findIncidentById, listIncidentApiFields, updateIncidentDetails } from '../../db/queries/incidents.ts';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { hasPublishedExternalUpdate } from '../../db/queries/updates.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import { parseInput } from '../domain/validation.ts';
import type { Services } from '../services.ts';
import { INCIDENT_GONE } from './checks.ts';
import { editIncidentDetailsSchema } from './schemas.ts';

/**
 * Renames an incident and/or replaces its metadata (the management API's own
 * JSON object), in one transaction, each change on the timeline (the rename with
 * the old and new titles). Needs 'incident.manage', as changing its severity
 * does; renaming a public incident changes what the page shows, so the snapshot
 * is rebuilt. A rename sends nothing: the next update carries the new title.
 */
export async function editIncidentDetails(services: Services, actor: Actor, input: unknown): Promise<Result<{ renamed: boolean; metadataChanged: boolean }>> {
  requirePermission(actor, 'incident.manage');
  const parsed = parseInput(editIncidentDetailsSchema, input);
  if (!parsed.ok) return parsed;
  const { incidentId, title, metadata } = parsed.value;
  const now = services.now();
  const result = await services.db.transaction().execute(async (trx): Promise<Result<{ renamed: boolean; metadataChanged: boolean }>> => {
    const incident = await findIncidentById(trx, incidentId, { forUpdate: true });
    if (!incident) return fail({ incidentId: INCIDENT_GONE });
    const renamed = title !== undefined && title !== incident.title;
    const before = (await listIncidentApiFields(trx, [incident.id])).get(incident.id)?.metadata ?? {};
    const metadataChanged = metadata !== undefined && JSON.stringify(metadata) !== JSON.stringify(before);
    if (!renamed && !metadataChanged) return ok({ renamed, metadataChanged });
    await updateIncidentDetails(trx, incident.id, { ...(renamed ? { title } : {}), ...(metadataChanged ? { metadata } : {}) }, now);
    const event = { incidentId: incident.id, actor: actor.name, actorId: actor.id, occurredAt: now };
    if (renamed) {
      const wasPublic = await hasPublishedExternalUpdate(trx, incident.id);
      await insertTimelineEvent(trx, { ...event, kind: 'incident.renamed', details: { from: incident.title, to: title, public: wasPublic } });
    }
    if (metadataChanged) await insertTimelineEvent(trx, { ...event, kind: 'incident.metadata_changed', details: { keys: Object.keys(metadata ?? {}) } });
    return ok({ renamed, metadataChanged });
  });
  if (result.ok && result.value.renamed) services.refreshSnapshot();
  return result;
}
