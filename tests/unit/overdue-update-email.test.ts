import { describe, expect, it } from 'vitest';
import { overdueUpdateEmail } from '../../emails/overdue-update.ts';
import { buildOverdueNudgeMessage } from '../../src/incidents/overdue-nudge-message.ts';

const data = {
  pageName: 'Acme <Cloud>',
  pageUrl: 'https://status.example.com',
  name: 'Ada <script>',
  roleLabel: 'incident commander and communications lead',
  incident: { title: 'Checkout "fails" & <b>burns</b>', severity: 'SEV1' },
  targetMinutes: 30,
  lastUpdateText: 'Nov 29, 2026, 09:00 UTC',
  dueAtText: 'Nov 29, 2026, 09:30 UTC',
  incidentUrl: 'https://status.example.com/admin/incidents/abc',
};

describe('overdue update email', () => {
  it('says which incident is overdue, since when, and links to where the update is written', () => {
    const mail = overdueUpdateEmail(data);
    expect(mail.subject).toBe('[Acme <Cloud>] Update overdue: SEV1 Checkout "fails" & <b>burns</b>');
    expect(mail.text).toContain('You are the incident commander and communications lead of this incident.');
    expect(mail.text).toContain('was due at Nov 29, 2026, 09:30 UTC: its cadence is every 30 minutes, and the last external update was published at Nov 29, 2026, 09:00 UTC.');
    expect(mail.text).toContain('Write the update: https://status.example.com/admin/incidents/abc');
    expect(mail.html).toContain('href="https://status.example.com/admin/incidents/abc"');
  });

  it('escapes names and titles in the HTML part', () => {
    const mail = overdueUpdateEmail(data);
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).not.toContain('<b>burns</b>');
    expect(mail.html).toContain('Ada &lt;script&gt;');
  });

  it('is not built from a payload it cannot read (the delivery is skipped instead)', () => {
    const delivery = { id: '1', kind: 'overdue-nudge' as const, notificationId: null, payload: { incidentId: 'abc' }, subscriberId: null, recipient: 'a@example.com', messageId: 'm@x', attempts: 1, subscriberStatus: null };
    expect(buildOverdueNudgeMessage(delivery, { pageName: 'Acme', publicUrl: 'https://status.example.com' })).toBeNull();
    const full = { ...delivery, payload: { incidentId: 'abc', title: 'T', severity: 'SEV2', name: 'Ada', roleLabel: 'communications lead', targetMinutes: 60, lastUpdateAt: '2026-11-29T09:00:00Z', dueAt: '2026-11-29T10:00:00Z' } };
    const message = buildOverdueNudgeMessage(full, { pageName: 'Acme', publicUrl: 'https://status.example.com' });
    expect(message).toMatchObject({ to: 'a@example.com', subject: '[Acme] Update overdue: SEV2 T', messageId: 'm@x' });
    expect(message!.text).toContain('was due at Nov 29, 2026, 10:00 UTC');
  });
});
