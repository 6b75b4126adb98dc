import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditEvents } from '../../db/queries/audit-log.ts';
import { ForbiddenError } from '../../src/auth/permissions.ts';
import { createComponent } from '../../src/catalog/create-component.ts';
import { loadConfig } from '../../src/config.ts';
import { createMailer } from '../../src/mail/create-mailer.ts';
import type { Services } from '../../src/services.ts';
import { authenticateToken, requireScope, tokenFromAuthorization } from '../../src/tokens/authenticate-token.ts';
import { createToken } from '../../src/tokens/create-token.ts';
import { listTokens } from '../../src/tokens/list-tokens.ts';
import { revokeToken } from '../../src/tokens/revoke-token.ts';
import { tokenActor } from '../../src/tokens/token-actor.ts';
import { checkTokenRateLimit } from '../../src/tokens/token-rate-limit.ts';
import { CLI_ACTOR } from '../../src/users/audit.ts';
import { createTestDatabase, type TestDatabase, testDatabaseKinds } from '../support/test-database.ts';

const NO_JOBS = { schedulePublish: async (): Promise<void> => {}, scheduleMaintenance: async (): Promise<void> => {} };
const DAY = 24 * 60 * 60 * 1000;

const headers = (authorization: string): Headers => new Headers({ authorization });
const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe.each(testDatabaseKinds())('API tokens on %s', (kind) => {
  let database: TestDatabase;
  let services: Services;
  let now = new Date('2026-12-01T10:00:00Z');
  const clock = (): Date => now;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    const config = loadConfig({ HERALD_DATA_DIR: database.dataDir, HERALD_DEMO: '0' });
    services = { db: database.handle.db, config, now: clock, refreshSnapshot: () => {}, jobs: NO_JOBS, mailer: createMailer(config) };
  });

  afterAll(async () => {
    await database?.dispose();
  });

  it('creates a prefixed token, stores only a hash of its secret, and lists it with its expiry', async () => {
    const created = await createToken(services, CLI_ACTOR, { name: 'deploy script', scopes: 'components:write,read', expiresIn: '90d' });
    if (!created.ok) throw new Error(JSON.stringify(created.errors));
    const { token, prefix, scopes, expiresAt } = created.value;
    expect(token).toMatch(/^hrld_[a-z2-7]{8}_[a-z2-7]{32}$/);
    expect(token.startsWith(prefix)).toBe(true);
    expect(scopes).toEqual(['read', 'components:write']);
    expect(expiresAt?.toISOString()).toBe(new Date(now.getTime() + 90 * DAY).toISOString());
    const rows = await database.handle.db.selectFrom('api_tokens').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(token.split('_')[2]);
    const listed = await listTokens(services, CLI_ACTOR);
    expect(listed.map((t) => [t.name, t.prefix, t.state, t.createdBy.name])).toEqual([['deploy script', prefix, 'active', 'cli']]);
  });

  it('refuses bad input: unknown scopes, no scopes, a bad expiry, a duplicate name', async () => {
    const unknown = await createToken(services, CLI_ACTOR, { name: 'x', scopes: 'read,everything' });
    expect(unknown.ok ? null : unknown.errors['scopes']).toContain('Unknown scope “everything”');
    const none = await createToken(services, CLI_ACTOR, { name: 'x', scopes: '' });
    expect(none.ok ? null : none.errors['scopes']).toBe('Choose at least one scope.');
    const expiry = await createToken(services, CLI_ACTOR, { name: 'x', scopes: 'read', expiresIn: 'soon' });
    expect(expiry.ok ? null : expiry.errors['expiresIn']).toContain('90d');
    const twice = await createToken(services, CLI_ACTOR, { name: 'Deploy Script', scopes: 'read' });
    expect(twice.ok ? null : twice.errors['name']).toContain('already a token called');
  });

  it('is only for admins', async () => {
    await expect(createToken(services, { id: 'u', name: 'Comms', role: 'comms' }, { name: 'y', scopes: 'read' })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('authenticates OAuth, Bearer and HTTP basic (token as password), and refuses anything else with 401', async () => {
    const created = await createToken(services, CLI_ACTOR, { name: 'alerts', scopes: 'alerts:write' });
    if (!created.ok) throw new Error(JSON.stringify(created.errors));
    const token = created.value.token;
    for (const header of [`OAuth ${token}`, `Bearer ${token}`, `bearer   ${token}`, basic('alertmanager', token), basic(token, '')]) {
      const result = await authenticateToken(services.db, headers(header), '192.0.2.7', clock);
      expect(result.ok ? result.principal : result.error, header).toEqual({ tokenId: created.value.id, name: 'alerts', scopes: ['alerts:write'] });
    }
    const missing = await authenticateToken(services.db, new Headers(), '192.0.2.7', clock);
    expect(missing.ok ? null : missing.error).toContain('Authentication required');
    const wrong = token.slice(0, -1) + (token.endsWith('a') ? 'b' : 'a');
    for (const header of [`Bearer ${wrong}`, `Bearer nonsense`, `Digest ${token}`, basic('x', 'y')]) {
      const result = await authenticateToken(services.db, headers(header), '192.0.2.7', clock);
      expect(result.ok, header).toBe(false);
    }
    expect(tokenFromAuthorization(null)).toBeNull();
  });

  it('records the last use (time and address) at most once a minute', async () => {
    const created = await createToken(services, CLI_ACTOR, { name: 'poller', scopes: 'read' });
    if (!created.ok) throw new Error('create');
    const use = (ip: string) => authenticateToken(services.db, headers(`OAuth ${created.value.token}`), ip, clock);
    const lastUse = async () => (await listTokens(services, CLI_ACTOR)).find((t) => t.name === 'poller');
    await use('192.0.2.1');
    expect((await lastUse())?.lastUsedIp).toBe('192.0.2.1');
    now = new Date(now.getTime() + 30_000);
    await use('192.0.2.2');
    expect((await lastUse())?.lastUsedIp).toBe('192.0.2.1');
    now = new Date(now.getTime() + 31_000);
    await use('192.0.2.3');
    const last = await lastUse();
    expect([last?.lastUsedIp, last?.lastUsedAt?.toISOString()]).toEqual(['192.0.2.3', now.toISOString()]);
  });

  it('stops working when it expires or is revoked', async () => {
    const created = await createToken(services, CLI_ACTOR, { name: 'short', scopes: 'read', expiresIn: '1d' });
    if (!created.ok) throw new Error('create');
    const use = () => authenticateToken(services.db, headers(`Bearer ${created.value.token}`), '192.0.2.1', clock);
    expect((await use()).ok).toBe(true);
    const saved = now;
    now = new Date(now.getTime() + DAY);
    const expired = await use();
    expect(expired.ok ? null : expired.error).toContain('expired');
    expect((await listTokens(services, CLI_ACTOR)).find((t) => t.name === 'short')?.state).toBe('expired');
    now = saved;
    const revoked = await revokeToken(services, CLI_ACTOR, { id: created.value.prefix, confirm: true });
    expect(revoked.ok).toBe(true);
    const after = await use();
    expect(after.ok ? null : after.error).toContain('not valid');
    const again = await revokeToken(services, CLI_ACTOR, { id: created.value.id, confirm: true });
    expect(again.ok ? null : again.errors['_form']).toContain('already revoked');
  });

  it('names the missing scope; admin implies all', () => {
    const principal = { tokenId: 't', name: 'n', scopes: ['read' as const] };
    const refused = requireScope(principal, 'components:write');
    expect(refused.ok ? null : [refused.status, refused.error]).toEqual([403, expect.stringContaining('"components:write"')]);
    expect(requireScope({ ...principal, scopes: ['admin'] }, 'components:write').ok).toBe(true);
  });

  it('acts through the use cases with its scopes, and the audit log names the token', async () => {
    const created = await createToken(services, CLI_ACTOR, { name: 'terraform', scopes: 'components:write' });
    if (!created.ok) throw new Error('create');
    const actor = tokenActor({ tokenId: created.value.id, name: 'terraform', scopes: ['components:write'] });
    const made = await createComponent(services, actor, { name: 'Made by Terraform' });
    expect(made.ok).toBe(true);
    const reader = tokenActor({ tokenId: created.value.id, name: 'reader', scopes: ['read'] });
    await expect(createComponent(services, reader, { name: 'Nope' })).rejects.toBeInstanceOf(ForbiddenError);
    const { events } = await listAuditEvents(services.db, { kind: 'component.created', actorId: null, incidentId: null, from: null, until: null, before: null, after: null, limit: 10 });
    expect(events.map((e) => [e.actorName, e.details['name']])).toEqual([['terraform', 'Made by Terraform']]);
    const row = await services.db.selectFrom('timeline_events').select(['token_id', 'actor_id']).where('kind', '=', 'component.created').executeTakeFirstOrThrow();
    expect(row).toEqual({ token_id: created.value.id, actor_id: null });
  });

  it('limits requests per token in a rolling minute, saying when to retry', async () => {
    const created = await createToken(services, CLI_ACTOR, { name: 'busy', scopes: 'read' });
    if (!created.ok) throw new Error('create');
    const start = now;
    for (let i = 0; i < 3; i += 1) {
      now = new Date(start.getTime() + i * 10_000);
      expect((await checkTokenRateLimit(services.db, created.value.id, now, 3)).ok).toBe(true);
    }
    now = new Date(start.getTime() + 25_000);
    const refused = await checkTokenRateLimit(services.db, created.value.id, now, 3);
    expect(refused.ok ? null : [refused.status, refused.retryAfterSeconds]).toEqual([429, 35]);
    now = new Date(start.getTime() + 60_001);
    expect((await checkTokenRateLimit(services.db, created.value.id, now, 3)).ok).toBe(true);
  });
});
