import { methodNotAllowed, v1Endpoint } from '../../../../../../src/api/v1/endpoint.ts';
import { INCIDENT_READ_SCOPES, listIncidentsAnswer } from '../../../../../../src/api/v1/incidents.ts';

export const GET = v1Endpoint({ scopes: INCIDENT_READ_SCOPES }, listIncidentsAnswer('unresolved'));
export const ALL = methodNotAllowed(['GET']);
