import { describe, expect, it } from 'vitest';
import { userInviteEmail } from '../../emails/user-invite.ts';
import { buildInviteMessage } from '../../src/users/invite-message.ts';

const data = {
  pageName: 'Acme <Cloud>',
  pageUrl: 'https://status.example.com',
  name: 'Sam <script>',
  inviterName: 'Ada "Admin" & co',
  roleName: 'Communications',
  inviteUrl: 'https://status.example.com/admin/invite?token=abc.def',
  expiresAtUtc: 'Nov 30, 2026, 10:00 UTC',
};

describe('invitation email', () => {
  it('names who invited whom to which page, with the link and when it expires', () => {
    const mail = userInviteEmail(data);
    expect(mail.subject).toBe('[Acme <Cloud>] Ada "Admin" & co invited you to the incident hub');
    expect(mail.text).toContain('Ada "Admin" & co invited you to the Acme <Cloud> incident hub as Communications.');
    expect(mail.text).toContain('https://status.example.com/admin/invite?token=abc.def');
    expect(mail.text).toContain('The link works once, until Nov 30, 2026, 10:00 UTC (24 hours).');
    expect(mail.html).toContain('href="https://status.example.com/admin/invite?token=abc.def"');
    expect(mail.html).toContain('Choose your password');
  });

  it('escapes names in the HTML part and never links an unsafe URL', () => {
    const mail = userInviteEmail({ ...data, inviteUrl: 'javascript:alert(1)' });
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('Sam &lt;script&gt;');
    expect(mail.html).not.toContain('href="javascript:');
  });

  it('is built from what was queued, and not from a payload it cannot read', () => {
    const delivery = { id: '1', kind: 'invite' as const, notificationId: null, payload: { token: 'abc.def' }, subscriberId: null, recipient: 'sam@example.com', messageId: 'invite-abc@x', attempts: 1, subscriberStatus: null };
    const context = { pageName: 'Acme', publicUrl: 'https://status.example.com' };
    expect(buildInviteMessage(delivery, context)).toBeNull();
    expect(buildInviteMessage({ ...delivery, payload: { token: 'abc.def', name: 'Sam', inviterName: 'Ada', role: 'owner', expiresAt: '2026-11-30T10:00:00Z' } }, context)).toBeNull();
    const message = buildInviteMessage({ ...delivery, payload: { token: 'abc.def', name: 'Sam', inviterName: 'Ada', role: 'comms', expiresAt: '2026-11-30T10:00:00Z' } }, context);
    expect(message).toMatchObject({ to: 'sam@example.com', subject: '[Acme] Ada invited you to the incident hub', messageId: 'invite-abc@x' });
    expect(message!.text).toContain('as Communications.');
    expect(message!.text).toContain('https://status.example.com/admin/invite?token=abc.def');
    expect(message!.text).toContain('until Nov 30, 2026, 10:00 UTC');
  });
});
