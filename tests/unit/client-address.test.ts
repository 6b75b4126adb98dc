import { describe, expect, it } from 'vitest';
import { createAddressResolver, parseCidr } from '../../src/http/client-address.ts';
import { ConfigError, loadConfig } from '../../src/config.ts';

describe('createAddressResolver', () => {
  it('ignores X-Forwarded-For without trusted proxies', () => {
    const resolve = createAddressResolver([]);
    expect(resolve('127.0.0.1', '203.0.113.9')).toBe('127.0.0.1');
    expect(resolve('::ffff:127.0.0.1', undefined)).toBe('127.0.0.1');
  });

  it('takes the right-most hop that is not a trusted proxy', () => {
    const resolve = createAddressResolver(['127.0.0.1/8', '10.0.0.0/8', '2001:db8::/32']);
    // The client wrote "1.1.1.1" itself; the CDN appended the real address.
    expect(resolve('127.0.0.1', '1.1.1.1, 203.0.113.9')).toBe('203.0.113.9');
    expect(resolve('::ffff:127.0.0.1', '203.0.113.9, 10.1.2.3')).toBe('203.0.113.9');
    expect(resolve('10.0.0.5', ['198.51.100.1, 203.0.113.9', '10.9.9.9'])).toBe('203.0.113.9');
    expect(resolve('2001:db8::1', '2001:db9::7')).toBe('2001:db9::7');
    // Every hop trusted: the left-most is as far as we can see.
    expect(resolve('127.0.0.1', '10.0.0.1, 10.0.0.2')).toBe('10.0.0.1');
    // A malformed hop behind a trusted one: stop at the trusted proxy.
    expect(resolve('127.0.0.1', 'not-an-ip, 10.0.0.2')).toBe('10.0.0.2');
  });

  it('does not believe the header from a connection that is not a trusted proxy', () => {
    const resolve = createAddressResolver(['10.0.0.0/8']);
    expect(resolve('203.0.113.9', '10.0.0.1')).toBe('203.0.113.9');
  });
});

describe('HERALD_TRUSTED_PROXIES', () => {
  it('parses a CIDR list and explains a bad entry', () => {
    expect(loadConfig({ HERALD_TRUSTED_PROXIES: '127.0.0.1/8, 10.0.0.0/8,::1' }).trustedProxies).toEqual(['127.0.0.1/8', '10.0.0.0/8', '::1']);
    expect(loadConfig({}).trustedProxies).toEqual([]);
    expect(() => loadConfig({ HERALD_TRUSTED_PROXIES: '10.0.0.0/33,proxy.local' })).toThrow(ConfigError);
    expect(() => loadConfig({ HERALD_TRUSTED_PROXIES: '10.0.0.0/33,proxy.local' })).toThrow(/HERALD_TRUSTED_PROXIES must be a comma-separated list of CIDRs .*not: 10\.0\.0\.0\/33, proxy\.local/);
    expect(parseCidr('192.0.2.0/24')).toEqual({ address: '192.0.2.0', prefix: 24, family: 'ipv4' });
  });
});
