import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertPageSettings } from '../../db/queries/page.ts';
import { findUserCredentials } from '../../db/queries/users.ts';
import type { Actor } from '../../src/auth/permissions.ts';
import { verifyPassword } from '../../src/auth/password.ts';
import { loadConfig } from '../../src/config.ts';
import type { Result } from '../../src/domain/result.ts';
import { createMailer } from '../../src/mail/create-mailer.ts';
import { type DeliveryLoop, startDeliveryLoop } from '../../src/notifications/delivery-loop.ts';
import type { Services } from '../../src/services.ts';
import { acceptInvite, checkInvite } from '../../src/users/accept-invite.ts';
import { CLI_ACTOR } from '../../src/users/audit.ts';
import { loadInvitePage } from '../../src/users/invite-page.ts';
import { INVITE_LIFETIME_MS, inviteUser } from '../../src/users/invite-user.ts';
import { listUsersForAdmin } from '../../src/users/list-users.ts';
import { resendInvite } from '../../src/users/resend-invite.ts';
import { revokeInvite } from '../../src/users/revoke-invite.ts';
import { insertTestActor } from '../support/job-queue.ts';
import { type SmtpSink, startSmtpSink } from '../support/smtp-sink.ts';
import { createTestDatabase, type TestDatabase, testDatabaseKinds } from '../support/test-database.ts';

const PASSWORD = 'correct horse battery staple';
const NO_JOBS = { schedulePublish: async (): Promise<void> => {}, scheduleMaintenance: async (): Promise<void> => {} };
const CONTEXT = { ip: '10.0.0.1', userAgent: 'test' };
const PUBLIC_URL = 'https://status.acme.test';

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`Expected success, got ${JSON.stringify(result.errors)}`);
  return result.value;
}

describe.each(testDatabaseKinds())('invitations on %s', (kind) => {
  let database: TestDatabase;
  let services: Services;
  let sink: SmtpSink;
  let loop: DeliveryLoop;
  let admin: Actor;
  let now = new Date('2026-12-01T10:00:00Z');

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    sink = await startSmtpSink();
    const config = loadConfig({
      HERALD_DATA_DIR: database.dataDir,
      HERALD_DEMO: '0',
      PUBLIC_URL,
      SMTP_URL: sink.url,
      MAIL_FROM: 'status@acme.test',
      ...(database.url === null ? {} : { DATABASE_URL: database.url }),
    });
    services = { db: database.handle.db, config, now: () => now, refreshSnapshot: () => {}, jobs: NO_JOBS, mailer: createMailer(config) };
    loop = startDeliveryLoop({ services, background: false });
    await upsertPageSettings(database.handle.db, { name: 'Acme Cloud', description: '' }, now);
    admin = await insertTestActor(database, 'admin');
  });

  afterAll(async () => {
    await loop?.stop();
    await services?.mailer.close();
    await sink?.close();
    await database?.dispose();
  });

  async function drain(): Promise<void> {
    while ((await loop.runOnce()) > 0) {
      // until nothing is due
    }
  }
  const tokenOf = (link: string): string => new URL(link).searchParams.get('token') ?? '';
  const mailsTo = (address: string): ParsedMail[] =>
    sink.received.filter((mail) => (Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : []).some((group) => group.value.some((entry) => entry.address === address)));
  /** The invitation link in an email's text part. */
  const linkIn = (mail: ParsedMail): string => /https:\/\/\S+\/admin\/invite\?token=\S+/.exec(mail.text ?? '')?.[0] ?? '';
  const statusOf = async (email: string): Promise<string> => {
    const found = (await listUsersForAdmin(services, admin)).find((item) => item.user.email === email);
    return found === undefined ? 'gone' : (found.invite?.state ?? 'active');
  };
  const auditKinds = async (): Promise<string[]> => (await database.handle.db.selectFrom('timeline_events').select('kind').orderBy('id').execute()).map((row) => row.kind);

  it('emails the invitation with a working link, the inviter and the page; the invitee sets their own password once', async () => {
    const invited = value(await inviteUser(services, admin, { name: 'Sam', email: 'sam@acme.test', role: 'responder' }));
    expect(invited.link).toMatch(/^https:\/\/status\.acme\.test\/admin\/invite\?token=/);
    const token = tokenOf(invited.link);
    // Only a hash is stored: the secret half of the token is nowhere in the invitations table.
    const rows = await database.handle.db.selectFrom('user_invites').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(token.split('.')[1]);
    expect(await statusOf('sam@acme.test')).toBe('pending');

    await drain();
    const [mail, ...more] = mailsTo('sam@acme.test');
    expect(more).toHaveLength(0);
    expect(mail!.subject).toBe(`[Acme Cloud] ${admin.name} invited you to the incident hub`);
    expect(mail!.text).toContain(`${admin.name} invited you to the Acme Cloud incident hub as Responder.`);
    expect(mail!.text).toContain('until Dec 2, 2026, 10:00 UTC (24 hours)');
    expect(linkIn(mail!)).toBe(invited.link);
    // Sent: the token no longer sits in the outbox.
    const outbox = await database.handle.db.selectFrom('deliveries').select(['status', 'payload']).where('kind', '=', 'invite').execute();
    expect(outbox).toEqual([{ status: 'sent', payload: null }]);

    const fromMail = tokenOf(linkIn(mail!));
    const mismatch = await acceptInvite(services, { token: fromMail, password: PASSWORD, confirmPassword: 'other' }, CONTEXT);
    expect(mismatch.ok).toBe(false);
    const accepted = value(await acceptInvite(services, { token: fromMail, password: PASSWORD, confirmPassword: PASSWORD }, CONTEXT));
    expect(accepted.user.email).toBe('sam@acme.test');
    const credentials = await findUserCredentials(database.handle.db, 'sam@acme.test');
    expect(await verifyPassword(credentials!.passwordHash, PASSWORD)).toBe(true);
    expect(await statusOf('sam@acme.test')).toBe('active');

    expect((await checkInvite(database.handle.db, fromMail, now)).state).toBe('used');
    const again = await acceptInvite(services, { token: fromMail, password: PASSWORD, confirmPassword: PASSWORD }, CONTEXT);
    expect(again.ok ? null : again.errors['_form']).toContain('can no longer be used');
    // Accepted: nothing left to resend or revoke.
    const late = await resendInvite(services, admin, { userId: accepted.user.id });
    expect(late.ok ? null : late.errors['_form']).toContain('no pending invitation');
    expect((await revokeInvite(services, admin, { userId: accepted.user.id })).ok).toBe(false);
    expect(await auditKinds()).toEqual(expect.arrayContaining(['user.invited', 'user.invite_accepted']));
  });

  it('resends: a new link for 24 hours from now, emailed again; the old link stops working', async () => {
    const first = value(await inviteUser(services, admin, { name: 'Robin', email: 'robin@acme.test', role: 'viewer' }));
    await drain();
    const firstMail = mailsTo('robin@acme.test');
    expect(firstMail.map(linkIn)).toEqual([first.link]);

    now = new Date(now.getTime() + 20 * 3_600_000);
    const second = value(await resendInvite(services, admin, { userId: first.userId }));
    expect(second.link).not.toBe(first.link);
    expect(second.expiresAt.toISOString()).toBe(new Date(now.getTime() + INVITE_LIFETIME_MS).toISOString());
    await drain();
    const mails = mailsTo('robin@acme.test');
    expect(mails.map(linkIn)).toEqual([first.link, second.link]);

    expect((await checkInvite(database.handle.db, tokenOf(first.link), now)).state).toBe('invalid');
    const old = await acceptInvite(services, { token: tokenOf(first.link), password: PASSWORD, confirmPassword: PASSWORD }, CONTEXT);
    expect(old.ok).toBe(false);
    // Past the first link's 24 hours, the new one still works.
    now = new Date(now.getTime() + 10 * 3_600_000);
    expect(await statusOf('robin@acme.test')).toBe('pending');
    expect(value(await acceptInvite(services, { token: tokenOf(linkIn(mails[1]!)), password: PASSWORD, confirmPassword: PASSWORD }, CONTEXT)).user.email).toBe('robin@acme.test');
    expect(await auditKinds()).toContain('user.invite_resent');
  });

  it('sends only the newest link when a resend comes before the first email went out', async () => {
    const first = value(await inviteUser(services, admin, { name: 'Quinn', email: 'quinn@acme.test', role: 'viewer' }));
    const second = value(await resendInvite(services, admin, { userId: first.userId }));
    await drain();
    expect(mailsTo('quinn@acme.test').map(linkIn)).toEqual([second.link]);
    const skipped = await database.handle.db.selectFrom('deliveries').select('last_error').where('recipient', '=', 'quinn@acme.test').where('status', '=', 'skipped').execute();
    expect(skipped.map((row) => row.last_error)).toEqual(['The invitation link is no longer valid (resent or revoked).']);
  });

  it('revokes: the link stops working, the waiting account is removed, and the address can be invited again', async () => {
    const invited = value(await inviteUser(services, admin, { name: 'Pat', email: 'pat@acme.test', role: 'comms' }));
    await drain();
    expect(value(await revokeInvite(services, admin, { userId: invited.userId }))).toEqual({ name: 'Pat', email: 'pat@acme.test' });
    expect(await statusOf('pat@acme.test')).toBe('gone');
    expect((await checkInvite(database.handle.db, tokenOf(linkIn(mailsTo('pat@acme.test')[0]!)), now)).state).toBe('invalid');
    const page = await loadInvitePage(services, tokenOf(invited.link));
    expect(page.status).toBe(403);
    expect(page.closed?.title).toBe('This invitation link is not valid');
    expect(await auditKinds()).toContain('user.invite_revoked');
    // Revoked before its email went out: never sent.
    const again = value(await inviteUser(services, admin, { name: 'Pat', email: 'pat@acme.test', role: 'comms' }));
    value(await revokeInvite(services, admin, { userId: again.userId }));
    await drain();
    expect(mailsTo('pat@acme.test')).toHaveLength(1);
  });

  it('refuses an expired link with a clear message; the list says the invitation expired', async () => {
    const invited = value(await inviteUser(services, admin, { name: 'Kim', email: 'kim@acme.test', role: 'viewer' }));
    const token = tokenOf(invited.link);
    expect((await checkInvite(database.handle.db, `${token.split('.')[0]}.forged`, now)).state).toBe('invalid');
    expect((await checkInvite(database.handle.db, token, new Date(now.getTime() + INVITE_LIFETIME_MS - 1))).state).toBe('valid');
    now = new Date(now.getTime() + INVITE_LIFETIME_MS);
    expect((await checkInvite(database.handle.db, token, now)).state).toBe('expired');
    const page = await loadInvitePage(services, token);
    expect(page).toMatchObject({ status: 410, closed: { title: 'This invitation has expired', text: 'Invitation links work for 24 hours. Ask an admin to send you a new one.' } });
    const late = await acceptInvite(services, { token, password: PASSWORD, confirmPassword: PASSWORD }, CONTEXT);
    expect(late.ok).toBe(false);
    expect(await statusOf('kim@acme.test')).toBe('expired');
    // An email still queued when its link expires (a relay outage) is not sent.
    await drain();
    expect(mailsTo('kim@acme.test')).toHaveLength(0);
    // Resending an expired invitation opens it again.
    value(await resendInvite(services, admin, { userId: invited.userId }));
    expect(await statusOf('kim@acme.test')).toBe('pending');
  });

  it('refuses an email that already has an account, and works from the command line too', async () => {
    const twice = await inviteUser(services, admin, { name: 'Sam again', email: 'sam@acme.test', role: 'viewer' });
    expect(twice.ok ? null : twice.errors['email']).toBe('Someone already has an account with this email.');
    value(await inviteUser(services, CLI_ACTOR, { name: 'Lee', email: 'lee@acme.test', role: 'viewer' }));
    await drain();
    expect(mailsTo('lee@acme.test')[0]?.subject).toBe('[Acme Cloud] cli invited you to the incident hub');
  });
});
