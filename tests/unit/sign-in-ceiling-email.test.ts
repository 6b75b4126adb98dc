import { describe, expect, it } from 'vitest';
import { signInCeilingEmail } from '../../emails/sign-in-ceiling.ts';

describe('signInCeilingEmail', () => {
  const data = {
    pageName: 'Acme <Cloud>',
    pageUrl: 'https://status.example.com',
    name: 'Ada <b>Lovelace</b>',
    guesses: 10,
    ip: '203.0.113.7',
    at: '2026-12-01T10:00:00.000Z',
    signInUrl: 'https://status.example.com/admin/login',
  };

  it('tells the owner how many wrong passwords, from where, and how to get in', () => {
    const email = signInCeilingEmail(data);
    expect(email.subject).toBe('[Acme <Cloud>] Many wrong passwords for your account');
    expect(email.text).toContain('10 wrong passwords were tried for your Acme <Cloud> status hub account in the last 15 minutes (the latest from 203.0.113.7, at 2026-12-01T10:00:00.000Z).');
    expect(email.text).toContain('from an address you used before at once, from a new one after about a minute');
    expect(email.text).toContain('Sign in: https://status.example.com/admin/login');
    expect(email.html).toContain('Ada &lt;b&gt;Lovelace&lt;/b&gt;');
    expect(email.html).not.toContain('<b>Lovelace');
    expect(email.html).toContain('href="https://status.example.com/admin/login"');
  });
});
