import { methodNotAllowed, v1Endpoint } from '../../../../../../src/api/v1/endpoint.ts';
import { createIncidentAnswer } from '../../../../../../src/api/v1/incident-create.ts';
import { INCIDENT_READ_SCOPES, listIncidentsAnswer } from '../../../../../../src/api/v1/incidents.ts';

export const GET = v1Endpoint({ scopes: INCIDENT_READ_SCOPES }, listIncidentsAnswer('all'));
// A scheduled maintenance takes maintenance:write; the use cases check which one applies.
export const POST = v1Endpoint({ scopes: ['incidents:write', 'maintenance:write'] }, createIncidentAnswer);
export const ALL = methodNotAllowed(['GET', 'POST']);
