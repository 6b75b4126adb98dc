/**
 * The public routes served from the snapshot cache, and their cache key. Only
 * GET/HEAD; the query string is dropped except for what a page reads, so
 * `/?utm=x` cannot fill the cache.
 */

export const EAGER_PATHS = [
  '/',
  '/history',
  '/feed.rss',
  '/feed.atom',
  '/api/v2/summary.json',
  '/api/v2/status.json',
  '/api/v2/components.json',
  '/api/v2/incidents.json',
  '/api/v2/incidents/unresolved.json',
  '/api/v2/scheduled-maintenances.json',
  '/api/v2/scheduled-maintenances/upcoming.json',
  '/api/v2/scheduled-maintenances/active.json',
] as const;

/** Snapshot routes rendered on first request rather than on every change. */
const LAZY_PATHS = ['/maintenance.ics', '/embed', '/badge/status.svg', '/badge/status.json'];

const FIXED = new Set<string>([...EAGER_PATHS, ...LAZY_PATHS]);
// Any single segment: an id that is not in the snapshot gets the one cached 404 (page-cache.ts).
const INCIDENT = /^\/incidents\/[^/]{1,256}$/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * The routes of one component: its page, feeds and calendar, and its badges. The id
 * is group 1; the rest of the path is the same for every id (see missingKey).
 */
const COMPONENT_ROUTES = [
  /^\/components\/([^/]{1,256})(\/feed\.rss|\/feed\.atom|\/maintenance\.ics)?$/,
  /^\/badge\/components\/([^/]{1,256})(\/status\.svg|\/status\.json|\/uptime\.svg|\/uptime\.json)$/,
];
const UPTIME_BADGE = /^\/badge\/components\/[^/]{1,256}\/uptime\.(svg|json)$/;
/** The windows an uptime badge covers (`?days=`); 90 when absent, like the page's bar. */
export const BADGE_DAYS = ['30', '90'] as const;

/** The cache key for a public request, or null when it is not a snapshot route. */
export function publicCacheKey(method: string | undefined, url: string): string | null {
  if (method !== 'GET' && method !== 'HEAD') return null;
  const queryAt = url.indexOf('?');
  const pathname = queryAt === -1 ? url : url.slice(0, queryAt);
  if (pathname === '/history' && queryAt !== -1) {
    const month = new URLSearchParams(url.slice(queryAt + 1)).get('month');
    if (month === null) return pathname;
    return MONTH.test(month) ? `/history?month=${month}` : null; // malformed: Astro answers 404
  }
  if (UPTIME_BADGE.test(pathname) && queryAt !== -1) {
    const days = new URLSearchParams(url.slice(queryAt + 1)).get('days');
    if (days === null) return pathname;
    // Anything else: Astro answers 400 with what is allowed.
    return (BADGE_DAYS as readonly string[]).includes(days) ? `${pathname}?days=${days}` : null;
  }
  if (FIXED.has(pathname) || INCIDENT.test(pathname) || COMPONENT_ROUTES.some((route) => route.test(pathname))) return pathname;
  return null;
}

/** The component id a cache key is about, or null when it is not a component route. */
export function componentIdOfKey(key: string): string | null {
  const pathname = key.split('?')[0] ?? key;
  for (const route of COMPONENT_ROUTES) {
    const match = route.exec(pathname);
    if (match) return safeDecode(match[1] ?? '');
  }
  return null;
}

/**
 * The key whose rendering answers an unknown component id on this route: the same
 * path with an id no component has (ids are [a-z0-9]), so it renders that route's 404.
 */
export function missingComponentKey(key: string): string {
  const pathname = key.split('?')[0] ?? key;
  for (const route of COMPONENT_ROUTES) {
    const match = route.exec(pathname);
    if (match) return pathname.replace(`/${match[1] ?? ''}${match[2] ?? ''}`, `/-${match[2] ?? ''}`);
  }
  return key;
}

/** A component's HTML page: signed-in people get it rendered for them (runbook link). */
export function isComponentPageKey(key: string): boolean {
  return /^\/components\/[^/]+$/.test(key);
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** API, feeds, calendars and badge data are read by other sites' scripts and widgets. */
export function isCrossOriginReadable(key: string): boolean {
  const pathname = key.split('?')[0] ?? key;
  return (
    key.startsWith('/api/') ||
    key.startsWith('/feed.') ||
    /\/feed\.(rss|atom)$/.test(pathname) ||
    pathname.endsWith('.ics') ||
    (pathname.startsWith('/badge/') && pathname.endsWith('.json'))
  );
}

/**
 * Pages people read (home, history, incidents, components, embed): rendered in the
 * reader's language. Feeds, API, calendars and badges are machine-read and English.
 */
export function isLocalizedKey(key: string): boolean {
  return !isCrossOriginReadable(key) && !isBadgeKey(key);
}

/** Badges: images and shields.io data with their own, shorter, cache lifetime. */
export function isBadgeKey(key: string): boolean {
  return key.startsWith('/badge/');
}
