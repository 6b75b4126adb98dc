import { deleteComponentAnswer, getComponentAnswer, updateComponentAnswer } from '../../../../../../src/api/v1/components.ts';
import { methodNotAllowed, v1Endpoint } from '../../../../../../src/api/v1/endpoint.ts';

export const GET = v1Endpoint({ scopes: ['read', 'components:write'] }, getComponentAnswer);
export const PATCH = v1Endpoint({ scopes: ['components:write'] }, updateComponentAnswer);
export const PUT = PATCH;
export const DELETE = v1Endpoint({ scopes: ['components:write'] }, deleteComponentAnswer);
export const ALL = methodNotAllowed(['GET', 'PATCH', 'PUT', 'DELETE']);
