import { describe, expect, it } from 'vitest';
import { actorCan, PERMISSION_SCOPES, PERMISSIONS, type Permission } from '../../src/auth/permissions.ts';
import { tokenFromAuthorization } from '../../src/tokens/authenticate-token.ts';
import { SCOPES } from '../../src/tokens/scopes.ts';
import { tokenActor } from '../../src/tokens/token-actor.ts';
import { parseExpiresIn } from '../../src/tokens/token-input.ts';

const actor = (scopes: (typeof SCOPES)[number][]) => tokenActor({ tokenId: 't1', name: 'bot', scopes });
const allowed = (scopes: (typeof SCOPES)[number][]): Permission[] => (Object.keys(PERMISSIONS) as Permission[]).filter((p) => actorCan(actor(scopes), p));

describe('token scopes as permissions', () => {
  it('maps every permission to one scope; admin-only ones to admin, except adding and removing one subscriber (subscribers:write)', () => {
    expect(Object.keys(PERMISSION_SCOPES).sort()).toEqual(Object.keys(PERMISSIONS).sort());
    for (const [permission, roles] of Object.entries(PERMISSIONS)) {
      if (permission === 'subscriber.manage') continue;
      if (roles.length === 1 && roles[0] === 'admin') expect(PERMISSION_SCOPES[permission as Permission], permission).toBe('admin');
    }
    expect(PERMISSION_SCOPES['subscriber.manage']).toBe('subscribers:write');
  });

  it('gives each scope only its permissions, and admin all of them', () => {
    expect(allowed(['read'])).toEqual(['internal.view']);
    expect(allowed(['incidents:write'])).toEqual(['incident.declare', 'incident.manage', 'update.draft', 'update.internal', 'note.add', 'template.manage']);
    expect(allowed(['incidents:publish'])).toEqual(['update.publish']);
    expect(allowed(['components:write'])).toEqual(['component.manage']);
    expect(allowed(['alerts:write'])).toEqual([]);
    expect(allowed(['subscribers:write'])).toEqual(['subscriber.manage']);
    expect(allowed(['maintenance:write'])).toEqual(['maintenance.manage']);
    expect(allowed(['admin'])).toEqual(Object.keys(PERMISSIONS));
  });

  it('acts as its token: no user id, its name for the audit log, viewer as a role floor', () => {
    expect(actor(['components:write'])).toMatchObject({ id: 'token:t1', name: 'bot', role: 'viewer' });
    expect(actor(['admin']).role).toBe('admin');
  });
});

describe('reading the Authorization header', () => {
  it('takes OAuth, Bearer and Basic (password, or user name with an empty password)', () => {
    const basic = (text: string): string => `Basic ${Buffer.from(text).toString('base64')}`;
    expect(tokenFromAuthorization('OAuth abc')).toBe('abc');
    expect(tokenFromAuthorization('bearer  abc ')).toBe('abc');
    expect(tokenFromAuthorization(basic('grafana:abc'))).toBe('abc');
    expect(tokenFromAuthorization(basic('abc:'))).toBe('abc');
    expect(tokenFromAuthorization('Digest abc')).toBeNull();
    expect(tokenFromAuthorization('abc')).toBeNull();
  });

  it('reads expiries as days or hours', () => {
    expect(parseExpiresIn('90d')).toBe(90 * 86_400_000);
    expect(parseExpiresIn('12h')).toBe(12 * 3_600_000);
    expect(parseExpiresIn('never')).toBeNull();
    expect(parseExpiresIn('')).toBeNull();
    expect(parseExpiresIn('0d')).toBeUndefined();
    expect(parseExpiresIn('soon')).toBeUndefined();
  });
});
