import { deleteGroupAnswer, getGroupAnswer, updateGroupAnswer } from '../../../../../../src/api/v1/component-groups.ts';
import { methodNotAllowed, v1Endpoint } from '../../../../../../src/api/v1/endpoint.ts';

export const GET = v1Endpoint({ scopes: ['read', 'components:write'] }, getGroupAnswer);
export const PATCH = v1Endpoint({ scopes: ['components:write'] }, updateGroupAnswer);
export const PUT = PATCH;
export const DELETE = v1Endpoint({ scopes: ['components:write'] }, deleteGroupAnswer);
export const ALL = methodNotAllowed(['GET', 'PATCH', 'PUT', 'DELETE']);
