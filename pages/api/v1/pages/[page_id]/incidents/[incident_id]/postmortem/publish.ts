import { methodNotAllowed, v1Endpoint } from '../../../../../../../../src/api/v1/endpoint.ts';
import { publishPostmortemAnswer } from '../../../../../../../../src/api/v1/postmortems.ts';

export const PUT = v1Endpoint({ scopes: ['postmortems:write'] }, publishPostmortemAnswer);
export const ALL = methodNotAllowed(['PUT']);
