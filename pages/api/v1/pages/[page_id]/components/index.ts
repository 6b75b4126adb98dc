import { createComponentAnswer, listComponentsAnswer } from '../../../../../../src/api/v1/components.ts';
import { methodNotAllowed, v1Endpoint } from '../../../../../../src/api/v1/endpoint.ts';

export const GET = v1Endpoint({ scopes: ['read', 'components:write'] }, listComponentsAnswer);
export const POST = v1Endpoint({ scopes: ['components:write'] }, createComponentAnswer);
export const ALL = methodNotAllowed(['GET', 'POST']);
