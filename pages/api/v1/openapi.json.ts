import type { APIRoute } from 'astro';
import { jsonResponse } from '../../../src/api/json-response.ts';
import { buildOpenApi } from '../../../src/api/v1/openapi.ts';

export const GET: APIRoute = ({ locals }) => jsonResponse(buildOpenApi(locals.services.config.publicUrl));
