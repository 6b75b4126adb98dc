/**
 * Cross-site request forgery guard for every state change. A browser sends
 * `Origin` on POST (forms and fetch alike), so a request that changes state must
 * come from this site's own origin. Astro's built-in check covers form posts
 * only; this one covers JSON endpoints too, and accepts PUBLIC_URL's origin for
 * deployments behind a proxy that rewrites the Host.
 */
export function isSameOriginRequest(headers: Headers, requestUrl: URL, publicUrl: string | undefined): boolean {
  const allowed = new Set([requestUrl.origin]);
  if (publicUrl) allowed.add(new URL(publicUrl).origin);
  const origin = headers.get('origin');
  if (origin !== null) return origin !== 'null' && allowed.has(origin);
  // No Origin (older browsers on same-origin requests): fall back to Fetch
  // Metadata, then Referer. Without any of them, refuse.
  const site = headers.get('sec-fetch-site');
  if (site !== null) return site === 'same-origin';
  const referer = headers.get('referer');
  if (referer === null) return false;
  try {
    return allowed.has(new URL(referer).origin);
  } catch {
    return false;
  }
}
