import type { OutgoingHttpHeaders } from 'node:http';

/**
 * Headers every HTML response carries. No inline script is allowed anywhere; the
 * stylesheet is inlined by the build, hence 'unsafe-inline' for styles only.
 */
export const SECURITY_HEADERS: OutgoingHttpHeaders = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'",
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};

/**
 * The one page other sites may frame: `/embed`, the compact view customers put in
 * an iframe. Same policy, except any ancestor may frame it (and no X-Frame-Options,
 * whose DENY would win in older browsers). Every other page keeps 'none'.
 */
export const EMBED_PATH = '/embed';
export const EMBED_SECURITY_HEADERS: OutgoingHttpHeaders = {
  ...Object.fromEntries(Object.entries(SECURITY_HEADERS).filter(([name]) => name !== 'x-frame-options')),
  'content-security-policy': String(SECURITY_HEADERS['content-security-policy']).replace("frame-ancestors 'none'", 'frame-ancestors *'),
};

/** The security headers for an HTML response at `pathname`. */
export function securityHeadersFor(pathname: string): OutgoingHttpHeaders {
  return pathname === EMBED_PATH ? EMBED_SECURITY_HEADERS : SECURITY_HEADERS;
}

/** Badges are fetched by README renderers and dashboards: a minute is fresh enough. */
export const BADGE_CACHE_CONTROL = 'public, max-age=60, s-maxage=60, stale-while-revalidate=60, stale-if-error=86400';

/**
 * Public snapshot responses: browsers re-check after 10 s, a CDN keeps them 30 s,
 * serves them stale for a minute while it refetches, and for a day if Herald errors.
 */
export const PUBLIC_CACHE_CONTROL = 'public, max-age=10, s-maxage=30, stale-while-revalidate=60, stale-if-error=86400';
