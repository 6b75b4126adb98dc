import type { APIRoute } from 'astro';
import { componentStatusBadge } from '../../../../src/badges/badge.ts';
import { componentBadgeResponse } from '../../../../src/badges/badge-response.ts';

export const GET: APIRoute = ({ locals, params }) => componentBadgeResponse(locals.snapshot, params.id, 'json', componentStatusBadge);
