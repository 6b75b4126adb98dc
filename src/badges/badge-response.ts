import { findComponent } from '../status/component-view.ts';
import type { PageSnapshot, SnapshotComponent } from '../status/snapshot.ts';
import { type Badge, badgeJson, badgeSvg, notFoundBadge } from './badge.ts';

export type BadgeFormat = 'svg' | 'json';

const TYPES: Record<BadgeFormat, string> = {
  svg: 'image/svg+xml; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

/**
 * A badge as an HTTP response. Errors are badges too (with their status code), so
 * an embedding README shows what is wrong instead of a broken image. Caching is set
 * by the page cache (BADGE_CACHE_CONTROL) for what it serves.
 */
export function badgeResponse(badge: Badge, format: BadgeFormat, status = 200): Response {
  const body = format === 'svg' ? badgeSvg(badge) : badgeJson(badge, status !== 200);
  return new Response(body, { status, headers: { 'content-type': TYPES[format] } });
}

/** The component's badge, or the "not found" badge with a 404. */
export function componentBadgeResponse(
  snapshot: PageSnapshot,
  id: string | undefined,
  format: BadgeFormat,
  make: (component: SnapshotComponent) => Badge,
): Response {
  const component = findComponent(snapshot, id ?? '');
  return component === null ? badgeResponse(notFoundBadge(), format, 404) : badgeResponse(make(component), format);
}

/** `?days=` of an uptime badge: 30 or 90 (the default), or null when it is anything else. */
export function parseBadgeDays(value: string | null): 30 | 90 | null {
  if (value === null) return 90;
  return value === '30' ? 30 : value === '90' ? 90 : null;
}

export function badDaysResponse(value: string, format: BadgeFormat): Response {
  const badge: Badge = { label: 'uptime', message: 'days must be 30 or 90', color: '5f6670', title: `Bad days=${value}: days must be 30 or 90` };
  return badgeResponse(badge, format, 400);
}
