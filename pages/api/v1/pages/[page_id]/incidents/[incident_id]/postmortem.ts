import { methodNotAllowed, v1Endpoint } from '../../../../../../../src/api/v1/endpoint.ts';
import { deletePostmortemAnswer, getPostmortemAnswer, POSTMORTEM_READ_SCOPES, putPostmortemAnswer } from '../../../../../../../src/api/v1/postmortems.ts';

export const GET = v1Endpoint({ scopes: POSTMORTEM_READ_SCOPES }, getPostmortemAnswer);
export const PUT = v1Endpoint({ scopes: ['postmortems:write'] }, putPostmortemAnswer);
export const DELETE = v1Endpoint({ scopes: ['postmortems:write'] }, deletePostmortemAnswer);
export const ALL = methodNotAllowed(['GET', 'PUT', 'DELETE']);
