import { methodNotAllowed, v1Endpoint } from '../../../../../../src/api/v1/endpoint.ts';
import { updateIncidentAnswer } from '../../../../../../src/api/v1/incident-update.ts';
import { getIncidentAnswer, INCIDENT_READ_SCOPES } from '../../../../../../src/api/v1/incidents.ts';

export const GET = v1Endpoint({ scopes: INCIDENT_READ_SCOPES }, getIncidentAnswer);
export const PATCH = v1Endpoint({ scopes: ['incidents:write'] }, updateIncidentAnswer);
export const PUT = PATCH;
export const ALL = methodNotAllowed(['GET', 'PATCH', 'PUT']);
