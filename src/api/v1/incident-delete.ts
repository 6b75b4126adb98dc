import { findMaintenanceById } from '../../../db/queries/maintenances.ts';
import { deleteIncident } from '../../incidents/delete-incident.ts';
import { apiError, type V1Answer, type V1Request } from './endpoint.ts';
import { getIncidentAnswer } from './incidents.ts';
import { useCaseRefusal } from './input.ts';

/**
 * DELETE /api/v1/pages/{page_id}/incidents/{id}: deletes the incident for good
 * through deleteIncident (the hub's use case; one transaction, audited with the
 * token, snapshot rebuilt) and answers the incident object as it was, as
 * Statuspage does. An incident the public has seen needs `incidents:publish`
 * besides `incidents:write`. A scheduled maintenance is not deleted: it is
 * cancelled with PATCH status "completed", which tells its subscribers.
 */
export async function deleteIncidentAnswer(request: V1Request): Promise<V1Answer> {
  const id = request.params['incident_id'] ?? '';
  const before = await getIncidentAnswer(request);
  if (before.status !== 200) return before;
  if ((await findMaintenanceById(request.services.db, id)) !== null) {
    return apiError(422, 'A scheduled maintenance is not deleted: cancel it with PATCH {"incident": {"status": "completed"}}, which tells its subscribers.');
  }
  const deleted = await deleteIncident(request.services, request.actor, { incidentId: id });
  if (!deleted.ok) return Object.keys(deleted.errors).includes('incidentId') ? apiError(404, `There is no incident "${id}".`) : useCaseRefusal(deleted.errors, 'incident', {});
  return { status: 200, body: before.body };
}
