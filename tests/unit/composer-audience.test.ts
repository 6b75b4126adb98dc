import { describe, expect, it } from 'vitest';
import { summarizeAuditEvent } from '../../src/audit/describe-event.ts';
import { countNoun } from '../../src/incidents/composer-audience.ts';

const event = (details: Record<string, unknown>) => ({
  id: 'e1',
  occurredAt: new Date('2026-11-29T09:00:00Z'),
  kind: 'update.published',
  actorId: 'u1',
  actorName: 'Casey',
  incidentId: 'i1',
  incidentTitle: 'Checkout down',
  maintenanceId: null,
  maintenanceTitle: null,
  details,
});

describe('the composer’s words', () => {
  it('counts people in words, with thousands separated', () => {
    expect(countNoun(1, 'subscriber', 'subscribers')).toBe('1 subscriber');
    expect(countNoun(0, 'subscriber', 'subscribers')).toBe('0 subscribers');
    expect(countNoun(1234, 'subscriber', 'subscribers')).toBe('1,234 subscribers');
  });

  it('the audit log says an internal update went to the internal list, never to subscribers', () => {
    const internal = summarizeAuditEvent(event({ audience: 'internal', status: 'identified', notify: true, recipients: 4, componentChanges: [] }));
    expect(internal).toBe('Posted an internal update (Identified) · internal list notified (4)');
    expect(internal).not.toMatch(/subscriber/i);
    expect(summarizeAuditEvent(event({ audience: 'external', status: 'identified', notify: true, recipients: 12, componentChanges: [] }))).toBe(
      'Published an external update (Identified) · subscribers notified (12)',
    );
  });
});
