import { findIncidentById } from '../../../db/queries/incidents.ts';
import { listComponents } from '../../../db/queries/components.ts';
import { findMaintenanceById } from '../../../db/queries/maintenances.ts';
import { actorCan } from '../../auth/permissions.ts';
import { changeSeverity } from '../../incidents/change-severity.ts';
import { editIncidentDetails } from '../../incidents/edit-incident-details.ts';
import { INCIDENT_GONE } from '../../incidents/checks.ts';
import { resolveIncident } from '../../incidents/resolve-incident.ts';
import { saveUpdate } from '../../incidents/save-update.ts';
import { apiError, type V1Answer, type V1Request } from './endpoint.ts';
import { DEFAULT_BODY, INCIDENT_FIELD_NAMES, incidentBody, incidentStatusOf } from './incident-create.ts';
import { updateMaintenanceAnswer } from './incident-maintenance.ts';
import { getIncidentAnswer } from './incidents.ts';
import { parseBody, useCaseRefusal } from './input.ts';

/**
 * PATCH/PUT /api/v1/pages/{page_id}/incidents/{id}: what Statuspage clients do to
 * move an incident along — a new status and/or body becomes a new update, through
 * the hub's use cases: saveUpdate (published with `incidents:publish`, else a
 * draft external update), or resolveIncident for status "resolved" (which needs
 * `incidents:publish`, as resolving does in the hub). `components` (id → status)
 * go with the update; `severity` goes through changeSeverity; a new `name` and/or
 * `metadata` through editIncidentDetails (the hub's rename). On a maintenance's
 * id, the maintenance use cases instead (incident-maintenance.ts).
 */
export async function updateIncidentAnswer(request: V1Request): Promise<V1Answer> {
  const id = request.params['incident_id'] ?? '';
  const incident = await findIncidentById(request.services.db, id);
  const maintenance = incident === null ? await findMaintenanceById(request.services.db, id) : null;
  if (incident === null && maintenance === null) return apiError(404, `There is no incident "${id}".`);
  const parsed = parseBody(incidentBody, request.body);
  if (!parsed.ok) return parsed.answer;
  const input = parsed.value.incident;
  if (maintenance !== null) return updateMaintenanceAnswer(request, maintenance, input);
  if (incident === null) return apiError(404, `There is no incident "${id}".`);
  const checked = incidentStatusOf(input.status);
  if (!checked.ok) return checked.answer;
  if (input.backfilled !== undefined || (input.backfill_date ?? '') !== '') return apiError(422, 'incident.backfilled: only an incident being created can be backfilled');
  const refused = (errors: Record<string, string>): V1Answer =>
    Object.values(errors).includes(INCIDENT_GONE) ? apiError(404, `There is no incident "${id}".`) : useCaseRefusal(errors, 'incident', INCIDENT_FIELD_NAMES);

  const renaming = input.name !== undefined && input.name.trim() !== incident.title;
  if (renaming || input.metadata !== undefined) {
    const edited = await editIncidentDetails(request.services, request.actor, { incidentId: id, ...(renaming ? { title: input.name } : {}), metadata: input.metadata });
    if (!edited.ok) return refused(edited.errors);
  }

  if (input.severity !== undefined && input.severity !== incident.severity) {
    const changed = await changeSeverity(request.services, request.actor, { incidentId: id, severity: input.severity });
    if (!changed.ok) return refused(changed.errors);
  }

  const components = Object.entries(input.components ?? {}).map(([componentId, status]) => ({ componentId, status }));
  const known = new Set((await listComponents(request.services.db)).map((c) => c.id));
  const unknown = components.find((c) => !known.has(c.componentId));
  if (unknown) return apiError(404, `incident.components: there is no component "${unknown.componentId}".`);
  const wantsUpdate = input.status !== undefined || (input.body ?? '') !== '' || components.length > 0;
  if (wantsUpdate) {
    const status = checked.status ?? incident.status;
    const body = input.body?.trim() || DEFAULT_BODY[status];
    const notify = input.deliver_notifications ?? true;
    if (status === 'resolved' && incident.resolvedAt === null) {
      const resolved = await resolveIncident(request.services, request.actor, { incidentId: id, body, notify, components });
      if (!resolved.ok) return refused(resolved.errors);
    } else {
      const mayPublish = actorCan(request.actor, 'update.publish');
      const internal = input.visibility === 'internal';
      if (input.visibility === 'public' && !mayPublish) return apiError(403, 'This API token lacks the scope "incidents:publish" needed to publish an update.');
      const saved = await saveUpdate(request.services, request.actor, {
        incidentId: id,
        audience: internal ? 'internal' : 'external',
        status,
        body,
        components: internal ? [] : components,
        notify,
        action: internal || mayPublish ? 'publish' : 'draft',
      });
      if (!saved.ok) return refused(saved.errors);
    }
  }
  return getIncidentAnswer(request);
}
