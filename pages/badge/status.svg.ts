import type { APIRoute } from 'astro';
import { overallBadge } from '../../src/badges/badge.ts';
import { badgeResponse } from '../../src/badges/badge-response.ts';

export const GET: APIRoute = ({ locals }) => badgeResponse(overallBadge(locals.snapshot.page.name, locals.snapshot.overall), 'svg');
