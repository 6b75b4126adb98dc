import { createGroupAnswer, listGroupsAnswer } from '../../../../../../src/api/v1/component-groups.ts';
import { methodNotAllowed, v1Endpoint } from '../../../../../../src/api/v1/endpoint.ts';

export const GET = v1Endpoint({ scopes: ['read', 'components:write'] }, listGroupsAnswer);
export const POST = v1Endpoint({ scopes: ['components:write'] }, createGroupAnswer);
export const ALL = methodNotAllowed(['GET', 'POST']);
