import { methodNotAllowed, v1Endpoint } from '../../../../../src/api/v1/endpoint.ts';
import { createSubscriberAnswer, listSubscribersAnswer } from '../../../../../src/api/v1/subscribers.ts';

export const GET = v1Endpoint({ scopes: ['subscribers:read'] }, listSubscribersAnswer);
export const POST = v1Endpoint({ scopes: ['subscribers:write'] }, createSubscriberAnswer);
export const ALL = methodNotAllowed(['GET', 'POST']);
