import { describe, expect, it } from 'vitest';
import { auditEventSegments, describeAuditKind, summarizeAuditEvent } from '../../src/audit/describe-event.ts';
import type { AuditEvent } from '../../src/domain/audit-event.ts';

function event(kind: string, details: Record<string, unknown>): AuditEvent {
  return {
    id: '1',
    occurredAt: new Date('2026-11-29T10:00:00Z'),
    kind,
    actorId: null,
    actorName: 'Ada',
    incidentId: null,
    incidentTitle: null,
    maintenanceId: null,
    maintenanceTitle: null,
    details,
  };
}

const NAMES = new Map([
  ['c1', 'API'],
  ['c2', 'Dashboard'],
]);

describe('audit log details', () => {
  it('names the components of a declared incident instead of "1 items"', () => {
    const text = summarizeAuditEvent(event('incident.declared', { severity: 'SEV1', components: [{ componentId: 'c1', status: 'major_outage' }] }), NAMES);
    expect(text).toBe('severity: SEV1 · components: API: Major outage');
    expect(text).not.toMatch(/items?\b/);
  });

  it('names scheduled components (a deleted one said so) and keeps instants apart for the reader’s zone', () => {
    const scheduled = event('maintenance.scheduled', { updateId: 'u1', scheduledFor: '2026-12-01T22:00:00.000Z', componentIds: ['c2', 'gone'], reminderHours: 24 });
    expect(summarizeAuditEvent(scheduled, NAMES)).toBe('scheduled for: Dec 1, 2026, 22:00 UTC · components: Dashboard, a deleted component · reminder hours: 24');
    expect(auditEventSegments(scheduled, NAMES)).toEqual([
      { text: 'scheduled for: ' },
      { iso: '2026-12-01T22:00:00.000Z' },
      { text: ' · components: Dashboard, a deleted component · reminder hours: 24' },
    ]);
  });

  it('says what an edit of a maintenance changed, and component status changes of a transition', () => {
    const edited = event('maintenance.edited', {
      before: { title: 'DB upgrade', scheduledFor: '2026-12-01T22:00:00.000Z', scheduledUntil: '2026-12-01T23:00:00.000Z', componentIds: ['c1'] },
      after: { title: 'DB upgrade', scheduledFor: '2026-12-01T22:00:00.000Z', scheduledUntil: '2026-12-02T00:00:00.000Z', componentIds: ['c1', 'c2'] },
      rescheduled: true,
    });
    expect(summarizeAuditEvent(edited, NAMES)).toBe('scheduled until: Dec 1, 2026, 23:00 UTC → Dec 2, 2026, 00:00 UTC · components: API → API, Dashboard');
    const started = event('maintenance.started', { updateId: 'u2', automatic: true, componentChanges: [{ componentId: 'c1', oldStatus: 'operational', newStatus: 'under_maintenance' }] });
    expect(summarizeAuditEvent(started, NAMES)).toBe('automatic: true · components: API: Operational → Under maintenance');
  });

  it('says what a correction of an announcement changed and whether subscribers were emailed; invitations in words', () => {
    const corrected = event('maintenance.announcement_corrected', { updateId: 'u1', before: 'Upgrade on Tusday.', after: `Upgrade on Tuesday. ${'More words. '.repeat(20)}`, notified: false });
    const text = summarizeAuditEvent(corrected, NAMES);
    expect(text).toMatch(/^announcement: “Upgrade on Tusday\.” → “Upgrade on Tuesday\. More words\..*…” \(subscribers not emailed\)$/);
    expect(summarizeAuditEvent(event('maintenance.announcement_corrected', { before: 'a', after: 'b', notified: true }), NAMES)).toBe('announcement: “a” → “b” (subscribers emailed the correction)');
    expect(describeAuditKind('user.invite_resent')).toBe('Invitation sent again');
    expect(describeAuditKind('user.invite_revoked')).toBe('Invitation revoked');
    expect(describeAuditKind('maintenance.announcement_corrected')).toBe('Maintenance announcement corrected');
    expect(summarizeAuditEvent(event('user.invite_revoked', { userId: 'x', email: 'pat@example.com', name: 'Pat' }), NAMES)).toBe('Pat · email: pat@example.com');
  });

  it('says which incident was deleted, whether it was public and which components it gave back', () => {
    expect(describeAuditKind('incident.deleted')).toBe('Incident deleted');
    const deleted = event('incident.deleted', { incidentId: 'i1', title: 'Search down', status: 'investigating', public: true, componentChanges: [{ componentId: 'c1', name: 'API', oldStatus: 'major_outage', newStatus: 'operational' }] });
    expect(summarizeAuditEvent(deleted, NAMES)).toBe('title: Search down · status: investigating · public: true · components: API: Major outage → Operational');
    expect(summarizeAuditEvent(event('incident.renamed', { from: 'Slow logins', to: 'Slow sign-ins', public: true }), NAMES)).toMatch(/Slow logins.*Slow sign-ins/);
  });
});
