import { methodNotAllowed, v1Endpoint } from '../../../../../../../../src/api/v1/endpoint.ts';
import { editIncidentUpdateAnswer } from '../../../../../../../../src/api/v1/incident-updates.ts';

export const PATCH = v1Endpoint({ scopes: ['incidents:write'] }, editIncidentUpdateAnswer);
export const PUT = PATCH;
export const ALL = methodNotAllowed(['PATCH', 'PUT']);
