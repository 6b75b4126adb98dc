import type { APIRoute } from 'astro';
import { buildScheduledMaintenances } from '../../../src/api/statuspage.ts';
import { jsonResponse } from '../../../src/api/json-response.ts';

export const GET: APIRoute = ({ locals }) => jsonResponse(buildScheduledMaintenances(locals.snapshot));
