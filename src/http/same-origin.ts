/**
 * Cross-site request forgery guard for every state change. A browser sends
 * `Origin` on POST (forms and fetch alike), so a request that changes state must
 * come from one of this site's own origins. Astro's built-in check covers form
 * posts only; this one covers JSON endpoints too.
 *
 * The origins are PUBLIC_URL's and the address the connection actually reached
 * (for local use) — never one derived from the Host header: a page on a domain
 * that an attacker points at Herald's address (DNS rebinding) sends a matching
 * Host and Origin, and must still be refused.
 */
export function isSameOriginRequest(headers: Headers, allowedOrigins: ReadonlySet<string>): boolean {
  const origin = headers.get('origin');
  if (origin !== null) return origin !== 'null' && allowedOrigins.has(origin);
  // No Origin (older browsers on same-origin requests): fall back to Fetch
  // Metadata, then Referer. Without any of them, refuse.
  const site = headers.get('sec-fetch-site');
  if (site !== null) return site === 'same-origin';
  const referer = headers.get('referer');
  if (referer === null) return false;
  try {
    return allowedOrigins.has(new URL(referer).origin);
  } catch {
    return false;
  }
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/i;

/**
 * The origins a browser on this machine uses to reach the address a connection
 * arrived at (local address and port of the socket): http://127.0.0.1:4321 and,
 * on loopback, http://localhost:4321 and http://[::1]:4321.
 */
export function listenOrigins(localAddress: string | undefined, localPort: number | undefined): string[] {
  if (!localAddress || !localPort) return [];
  const address = localAddress.replace(/^::ffff:(?=\d+\.)/i, '');
  const host = address.includes(':') ? `[${address}]` : address;
  const origins = [`http://${host}:${localPort}`];
  if (LOOPBACK.test(localAddress)) origins.push(`http://localhost:${localPort}`, `http://127.0.0.1:${localPort}`, `http://[::1]:${localPort}`);
  return [...new Set(origins)];
}
