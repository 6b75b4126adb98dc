import { methodNotAllowed, v1Endpoint } from '../../../../../../src/api/v1/endpoint.ts';
import { deleteIncidentAnswer } from '../../../../../../src/api/v1/incident-delete.ts';
import { updateIncidentAnswer } from '../../../../../../src/api/v1/incident-update.ts';
import { getIncidentAnswer, INCIDENT_READ_SCOPES } from '../../../../../../src/api/v1/incidents.ts';

export const GET = v1Endpoint({ scopes: INCIDENT_READ_SCOPES }, getIncidentAnswer);
// A maintenance's id takes maintenance:write; the use cases check which one applies.
export const PATCH = v1Endpoint({ scopes: ['incidents:write', 'maintenance:write'] }, updateIncidentAnswer);
export const PUT = PATCH;
export const DELETE = v1Endpoint({ scopes: ['incidents:write'] }, deleteIncidentAnswer);
export const ALL = methodNotAllowed(['GET', 'PATCH', 'PUT', 'DELETE']);
