import { BlockList, isIP } from 'node:net';

/*
 * Where a webhook may not be sent (SSRF): an admin-typed URL must not reach the
 * machine Herald runs on, its private network or a cloud metadata service. Checked
 * on the address actually connected to (http-post.ts), so a name that resolves to
 * a public address when the endpoint is saved and to 127.0.0.1 later (DNS
 * rebinding) is still refused. HERALD_WEBHOOK_ALLOW_PRIVATE=1 lifts it.
 */

const blocked = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, cloud metadata (169.254.169.254)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  blocked.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['64:ff9b::', 96], // NAT64 (embeds an IPv4 address)
  ['100::', 64], // discard
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local (includes AWS's fd00:ec2::254 metadata)
  ['fe80::', 10], // link-local
  ['fec0::', 10], // old site-local
  ['ff00::', 8], // multicast
] as const) {
  blocked.addSubnet(network, prefix, 'ipv6');
}

/** True for an address a webhook must not connect to. Anything that is not an IP address is refused too. */
export function isForbiddenAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const family = isIP(bare);
  if (family === 4) return blocked.check(bare, 'ipv4');
  if (family === 6) {
    // IPv4-mapped (::ffff:…) and IPv4-compatible (::a.b.c.d) forms are refused whole:
    // the IPv4 form is what a real endpoint uses. (Not a BlockList rule: BlockList
    // matches every IPv4 address against ::ffff:0:0/96.)
    return blocked.check(bare, 'ipv6') || /^::ffff:/i.test(bare) || /^::(\d+\.){3}\d+$/.test(bare);
  }
  return true;
}

export class ForbiddenAddressError extends Error {
  override name = 'ForbiddenAddressError';
  readonly code = 'EWEBHOOKFORBIDDEN';
  constructor(host: string, address: string) {
    const what = host === address ? `${host} is` : `${host} resolves to ${address},`;
    super(`${what} a loopback, private, link-local or metadata address: webhooks may not be sent there (set HERALD_WEBHOOK_ALLOW_PRIVATE=1 to allow it on a private network).`);
  }
}
