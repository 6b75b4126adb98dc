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

const FIXED = new Set<string>(EAGER_PATHS);
// Any single segment: an id that is not in the snapshot gets the one cached 404 (page-cache.ts).
const INCIDENT = /^\/incidents\/[^/]{1,256}$/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

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
  if (FIXED.has(pathname) || INCIDENT.test(pathname)) return pathname;
  return null;
}

/** API and feeds are read by other sites' scripts and widgets. */
export function isCrossOriginReadable(key: string): boolean {
  return key.startsWith('/api/') || key.startsWith('/feed.');
}
