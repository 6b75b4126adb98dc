import { describe, expect, it } from 'vitest';
import type { ResolvedIncidentPostmortem } from '../../db/queries/postmortems.ts';
import { addBusinessDays } from '../../src/postmortems/business-days.ts';
import { buildPublicBody } from '../../src/postmortems/postmortem-text.ts';
import { judgePostmortemsDue } from '../../src/postmortems/postmortems-due.ts';
import { postmortemDueAt } from '../../src/postmortems/settings.ts';

describe('business days', () => {
  it('skips the weekend', () => {
    // Friday 10:00 UTC + 1 business day is Monday, same time.
    expect(addBusinessDays(new Date('2026-12-04T10:00:00Z'), 1).toISOString()).toBe('2026-12-07T10:00:00.000Z');
    // Saturday + 1 is Monday too.
    expect(addBusinessDays(new Date('2026-12-05T10:00:00Z'), 1).toISOString()).toBe('2026-12-07T10:00:00.000Z');
    expect(addBusinessDays(new Date('2026-12-04T10:00:00Z'), 5).toISOString()).toBe('2026-12-11T10:00:00.000Z');
  });

  it('crosses the year end', () => {
    // Wednesday 30 December 2026 + 5: Thu 31, Fri 1, Mon 4, Tue 5, Wed 6 January 2027.
    expect(addBusinessDays(new Date('2026-12-30T23:30:00Z'), 5).toISOString()).toBe('2027-01-06T23:30:00.000Z');
  });

  it('makes a postmortem due at the end of the n-th business day (UTC)', () => {
    expect(postmortemDueAt(new Date('2026-12-31T22:00:00Z'), 5).toISOString()).toBe('2027-01-07T23:59:59.000Z');
  });
});

describe('the dashboard list', () => {
  const settings = { dueBusinessDays: 5, requiredSeverities: ['SEV1', 'SEV2'] as ('SEV1' | 'SEV2' | 'SEV3')[] };
  const resolvedAt = new Date('2026-12-04T10:00:00Z'); // a Friday: due Friday 11 December, end of day
  const row = (over: Partial<ResolvedIncidentPostmortem>): ResolvedIncidentPostmortem => ({
    incidentId: 'a', title: 'Outage', severity: 'SEV1', resolvedAt, state: null, dueAt: null, ...over,
  });

  it('lists a missing postmortem of a required severity, overdue only after its due date', () => {
    const before = judgePostmortemsDue([row({})], settings, new Date('2026-12-11T23:00:00Z'));
    expect(before).toEqual([expect.objectContaining({ incidentId: 'a', state: null, overdue: false })]);
    expect(before[0]?.dueAt.toISOString()).toBe('2026-12-11T23:59:59.000Z');
    const after = judgePostmortemsDue([row({})], settings, new Date('2026-12-12T00:00:00Z'));
    expect(after).toEqual([expect.objectContaining({ overdue: true })]);
  });

  it('leaves out a SEV3 without a postmortem, and lists its unpublished draft once overdue', () => {
    expect(judgePostmortemsDue([row({ severity: 'SEV3' })], settings, new Date('2027-01-01T00:00:00Z'))).toEqual([]);
    expect(judgePostmortemsDue([row({ severity: 'SEV3', state: 'draft' })], settings, new Date('2026-12-10T00:00:00Z'))).toEqual([]);
    expect(judgePostmortemsDue([row({ severity: 'SEV3', state: 'draft' })], settings, new Date('2026-12-14T00:00:00Z'))).toEqual([
      expect.objectContaining({ overdue: true, state: 'draft' }),
    ]);
  });

  it('uses the due date set on the postmortem', () => {
    const dueAt = new Date('2026-12-20T23:59:59Z');
    expect(judgePostmortemsDue([row({ state: 'in_review', dueAt })], settings, new Date('2026-12-15T00:00:00Z'))).toEqual([
      expect.objectContaining({ overdue: false, dueAt }),
    ]);
  });
});

describe('the public part', () => {
  it('has only the ticked sections, in the template order, under their headings', () => {
    const sections = { summary: 'S', customer_impact: 'C', timeline: 'T', root_cause: 'R', went_well: 'W', went_poorly: 'SECRET', lessons: 'L' };
    expect(buildPublicBody(sections, ['lessons', 'summary'])).toBe('### Summary\n\nS\n\n### Lessons\n\nL');
  });
});

describe('the timeline sentences', () => {
  it('say what happened to the postmortem in words', async () => {
    const { describeTimelineEntry } = await import('../../src/incidents/hub-text.ts');
    expect(describeTimelineEntry({ kind: 'postmortem.published_publicly', details: { sections: ['summary', 'lessons'], notify: true, recipients: 1200 } }).text).toBe(
      'published the postmortem publicly (summary, lessons) · subscribers emailed (1,200)',
    );
    expect(describeTimelineEntry({ kind: 'postmortem.edited', details: { sections: ['root_cause'], rootCauseTags: ['deploy'] } }).text).toBe(
      'edited the postmortem (root cause and contributing factors) · root causes: deploy',
    );
  });
});

describe('the postmortem webhook', () => {
  it('reads as the postmortem in chat and carries Statuspage’s postmortem fields in the generic JSON', async () => {
    const { summarizeEvent } = await import('../../src/webhooks/payloads/summary.ts');
    const { buildGenericPayload } = await import('../../src/webhooks/payloads/generic.ts');
    const event = {
      type: 'postmortem.published' as const,
      audience: 'external' as const,
      occurredAt: '2026-12-04T10:00:00.000Z',
      page: { id: 'p', name: 'Acme', url: 'https://status.example.com/', indicator: 'none' as const, description: 'All Systems Operational' },
      incident: {
        id: 'i1', name: 'Checkout outage', status: 'resolved' as const, impact: 'major' as const, severity: 'SEV1' as const, url: 'https://status.example.com/incidents/i1',
        createdAt: '2026-12-01T10:00:00.000Z', updatedAt: '2026-12-01T11:00:00.000Z', startedAt: '2026-12-01T10:00:00.000Z', monitoringAt: null, resolvedAt: '2026-12-01T11:00:00.000Z',
        scheduledFor: null, scheduledUntil: null, updates: [], components: [],
      },
      componentChange: null,
      overdue: null,
      postmortem: { body: '### Summary\n\nA bad push.', publishedAt: '2026-12-04T10:00:00.000Z' },
    };
    const chat = summarizeEvent(event);
    expect(chat.title).toBe('Postmortem: Checkout outage');
    expect(chat.body).toBe('### Summary\n\nA bad push.');
    expect(chat.link?.label).toBe('Read the postmortem');
    const generic = buildGenericPayload(event, { manageUrl: 'm', documentationUrl: 'd' }) as { incident: Record<string, unknown>; herald: Record<string, unknown> };
    expect(generic.incident).toMatchObject({ postmortem_body: '### Summary\n\nA bad push.', postmortem_published_at: '2026-12-04T10:00:00.000Z' });
    expect(generic.herald['event']).toBe('postmortem.published');
  });
});
