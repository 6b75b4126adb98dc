import { BlockList, isIP } from 'node:net';

/**
 * The client's address behind trusted reverse proxies (HERALD_TRUSTED_PROXIES).
 * Each proxy appends the address it received the request from to X-Forwarded-For,
 * so the header is read from the right: while the hop is a trusted proxy, step
 * left; the first hop that is not is the client. Anything left of it was written
 * by the client and could be anything, so it is never believed. Without trusted
 * proxies, or when the connection itself does not come from one, the header is
 * ignored and the socket's address is the client.
 */

/** An IPv4 address in IPv6 form (::ffff:192.0.2.1) as plain IPv4, so one CIDR list matches both. */
function normalise(address: string): string {
  const trimmed = address.trim();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(trimmed);
  return mapped?.[1] ?? trimmed;
}

/** Parses "a.b.c.d/n" or "v6::/n" (a bare address is /32 or /128); null when it is not one. */
export function parseCidr(text: string): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } | null {
  const [address = '', prefixText, extra] = text.trim().split('/');
  if (extra !== undefined) return null;
  const version = isIP(address);
  if (version === 0) return null;
  const max = version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) return null;
  return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

export type AddressResolver = (remoteAddress: string | undefined, forwardedFor: string | string[] | undefined) => string;

export function createAddressResolver(trustedProxies: readonly string[]): AddressResolver {
  const trusted = new BlockList();
  for (const cidr of trustedProxies) {
    const parsed = parseCidr(cidr);
    if (parsed) trusted.addSubnet(parsed.address, parsed.prefix, parsed.family);
  }
  const isTrusted = (address: string): boolean => {
    const version = isIP(address);
    return version !== 0 && trusted.check(address, version === 4 ? 'ipv4' : 'ipv6');
  };

  return (remoteAddress, forwardedFor) => {
    const remote = normalise(remoteAddress ?? '');
    if (trustedProxies.length === 0 || forwardedFor === undefined || !isTrusted(remote)) return remote || 'unknown';
    const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor).split(',').map(normalise);
    let client = remote;
    for (let i = hops.length - 1; i >= 0; i -= 1) {
      const hop = hops[i] ?? '';
      // A malformed hop was written by the last trusted proxy's client: stop at that proxy.
      if (isIP(hop) === 0) return client;
      client = hop;
      if (!isTrusted(hop)) return hop;
    }
    return client;
  };
}
