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
 * Public snapshot responses: browsers re-check after 10 s, a CDN keeps them 30 s,
 * serves them stale for a minute while it refetches, and for a day if Herald errors.
 */
export const PUBLIC_CACHE_CONTROL = 'public, max-age=10, s-maxage=30, stale-while-revalidate=60, stale-if-error=86400';
