import { methodNotAllowed, v1Endpoint } from '../../../../../../src/api/v1/endpoint.ts';
import { deleteSubscriberAnswer } from '../../../../../../src/api/v1/subscribers.ts';

export const DELETE = v1Endpoint({ scopes: ['subscribers:write'] }, deleteSubscriberAnswer);
export const ALL = methodNotAllowed(['DELETE']);
