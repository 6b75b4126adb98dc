import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findUserCredentials } from '../../db/queries/users.ts';
import { verifyPassword } from '../../src/auth/password.ts';
import { loadConfig } from '../../src/config.ts';
import { createMailer } from '../../src/mail/create-mailer.ts';
import type { Services } from '../../src/services.ts';
import { acceptInvite, checkInvite } from '../../src/users/accept-invite.ts';
import { CLI_ACTOR } from '../../src/users/audit.ts';
import { INVITE_LIFETIME_MS, inviteUser } from '../../src/users/invite-user.ts';
import { createTestDatabase, type TestDatabase, testDatabaseKinds } from '../support/test-database.ts';

const PASSWORD = 'correct horse battery staple';
const NO_JOBS = { schedulePublish: async (): Promise<void> => {}, scheduleMaintenance: async (): Promise<void> => {} };
const CONTEXT = { ip: '10.0.0.1', userAgent: 'test' };

describe.each(testDatabaseKinds())('invitation links on %s', (kind) => {
  let database: TestDatabase;
  let services: Services;
  let now = new Date('2026-12-01T10:00:00Z');

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    const config = loadConfig({ HERALD_DATA_DIR: database.dataDir, HERALD_DEMO: '0', PUBLIC_URL: 'https://status.acme.test' });
    services = { db: database.handle.db, config, now: () => now, refreshSnapshot: () => {}, jobs: NO_JOBS, mailer: createMailer(config) };
  });

  afterAll(async () => {
    await database?.dispose();
  });

  const tokenOf = (link: string): string => new URL(link).searchParams.get('token') ?? '';

  it('lets the invitee set their own password once, and signs them in', async () => {
    const invited = await inviteUser(services, CLI_ACTOR, { name: 'Sam', email: 'sam@acme.test', role: 'responder' });
    if (!invited.ok) throw new Error(JSON.stringify(invited.errors));
    expect(invited.value.link).toMatch(/^https:\/\/status\.acme\.test\/admin\/invite\?token=/);
    const token = tokenOf(invited.value.link);
    // Only a hash is stored: the secret half of the token is nowhere in the table.
    const rows = await database.handle.db.selectFrom('user_invites').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(token.split('.')[1]);

    const mismatch = await acceptInvite(services, { token, password: PASSWORD, confirmPassword: 'other' }, CONTEXT);
    expect(mismatch.ok).toBe(false);
    const accepted = await acceptInvite(services, { token, password: PASSWORD, confirmPassword: PASSWORD }, CONTEXT);
    expect(accepted.ok && accepted.value.user.email).toBe('sam@acme.test');
    const credentials = await findUserCredentials(database.handle.db, 'sam@acme.test');
    expect(await verifyPassword(credentials!.passwordHash, PASSWORD)).toBe(true);

    expect((await checkInvite(database.handle.db, token, now)).state).toBe('used');
    const again = await acceptInvite(services, { token, password: PASSWORD, confirmPassword: PASSWORD }, CONTEXT);
    expect(again.ok ? null : again.errors['_form']).toContain('can no longer be used');
  });

  it('closes the link after 24 hours and refuses a forged secret', async () => {
    const invited = await inviteUser(services, CLI_ACTOR, { name: 'Kim', email: 'kim@acme.test', role: 'viewer' });
    if (!invited.ok) throw new Error(JSON.stringify(invited.errors));
    const token = tokenOf(invited.value.link);
    expect((await checkInvite(database.handle.db, `${token.split('.')[0]}.forged`, now)).state).toBe('invalid');
    expect((await checkInvite(database.handle.db, token, new Date(now.getTime() + INVITE_LIFETIME_MS - 1))).state).toBe('valid');
    now = new Date(now.getTime() + INVITE_LIFETIME_MS);
    expect((await checkInvite(database.handle.db, token, now)).state).toBe('expired');
    const late = await acceptInvite(services, { token, password: PASSWORD, confirmPassword: PASSWORD }, CONTEXT);
    expect(late.ok).toBe(false);
  });

  it('refuses an email that already has an account', async () => {
    const twice = await inviteUser(services, CLI_ACTOR, { name: 'Sam again', email: 'sam@acme.test', role: 'viewer' });
    expect(twice.ok ? null : twice.errors['email']).toBe('Someone already has an account with this email.');
  });
});
