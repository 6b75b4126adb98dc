import { z } from 'zod';
import { listComponents } from '../../../db/queries/components.ts';
import { findIncidentById } from '../../../db/queries/incidents.ts';
import { findUpdateById, listUpdateComponentChanges } from '../../../db/queries/updates.ts';
import { INCIDENT_GONE } from '../../incidents/checks.ts';
import { saveUpdate } from '../../incidents/save-update.ts';
import { apiError, type V1Answer, type V1Request } from './endpoint.ts';
import { apiBoolean, parseBody, useCaseRefusal } from './input.ts';
import { v1Update } from './objects.ts';

/**
 * PATCH/PUT /api/v1/pages/{page_id}/incidents/{incident_id}/incident_updates/{incident_update_id}:
 * Statuspage's "update a previous incident update", through the hub's one way of
 * editing an update, saveUpdate with its id. As in the hub, a draft or scheduled
 * update can be edited (it keeps its state, audience, status, components and
 * time); a published one is history — subscribers may have been emailed it — so
 * editing it is refused (422) with the hub's wording. `display_at` is accepted and
 * ignored (the time of a scheduled update is changed in the hub).
 */

export const incidentUpdateBody = z.object({
  incident_update: z.object(
    {
      body: z.string({ error: 'must be text' }).optional(),
      display_at: z.string({ error: 'must be a date and time' }).nullable().optional(),
      deliver_notifications: apiBoolean.optional(),
    },
    { error: 'is required: send {"incident_update": {"body": …}} or incident_update[body]=… fields' },
  ),
});

const FIELD_NAMES: Record<string, string> = { body: 'body', notify: 'deliver_notifications' };

export async function editIncidentUpdateAnswer(request: V1Request): Promise<V1Answer> {
  const incidentId = request.params['incident_id'] ?? '';
  const updateId = request.params['incident_update_id'] ?? '';
  const db = request.services.db;
  if ((await findIncidentById(db, incidentId)) === null) return apiError(404, `There is no incident "${incidentId}".`);
  const existing = await findUpdateById(db, updateId);
  const gone = apiError(404, `There is no incident update "${updateId}" in incident "${incidentId}".`);
  if (existing === null || existing.incidentId !== incidentId) return gone;
  const parsed = parseBody(incidentUpdateBody, request.body);
  if (!parsed.ok) return parsed.answer;
  const input = parsed.value.incident_update;
  const changes = await listUpdateComponentChanges(db, updateId);
  const saved = await saveUpdate(request.services, request.actor, {
    updateId,
    incidentId,
    audience: existing.audience,
    status: existing.status,
    body: input.body ?? existing.body,
    components: changes.map((c) => ({ componentId: c.componentId, status: c.newStatus })),
    notify: input.deliver_notifications ?? existing.deliverNotifications,
    action: existing.state === 'scheduled' ? 'schedule' : 'draft',
    scheduledFor: existing.scheduledFor,
  });
  if (!saved.ok) return Object.values(saved.errors).includes(INCIDENT_GONE) ? gone : useCaseRefusal(saved.errors, 'incident_update', FIELD_NAMES);
  const [updated, updatedChanges, components] = await Promise.all([findUpdateById(db, updateId), listUpdateComponentChanges(db, updateId), listComponents(db)]);
  if (updated === null) return gone;
  return { status: 200, body: v1Update(incidentId, { ...updated, componentChanges: updatedChanges }, new Map(components.map((c) => [c.id, c]))) };
}
