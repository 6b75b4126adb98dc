import { methodNotAllowed, v1Endpoint } from '../../../../../src/api/v1/endpoint.ts';
import { createTemplateAnswer, listTemplatesAnswer, TEMPLATE_READ_SCOPES } from '../../../../../src/api/v1/incident-templates.ts';

export const GET = v1Endpoint({ scopes: TEMPLATE_READ_SCOPES }, listTemplatesAnswer);
export const POST = v1Endpoint({ scopes: ['incidents:write'] }, createTemplateAnswer);
export const ALL = methodNotAllowed(['GET', 'POST']);
