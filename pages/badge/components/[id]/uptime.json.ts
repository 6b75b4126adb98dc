import type { APIRoute } from 'astro';
import { uptimeBadge } from '../../../../src/badges/badge.ts';
import { badDaysResponse, componentBadgeResponse, parseBadgeDays } from '../../../../src/badges/badge-response.ts';

export const GET: APIRoute = ({ locals, params, url }) => {
  const raw = url.searchParams.get('days');
  const days = parseBadgeDays(raw);
  if (days === null) return badDaysResponse(raw ?? '', 'json');
  return componentBadgeResponse(locals.snapshot, params.id, 'json', (component) => uptimeBadge(component, days));
};
