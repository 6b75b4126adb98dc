import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { findSessionById, listUserSessions } from '../../db/queries/sessions.ts';
import { findUserById } from '../../db/queries/users.ts';
import { hashPassword, verifyPassword } from '../../src/auth/password.ts';
import { ForbiddenError, type Actor } from '../../src/auth/permissions.ts';
import { createSession, SESSION_LIFETIME_MS, validateSessionToken } from '../../src/auth/session.ts';
import { signIn } from '../../src/auth/sign-in.ts';
import { loadConfig } from '../../src/config.ts';
import type { Role } from '../../src/domain/types.ts';
import type { Services } from '../../src/services.ts';
import { CLI_ACTOR } from '../../src/users/audit.ts';
import { changePassword } from '../../src/users/change-password.ts';
import { changeRole } from '../../src/users/change-role.ts';
import { createFirstAdmin } from '../../src/users/create-first-admin.ts';
import { createUser } from '../../src/users/create-user.ts';
import { revokeOtherSessions } from '../../src/users/revoke-other-sessions.ts';
import { revokeSession } from '../../src/users/revoke-session.ts';
import { setUserDisabled } from '../../src/users/set-user-disabled.ts';
import { announceSetupLinkIfNeeded, checkSetupToken } from '../../src/users/setup-link.ts';
import { createTestDatabase, type TestDatabase, testDatabaseKinds } from '../support/test-database.ts';
import { createMailer } from '../../src/mail/create-mailer.ts';
import { listOutbox } from '../../src/mail/outbox.ts';
import { waitFor } from '../support/herald-process.ts';

// Counts argon2 computations in flight, to prove the cap of two holds under a flood.
const argon = vi.hoisted(() => ({ running: 0, peak: 0, verifies: 0 }));
vi.mock('@node-rs/argon2', async (importOriginal) => {
  const real = await importOriginal<typeof import('@node-rs/argon2')>();
  const track =
    <A extends unknown[], R>(work: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      argon.running += 1;
      argon.peak = Math.max(argon.peak, argon.running);
      try {
        return await work(...args);
      } finally {
        argon.running -= 1;
      }
    };
  const verify = track(real.verify);
  const counted = (...args: Parameters<typeof real.verify>): ReturnType<typeof real.verify> => {
    argon.verifies += 1;
    return verify(...args);
  };
  return { ...real, hash: track(real.hash), verify: counted };
});

const PASSWORD = 'correct horse battery staple';
const NO_JOBS = { schedulePublish: async (): Promise<void> => {}, scheduleMaintenance: async (): Promise<void> => {} };

describe.each(testDatabaseKinds())('accounts and sessions on %s', (kind) => {
  let database: TestDatabase;
  let services: Services;
  /** The clock every use case reads; tests move it. */
  let now = new Date('2026-12-01T10:00:00Z');
  let counter = 0;

  const fresh = (prefix: string): string => `${prefix}-${(counter += 1)}@example.com`;
  const ip = (): string => {
    counter += 1;
    return `10.1.${Math.floor(counter / 250)}.${counter % 250}`;
  };

  async function addUser(role: Role, email = fresh(role), password = PASSWORD): Promise<Actor & { email: string }> {
    const result = await createUser(services, CLI_ACTOR, { name: `${role} ${counter}`, email, role, password });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    return { id: result.value.userId, name: `${role} ${counter}`, role, email };
  }

  async function timelineKinds(userId: string): Promise<string[]> {
    const rows = await database.handle.db.selectFrom('timeline_events').select(['kind', 'details']).orderBy('id').execute();
    return rows.filter((row) => (row.details as { userId?: string }).userId === userId).map((row) => row.kind);
  }

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    const config = loadConfig({ HERALD_DATA_DIR: database.dataDir, HERALD_DEMO: '0' });
    services = {
      db: database.handle.db,
      config,
      now: () => now,
      refreshSnapshot: () => {},
      jobs: NO_JOBS,
      mailer: createMailer(config),
    };
  });

  afterAll(async () => {
    await database?.dispose();
  });

  describe('the first admin', () => {
    it('prints a one-time setup link while nobody has an account, and it works once', async () => {
      const lines: string[] = [];
      const link = await announceSetupLinkIfNeeded(services.db, services.config, (line) => lines.push(line), now);
      expect(link).not.toBeNull();
      expect(lines[0]).toBe(`No users yet. Create the first admin at ${link}`);
      const token = new URL(link ?? '').searchParams.get('token') ?? '';
      const [id, secret] = token.split('.');
      expect(secret?.length).toBeGreaterThanOrEqual(24);

      // Only a hash is stored.
      const row = await services.db.selectFrom('setup_tokens').selectAll().where('id', '=', id ?? '').executeTakeFirstOrThrow();
      expect(JSON.stringify(row)).not.toContain(secret);
      expect(row.expires_at.getTime() - row.created_at.getTime()).toBe(24 * 60 * 60 * 1000);

      expect((await checkSetupToken(services.db, `${id}.wrong-secret`, now)).state).toBe('invalid');
      expect((await checkSetupToken(services.db, token, new Date(now.getTime() + 25 * 60 * 60 * 1000))).state).toBe('expired');
      expect((await checkSetupToken(services.db, token, now)).state).toBe('valid');

      const form = { token, name: 'Ada Admin', email: 'ada@example.com', password: PASSWORD, confirmPassword: PASSWORD };
      const mismatch = await createFirstAdmin(services, { ...form, confirmPassword: 'something else entirely' }, { ip: '127.0.0.1', userAgent: null });
      expect(mismatch).toEqual({ ok: false, errors: { confirmPassword: 'The two passwords are not the same.' } });

      const created = await createFirstAdmin(services, form, { ip: '127.0.0.1', userAgent: 'test' });
      if (!created.ok) throw new Error(JSON.stringify(created.errors));
      expect(created.value.user.role).toBe('admin');
      expect((await validateSessionToken(services.db, created.value.token, now)).user?.email).toBe('ada@example.com');

      const again = await createFirstAdmin(services, { ...form, email: 'eve@example.com' }, { ip: '127.0.0.1', userAgent: null });
      expect(again.ok).toBe(false);
      expect((await checkSetupToken(services.db, token, now)).state).toBe('done');
      expect(await announceSetupLinkIfNeeded(services.db, services.config, () => {})).toBeNull();
    });
  });

  describe('passwords', () => {
    it('hashes with argon2id at OWASP strength', async () => {
      const hash = await hashPassword(PASSWORD);
      expect(hash.startsWith('$argon2id$v=19$m=19456,t=2,p=1$')).toBe(true);
      expect(await verifyPassword(hash, PASSWORD)).toBe(true);
      expect(await verifyPassword(hash, `${PASSWORD}!`)).toBe(false);
    });

    it('computes at most two hashes at once, even under a sign-in flood', async () => {
      argon.peak = 0;
      const hashes = await Promise.all(Array.from({ length: 6 }, (_, i) => hashPassword(`${PASSWORD} ${i}`)));
      expect(hashes.every((hash) => hash.startsWith('$argon2id$'))).toBe(true);
      expect(argon.peak).toBe(2);

      const user = await addUser('viewer');
      argon.peak = 0;
      const attempts = await Promise.all(
        Array.from({ length: 6 }, (_, i) => signIn(services, { email: i % 2 ? user.email : fresh('nobody'), password: 'wrong password' }, { ip: ip(), userAgent: null })),
      );
      expect(attempts.every((attempt) => !attempt.ok)).toBe(true);
      expect(argon.peak).toBeLessThanOrEqual(2);
    });
  });

  describe('sessions', () => {
    it('stores nothing in the sessions table that works as a cookie', async () => {
      const user = await addUser('comms');
      const { token } = await createSession(services.db, user.id, { now, userAgent: 'test', ip: '127.0.0.1' });
      const [id, secret] = token.split('.') as [string, string];
      const row = await services.db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      const stored = new Uint8Array(row.secret_hash);
      expect(stored.length).toBe(32); // a SHA-256 digest
      expect(Buffer.from(stored).equals(Buffer.from(secret))).toBe(false);
      const dump = JSON.stringify({ ...row, secret_hash: encodeHexLowerCase(stored) });
      expect(dump).not.toContain(secret);

      // Anything rebuilt from the row fails; only the real token works.
      for (const forged of [`${id}.${encodeHexLowerCase(stored)}`, `${id}.${encodeBase32LowerCaseNoPadding(stored)}`, `${id}.${Buffer.from(stored).toString('base64')}`, `${id}.${id}`, id]) {
        expect((await validateSessionToken(services.db, forged, now)).session, forged).toBeNull();
      }
      expect((await validateSessionToken(services.db, token, now)).user?.id).toBe(user.id);
    });

    it('refuses a wrong secret, an expired session and a disabled user', async () => {
      const user = await addUser('responder');
      const { token, session } = await createSession(services.db, user.id, { now, userAgent: null, ip: null });
      const [id] = token.split('.');
      expect((await validateSessionToken(services.db, `${id}.aaaaaaaaaaaaaaaaaaaaaaaa`, now)).session).toBeNull();
      expect((await validateSessionToken(services.db, token, now)).session?.id).toBe(session.id);

      const expired = await validateSessionToken(services.db, token, new Date(session.expiresAt.getTime() + 1));
      expect(expired).toEqual({ session: null, user: null });
      expect(await findSessionById(services.db, session.id)).toBeNull(); // cleaned up

      const second = await createSession(services.db, user.id, { now, userAgent: null, ip: null });
      await services.db.updateTable('users').set({ disabled_at: now }).where('id', '=', user.id).execute();
      expect((await validateSessionToken(services.db, second.token, now)).session).toBeNull();
    });

    it('slides the expiry forward while the session is used', async () => {
      const user = await addUser('viewer');
      const start = now;
      const { token, session } = await createSession(services.db, user.id, { now: start, userAgent: null, ip: null });
      const soon = await validateSessionToken(services.db, token, new Date(start.getTime() + 30 * 60 * 1000));
      expect(soon.session && soon.refreshed).toBe(false);

      const later = new Date(start.getTime() + 2 * 60 * 60 * 1000);
      const refreshed = await validateSessionToken(services.db, token, later);
      expect(refreshed.session && refreshed.refreshed).toBe(true);
      expect(refreshed.session?.expiresAt.getTime()).toBe(later.getTime() + SESSION_LIFETIME_MS);
      expect((await findSessionById(services.db, session.id))?.expiresAt.getTime()).toBe(later.getTime() + SESSION_LIFETIME_MS);

      // Past the first 30 days, still signed in because it was used.
      const afterFirstExpiry = new Date(session.expiresAt.getTime() + 60 * 1000);
      expect((await validateSessionToken(services.db, token, afterFirstExpiry)).user?.id).toBe(user.id);
    });

    it('revokes one session, or all but this one, and never another user\'s', async () => {
      const user = await addUser('comms');
      const other = await addUser('comms');
      const ctx = { now, userAgent: null, ip: null };
      const [a, b, c] = [await createSession(services.db, user.id, ctx), await createSession(services.db, user.id, ctx), await createSession(services.db, user.id, ctx)];
      const theirs = await createSession(services.db, other.id, ctx);

      expect(await revokeSession(services, user, { sessionId: theirs.session.id })).toEqual({ ok: false, errors: { _form: 'That session had already ended.' } });
      expect((await validateSessionToken(services.db, theirs.token, now)).session).not.toBeNull();

      expect((await revokeSession(services, user, { sessionId: b.session.id })).ok).toBe(true);
      expect((await validateSessionToken(services.db, b.token, now)).session).toBeNull();

      expect((await revokeOtherSessions(services, user, { keepSessionId: a.session.id })).ok).toBe(true);
      expect((await validateSessionToken(services.db, c.token, now)).session).toBeNull();
      expect((await validateSessionToken(services.db, a.token, now)).session).not.toBeNull();
      expect((await listUserSessions(services.db, user.id)).map((s) => s.id)).toEqual([a.session.id]);
    });
  });

  describe('sign-in throttling', () => {
    const WRONG = { ok: false, errors: { _form: 'Wrong email or password.' } };
    const tooMany = (wait: string): unknown =>
      expect.objectContaining({ ok: false, errors: { _form: `Too many sign-in attempts. Try again in ${wait}.` }, retryAfterSeconds: expect.any(Number) });

    /** Runs `work` with the clock moved forward by `ms`, then puts it back. */
    async function later<T>(ms: number, work: () => Promise<T>): Promise<T> {
      const saved = now;
      now = new Date(now.getTime() + ms);
      try {
        return await work();
      } finally {
        now = saved;
      }
    }

    it('answers an unknown account exactly as a wrong password', async () => {
      const user = await addUser('viewer');
      const address = ip();
      const known = await signIn(services, { email: user.email, password: 'not the password' }, { ip: address, userAgent: null });
      const unknown = await signIn(services, { email: fresh('ghost'), password: 'not the password' }, { ip: address, userAgent: null });
      expect(known).toEqual(WRONG);
      expect(unknown).toEqual(known);
    });

    it('slows one address down on one account with growing delays, and leaves other addresses alone', async () => {
      for (const exists of [true, false]) {
        const email = exists ? (await addUser('responder')).email : fresh('ghost');
        const attacker = ip();
        for (let i = 0; i < 5; i += 1) expect(await signIn(services, { email, password: `wrong ${i}` }, { ip: attacker, userAgent: null })).toEqual(WRONG);
        expect(await signIn(services, { email: email.toUpperCase(), password: PASSWORD }, { ip: attacker, userAgent: null })).toEqual(tooMany('1 minute'));
        // One more check after a minute, then two minutes, then four.
        await later(61_000, async () => {
          expect(await signIn(services, { email, password: 'wrong again' }, { ip: attacker, userAgent: null })).toEqual(WRONG);
          expect(await signIn(services, { email, password: PASSWORD }, { ip: attacker, userAgent: null })).toEqual(tooMany('2 minutes'));
        });
        await later(61_000 + 121_000, async () => {
          expect(await signIn(services, { email, password: 'and again' }, { ip: attacker, userAgent: null })).toEqual(WRONG);
          expect(await signIn(services, { email, password: PASSWORD }, { ip: attacker, userAgent: null })).toEqual(tooMany('4 minutes'));
        });
        // The owner, from their own address, is not affected.
        if (exists) expect((await signIn(services, { email, password: PASSWORD }, { ip: ip(), userAgent: null })).ok).toBe(true);
      }
    });

    it('has a per-account ceiling that still lets the owner in, and tells the owner once', async () => {
      const user = await addUser('viewer');
      const home = ip();
      expect((await signIn(services, { email: user.email, password: PASSWORD }, { ip: home, userAgent: null })).ok).toBe(true);
      const attackers = Array.from({ length: 10 }, () => ip());
      for (const address of attackers) expect(await signIn(services, { email: user.email, password: 'Winter2026!' }, { ip: address, userAgent: null })).toEqual(WRONG);

      // Past the ceiling: an address that guessed waits for the window, a fresh one a minute.
      expect(await signIn(services, { email: user.email, password: PASSWORD }, { ip: attackers[0] ?? '', userAgent: null })).toEqual(tooMany('15 minutes'));
      expect(await signIn(services, { email: user.email, password: PASSWORD }, { ip: ip(), userAgent: null })).toEqual(tooMany('1 minute'));
      // Where the owner signed in before, at once; from a fresh address after a minute.
      expect((await signIn(services, { email: user.email, password: PASSWORD }, { ip: home, userAgent: null })).ok).toBe(true);
      await later(61_000, async () => {
        expect((await signIn(services, { email: user.email, password: PASSWORD }, { ip: ip(), userAgent: null })).ok).toBe(true);
      });

      const alerts = async (): Promise<string[]> =>
        (await listOutbox(database.dataDir, 500)).filter((entry) => entry.to.includes(user.email)).map((entry) => entry.subject);
      expect(await waitFor(async () => (await alerts()).length > 0, 5_000)).toBe(true);
      expect(await alerts()).toEqual(['[Status] Many wrong passwords for your account']);
      expect((await timelineKinds(user.id)).filter((kind) => kind === 'user.sign_in_ceiling_reached')).toHaveLength(1);
    });

    it('limits failures from one IP across accounts', async () => {
      const address = '192.0.2.77';
      for (let i = 0; i < 20; i += 1) await signIn(services, { email: fresh('spray'), password: 'Winter2026!' }, { ip: address, userAgent: null });
      const user = await addUser('comms');
      const refused = await signIn(services, { email: user.email, password: PASSWORD }, { ip: address, userAgent: null });
      expect(refused.ok ? null : refused.errors['_form']).toMatch(/^Too many sign-in attempts/);
      expect((await signIn(services, { email: user.email, password: PASSWORD }, { ip: '192.0.2.78', userAgent: null })).ok).toBe(true);
    });

    it('checks no more passwords than the limits allow, however many requests arrive at once', async () => {
      const user = await addUser('viewer');
      // 60 at once from one address, the right password last: 5 are checked.
      const address = ip();
      let before = argon.verifies;
      const fromOne = await Promise.all(
        Array.from({ length: 60 }, (_, i) => signIn(services, { email: user.email, password: i === 59 ? PASSWORD : `guess ${i}` }, { ip: address, userAgent: null })),
      );
      expect(argon.verifies - before).toBe(5);
      expect(fromOne.filter((result) => !result.ok && result.errors['_form'] === WRONG.errors._form)).toHaveLength(5);
      expect(fromOne.filter((result) => result.ok)).toHaveLength(0);

      // 60 at once from 60 addresses on another account: the ceiling of 10 holds.
      const other = await addUser('viewer');
      before = argon.verifies;
      const fromMany = await Promise.all(
        Array.from({ length: 60 }, (_, i) => signIn(services, { email: other.email, password: `guess ${i}` }, { ip: ip(), userAgent: null })),
      );
      expect(argon.verifies - before).toBe(10);
      expect(fromMany.filter((result) => !result.ok && result.errors['_form']?.startsWith('Too many'))).toHaveLength(50);
    });
  });

  describe('changing a password', () => {
    it('revokes every session of the user and keeps this browser signed in with a fresh one', async () => {
      const user = await addUser('comms');
      const context = { ip: ip(), userAgent: 'test' };
      const first = await signIn(services, { email: user.email, password: PASSWORD }, context);
      const second = await signIn(services, { email: user.email, password: PASSWORD }, context);
      if (!first.ok || !second.ok) throw new Error('sign-in failed');

      const wrong = await changePassword(services, user, { currentPassword: 'not it', newPassword: 'a brand new passphrase', confirmPassword: 'a brand new passphrase' }, context);
      expect(wrong).toEqual({ ok: false, errors: { currentPassword: 'That is not your current password.' } });
      const weak = await changePassword(services, user, { currentPassword: PASSWORD, newPassword: 'short', confirmPassword: 'short' }, context);
      expect(weak.ok ? null : weak.errors['newPassword']).toBe('Use at least 12 characters.');
      expect((await validateSessionToken(services.db, first.value.token, now)).session).not.toBeNull();

      const changed = await changePassword(services, user, { currentPassword: PASSWORD, newPassword: 'a brand new passphrase', confirmPassword: 'a brand new passphrase' }, context);
      if (!changed.ok) throw new Error(JSON.stringify(changed.errors));
      expect((await validateSessionToken(services.db, first.value.token, now)).session).toBeNull();
      expect((await validateSessionToken(services.db, second.value.token, now)).session).toBeNull();
      expect((await validateSessionToken(services.db, changed.value.token, now)).user?.id).toBe(user.id);
      expect((await listUserSessions(services.db, user.id)).length).toBe(1);

      expect((await signIn(services, { email: user.email, password: PASSWORD }, context)).ok).toBe(false);
      expect((await signIn(services, { email: user.email, password: 'a brand new passphrase' }, context)).ok).toBe(true);
      expect(await timelineKinds(user.id)).toContain('user.password_changed');
    });
  });

  describe('managing users', () => {
    it('lets only admins create users, with clear errors', async () => {
      const admin = await addUser('admin');
      const viewer = await addUser('viewer');
      await expect(createUser(services, viewer, { name: 'X', email: fresh('x'), role: 'admin', password: PASSWORD })).rejects.toThrow(ForbiddenError);

      const bad = await createUser(services, admin, { name: '', email: 'not-an-email', role: 'boss', password: 'short' });
      expect(bad).toEqual({
        ok: false,
        errors: {
          name: 'Enter a name.',
          email: 'Enter an email address like name@example.com.',
          role: 'Choose a role: admin, comms, responder or viewer.',
          password: 'Use at least 12 characters.',
        },
      });
      const taken = await createUser(services, admin, { name: 'Twin', email: viewer.email.toUpperCase(), role: 'viewer', password: PASSWORD });
      expect(taken).toEqual({ ok: false, errors: { email: 'Someone already has an account with this email.' } });

      const made = await createUser(services, admin, { name: 'New Person', email: fresh('new'), role: 'responder', password: PASSWORD });
      if (!made.ok) throw new Error('not created');
      const events = await services.db.selectFrom('timeline_events').selectAll().where('kind', '=', 'user.created').where('actor_id', '=', admin.id).execute();
      expect(events.length).toBe(1);
      expect(events[0]?.actor).toBe(admin.name);
    });

    it('never leaves the hub without an admin, and disabling signs the user out', async () => {
      // Start from exactly one active admin.
      await services.db.updateTable('users').set({ disabled_at: now }).where('role', '=', 'admin').execute();
      const admin = await addUser('admin');
      const demote = await changeRole(services, admin, { userId: admin.id, role: 'viewer' });
      expect(demote).toEqual({ ok: false, errors: { role: "You are the only admin: make someone else an admin before changing your own account's role." } });
      const disableSelf = await setUserDisabled(services, admin, { userId: admin.id, disabled: 'true' });
      expect(disableSelf.ok).toBe(false);

      const colleague = await addUser('comms');
      const { token } = await createSession(services.db, colleague.id, { now, userAgent: null, ip: null });
      await expect(changeRole(services, colleague, { userId: colleague.id, role: 'admin' })).rejects.toThrow(ForbiddenError);
      expect(await changeRole(services, admin, { userId: colleague.id, role: 'admin' })).toEqual({ ok: true, value: { changed: true, role: 'admin' } });
      expect((await findUserById(services.db, colleague.id))?.role).toBe('admin');
      colleague.role = 'admin';
      // Now there are two admins, so the first may step down.
      expect((await changeRole(services, admin, { userId: admin.id, role: 'comms' })).ok).toBe(true);

      expect(await setUserDisabled(services, colleague, { userId: admin.id, disabled: 'true' })).toEqual({ ok: true, value: { changed: true } });
      expect((await validateSessionToken(services.db, token, now)).session).not.toBeNull();
      const last = await setUserDisabled(services, colleague, { userId: colleague.id, disabled: true });
      expect(last.ok).toBe(false);
      await services.db.updateTable('users').set({ disabled_at: null }).where('id', '=', admin.id).execute();
      await changeRole(services, colleague, { userId: admin.id, role: 'admin' });
      expect((await setUserDisabled(services, admin, { userId: colleague.id, disabled: true })).ok).toBe(true);
      expect((await validateSessionToken(services.db, token, now)).session).toBeNull(); // signed out at once
      expect(await timelineKinds(colleague.id)).toEqual(['user.created', 'user.role_changed', 'user.disabled']);
      expect((await signIn(services, { email: colleague.email, password: PASSWORD }, { ip: ip(), userAgent: null })).ok).toBe(false);
    });
  });
});
