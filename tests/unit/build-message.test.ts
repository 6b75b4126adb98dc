import { describe, expect, it } from 'vitest';
import type { ClaimedDelivery } from '../../db/queries/deliveries.ts';
import { buildMessage, type NotificationContent } from '../../src/notifications/build-message.ts';
import type { TimeZone } from '../../src/time/time-zone.ts';

// buildMessage turns domain data (statuses, Dates, Markdown) into the words, UTC
// dates and sanitized HTML that the pure templates in emails/ take.

const DELIVERY: ClaimedDelivery = {
  id: 'del-1',
  kind: 'notification',
  notificationId: 'ntf-1',
  payload: null,
  subscriberId: 'sub-1',
  recipient: 'reader@example.com',
  messageId: 'update-upd-1.sub-1@status.example.com',
  attempts: 0,
  subscriberStatus: 'confirmed',
};

function content(overrides: Partial<NotificationContent>): NotificationContent {
  return {
    kind: 'incident',
    pageName: 'Acme Cloud',
    publicUrl: 'https://status.example.com',
    unsubscribeMailto: null,
    update: { id: 'upd-1', status: 'identified', body: 'Rolling back the **bad deploy** <script>x</script>.', publishedAt: new Date('2026-11-27T11:40:00Z') },
    incident: { id: 'inc-1', title: 'API requests failing', impact: 'major' },
    maintenance: null,
    components: [{ name: 'API', status: 'degraded_performance' }],
    ...overrides,
  };
}

describe('buildMessage', () => {
  it('gives an incident email the status and component words, the UTC date and the sanitized body', () => {
    const message = buildMessage(content({}), DELIVERY, 'tok');
    expect(message.subject).toBe('[Acme Cloud] Identified: API requests failing');
    expect(message.text).toContain('Identified - Nov 27, 2026, 11:40 UTC');
    expect(message.text).toContain('- API: Degraded performance');
    expect(message.html).toContain('<strong>bad deploy</strong>');
    expect(message.html).not.toContain('<script>');
  });

  it('writes an incident email in the language the subscriber subscribed in, keeping what staff wrote', () => {
    const message = buildMessage(content({ timeZone: 'Europe/Berlin' as TimeZone }), { ...DELIVERY, subscriberLanguage: 'de' }, 'tok');
    expect(message.subject).toBe('[Acme Cloud] Ursache gefunden: API requests failing');
    expect(message.text).toContain('Ursache gefunden - 27. Nov. 2026, 12:40 CET');
    expect(message.text).toContain('Betroffene Komponenten:\n- API: Eingeschränkte Leistung');
    expect(message.text).toContain('Rolling back the **bad deploy**');
    expect(message.text).toContain('Diese Störung auf der Statusseite ansehen:\nhttps://status.example.com/incidents/inc-1');
    expect(message.html).toContain('<html lang="de"');
    expect(message.html).toContain('Abbestellen');
    const maintenance = buildMessage(
      content({
        kind: 'maintenance',
        incident: null,
        timeZone: 'Europe/Berlin' as TimeZone,
        update: { id: 'upd-2', status: 'scheduled', body: 'Upgrading the database.', publishedAt: new Date('2026-11-27T09:00:00Z') },
        maintenance: { id: 'mnt-1', title: 'Database upgrade', scheduledFor: new Date('2026-12-01T02:00:00Z'), scheduledUntil: new Date('2026-12-01T04:00:00Z'), createdAt: new Date('2026-11-27T09:00:00Z'), startedAt: null, remindedAt: null },
        components: [{ name: 'API', status: 'under_maintenance' }],
      }),
      { ...DELIVERY, subscriberLanguage: 'fr' },
      'tok',
    );
    expect(maintenance.subject).toBe('[Acme Cloud] Maintenance planifiée: Database upgrade');
    expect(maintenance.text).toContain('Une maintenance est planifiée du 1 déc. 2026, 03:00 CET au 1 déc. 2026, 05:00 CET.');
    expect(maintenance.text).toContain('- API: En maintenance');
    const spanish = buildMessage(content({}), { ...DELIVERY, subscriberLanguage: 'es' }, 'tok');
    expect(spanish.subject).toBe('[Acme Cloud] Identificado: API requests failing');
  });

  it('gives a maintenance email its window in UTC', () => {
    const message = buildMessage(
      content({
        kind: 'maintenance',
        incident: null,
        update: { id: 'upd-2', status: 'scheduled', body: 'Upgrading the database.', publishedAt: new Date('2026-11-27T09:00:00Z') },
        maintenance: { id: 'mnt-1', title: 'Database upgrade', scheduledFor: new Date('2026-12-01T02:00:00Z'), scheduledUntil: new Date('2026-12-01T04:00:00Z'), createdAt: new Date('2026-11-27T09:00:00Z'), startedAt: null, remindedAt: null },
        components: [{ name: 'API', status: 'under_maintenance' }],
      }),
      DELIVERY,
      'tok',
    );
    expect(message.subject).toBe('[Acme Cloud] Scheduled maintenance: Database upgrade');
    expect(message.text).toContain('Dec 1, 2026, 02:00 UTC to Dec 1, 2026, 04:00 UTC');
    expect(message.text).toContain('- API: Under maintenance');
  });

  it('words a later "scheduled" update as a reschedule, and a cancel as a cancel', () => {
    const maintenance = { id: 'mnt-1', title: 'Database upgrade', scheduledFor: new Date('2026-12-02T02:00:00Z'), scheduledUntil: new Date('2026-12-02T04:00:00Z'), createdAt: new Date('2026-11-27T09:00:00Z'), startedAt: null, remindedAt: null };
    const moved = buildMessage(
      content({ kind: 'maintenance', incident: null, maintenance, update: { id: 'upd-4', status: 'scheduled', body: 'Moved a day.', publishedAt: new Date('2026-11-28T10:00:00Z') } }),
      DELIVERY,
      'tok',
    );
    expect(moved.subject).toBe('[Acme Cloud] Maintenance rescheduled: Database upgrade');
    expect(moved.text).toContain('New window: Dec 2, 2026, 02:00 UTC to Dec 2, 2026, 04:00 UTC');
    const reminded = buildMessage(
      content({ kind: 'maintenance', incident: null, maintenance: { ...maintenance, remindedAt: new Date('2026-12-01T02:00:00Z') }, update: { id: 'upd-7', status: 'scheduled', body: 'Reminder.', publishedAt: new Date('2026-12-01T02:00:00Z') } }),
      DELIVERY,
      'tok',
    );
    expect(reminded.subject).toBe('[Acme Cloud] Maintenance reminder: Database upgrade');
    const corrected = buildMessage(
      content({ kind: 'maintenance', incident: null, maintenance: { ...maintenance, correctionSentAt: new Date('2026-11-28T12:00:00Z') }, update: { id: 'upd-8', status: 'scheduled', body: 'Fixed text.', publishedAt: new Date('2026-11-28T12:00:00Z') } }),
      DELIVERY,
      'tok',
    );
    expect(corrected.subject).toBe('[Acme Cloud] Maintenance announcement corrected: Database upgrade');
    expect(corrected.text).toContain('The announcement of this maintenance was corrected; the corrected text is below. Window: Dec 2, 2026, 02:00 UTC to Dec 2, 2026, 04:00 UTC.');
    expect(corrected.text).toContain('Fixed text.');
    const cancelled = buildMessage(
      content({ kind: 'maintenance', incident: null, maintenance, update: { id: 'upd-5', status: 'cancelled', body: 'Not needed after all.', publishedAt: new Date('2026-11-28T11:00:00Z') } }),
      DELIVERY,
      'tok',
    );
    expect(cancelled.subject).toBe('[Acme Cloud] Maintenance cancelled: Database upgrade');
    expect(cancelled.text).toContain('will not take place');
    expect(cancelled.text).toContain('Not needed after all.');
  });

  it('words the start as "in progress", and a later in-progress update as an update', () => {
    const maintenance = { id: 'mnt-1', title: 'Database upgrade', scheduledFor: new Date('2026-12-01T02:00:00Z'), scheduledUntil: new Date('2026-12-01T04:00:00Z'), createdAt: new Date('2026-11-27T09:00:00Z'), startedAt: new Date('2026-12-01T02:00:00Z'), remindedAt: null };
    const message = (publishedAt: string, status: 'in_progress' | 'verifying') =>
      buildMessage(content({ kind: 'maintenance', incident: null, maintenance, update: { id: 'upd-6', status, body: 'Halfway.', publishedAt: new Date(publishedAt) } }), DELIVERY, 'tok');
    expect(message('2026-12-01T02:00:00Z', 'in_progress').subject).toBe('[Acme Cloud] Maintenance in progress: Database upgrade');
    expect(message('2026-12-01T03:00:00Z', 'in_progress').subject).toBe('[Acme Cloud] Maintenance update: Database upgrade');
    expect(message('2026-12-01T03:30:00Z', 'verifying').subject).toBe('[Acme Cloud] Maintenance update: Database upgrade');
  });

  it('gives an internal email the status words of any update', () => {
    const message = buildMessage(content({ kind: 'internal', update: { id: 'upd-3', status: 'monitoring', body: 'Watching.', publishedAt: new Date('2026-11-27T12:05:00Z') } }), DELIVERY, null);
    expect(message.subject).toBe('[Acme Cloud] [INTERNAL] Monitoring: API requests failing');
    expect(message.text).toContain('Monitoring - Nov 27, 2026, 12:05 UTC');
  });
});

describe('the brand and the page\'s zone in every email', () => {
  const branded = content({
    pageName: 'Acme Cloud',
    logoUrl: 'https://status.example.com/brand/logo?v=1764244800000',
    accent: '#8250df',
    timeZone: 'Europe/Berlin' as NotificationContent['timeZone'],
  });

  it('heads the HTML with the logo (alt: the page name), colours header and links with the accent', () => {
    const message = buildMessage(branded, DELIVERY, 'tok');
    expect(message.html).toContain('<img src="https://status.example.com/brand/logo?v=1764244800000" alt="Acme Cloud"');
    expect(message.html).toContain('border-top:4px solid #8250df');
    expect(message.html).toContain('href="https://status.example.com/unsubscribe?token=tok" style="color:#8250df;');
    expect(message.html).not.toContain('#1d4ed8');
    expect(message.text.split('\n')[0]).toBe('Acme Cloud');
    expect(message.fromName).toBe('Acme Cloud Status');
  });

  it('writes dates in the page\'s zone with its short name', () => {
    const message = buildMessage(branded, DELIVERY, 'tok');
    expect(message.text).toContain('Identified - Nov 27, 2026, 12:40 CET');
    const summer = buildMessage({ ...branded, update: { ...branded.update, publishedAt: new Date('2027-07-01T11:40:00Z') } }, DELIVERY, 'tok');
    expect(summer.text).toContain('Identified - Jul 1, 2027, 13:40 CEST');
  });

  it('without a logo or accent, names the page in text and keeps Herald\'s colours', () => {
    const message = buildMessage(content({}), DELIVERY, 'tok');
    expect(message.html).not.toContain('<img');
    expect(message.html).toContain('>Acme Cloud</a>');
    expect(message.html).toContain('color:#1d4ed8;');
  });
});
