import type { APIRoute } from 'astro';
import { buildUpcomingMaintenances } from '../../../../src/api/statuspage.ts';
import { jsonResponse } from '../../../../src/api/json-response.ts';

export const GET: APIRoute = ({ locals }) => jsonResponse(buildUpcomingMaintenances(locals.snapshot));
