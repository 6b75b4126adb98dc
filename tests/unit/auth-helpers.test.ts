import { describe, expect, it } from 'vitest';
import { checkPasswordStrength, generatePassword } from '../../src/auth/password.ts';
import { can, PERMISSIONS } from '../../src/auth/permissions.ts';
import { describeUserAgent } from '../../src/auth/user-agent.ts';
import { ROLES } from '../../src/domain/types.ts';

describe('generated passwords', () => {
  it('are long, random and pass the strength rules', () => {
    const passwords = Array.from({ length: 50 }, generatePassword);
    for (const password of passwords) {
      expect(password).toMatch(/^([a-z2-7]{4}-){5}[a-z2-7]{4}$/);
      expect(password.replaceAll('-', '').length).toBeGreaterThanOrEqual(20);
      expect(checkPasswordStrength(password)).toBeNull();
    }
    expect(new Set(passwords).size).toBe(passwords.length);
  });

  it('rules say what is wrong in words', () => {
    expect(checkPasswordStrength('short')).toBe('Use at least 12 characters.');
    expect(checkPasswordStrength('x'.repeat(257))).toBe('Use at most 256 characters.');
    expect(checkPasswordStrength('twelve chars')).toBeNull();
  });
});

describe('roles', () => {
  it('gives user management to admins only, and the internal view to everyone', () => {
    for (const role of ROLES) {
      expect(can(role, 'user.manage')).toBe(role === 'admin');
      expect(can(role, 'internal.view')).toBe(true);
    }
    expect(PERMISSIONS['update.publish']).toEqual(['admin', 'comms']);
  });
});

describe('describeUserAgent', () => {
  it.each([
    ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/140.0.0.0 Safari/537.36', 'Chrome on Linux'],
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1', 'Safari on iOS'],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36 Edg/140.0', 'Edge on Windows'],
    ['Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:130.0) Gecko/20100101 Firefox/130.0', 'Firefox on macOS'],
    ['curl/8.5.0', 'curl'],
    [null, 'Unknown browser'],
  ])('%s → %s', (userAgent, expected) => {
    expect(describeUserAgent(userAgent)).toBe(expected);
  });
});
