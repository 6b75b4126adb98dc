import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { buildCalendar, escapeText, foldLine, sequenceOf, utc } from '../../src/calendar/ical.ts';
import type { PageSnapshot, SnapshotMaintenance } from '../../src/status/snapshot.ts';
import { fixtureSnapshot } from '../fixtures/snapshot.ts';

const octets = (line: string): number => new TextEncoder().encode(line).length;

/** The fixture plus a cancelled window and one with text that needs escaping. */
function snapshotWithMore(): PageSnapshot {
  const s = fixtureSnapshot();
  const [upcoming] = s.maintenances;
  if (!upcoming) throw new Error('fixture has no maintenance');
  const cancelled: SnapshotMaintenance = {
    ...upcoming,
    id: 'mnt-cancelled',
    title: 'Load balancer swap',
    status: 'cancelled',
    scheduledFor: '2026-12-05T01:00:00.000Z',
    scheduledUntil: '2026-12-05T02:00:00.000Z',
    updatedAt: '2026-11-25T08:00:00.000Z',
    components: [{ id: 'cmp-api', name: 'API' }],
  };
  const tricky: SnapshotMaintenance = {
    ...upcoming,
    id: 'mnt-tricky',
    title: 'Storage; network, and "edge" — Größenänderung 🚧',
    scheduledFor: '2026-12-01T22:30:00.000Z',
    scheduledUntil: '2026-12-02T01:00:00.000Z',
    updates: [{ ...upcoming.updates[0]!, html: `<p>Line one\\ with a backslash.</p><p>${'Long text that will need folding across several lines. '.repeat(4)}</p>` }],
  };
  s.maintenances.push(cancelled, tricky);
  return s;
}

describe('iCalendar output', () => {
  it('writes CRLF line endings, folds at 75 octets and never splits a UTF-8 character', () => {
    const text = buildCalendar(snapshotWithMore());
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of text.split('\r\n')) expect(octets(line), line).toBeLessThanOrEqual(75);
    expect(text).toContain('\r\n '); // something was folded
    const folded = foldLine(`SUMMARY:${'ü'.repeat(60)}`);
    const pieces = folded.split('\r\n');
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces) expect(octets(piece)).toBeLessThanOrEqual(75);
    expect(pieces.slice(1).every((p) => p.startsWith(' '))).toBe(true);
    expect(pieces.map((p, i) => (i === 0 ? p : p.slice(1))).join('')).toBe(`SUMMARY:${'ü'.repeat(60)}`);
    expect(folded).not.toContain('\uFFFD');
  });

  it('escapes backslashes, semicolons, commas and line breaks in TEXT values', () => {
    expect(escapeText('a\\b;c,d\ne\r\nf')).toBe('a\\\\b\\;c\\,d\\ne\\nf');
    expect(escapeText('bell\u0007')).toBe('bell');
  });

  it('writes UTC times in the basic format', () => {
    expect(utc('2026-11-30T02:00:00.000Z')).toBe('20261130T020000Z');
    expect(utc('2026-11-30T03:00:00+01:00')).toBe('20261130T020000Z');
  });

  it('gives every window a stable UID, a SEQUENCE from its last change and CANCELLED when cancelled', () => {
    const text = buildCalendar(snapshotWithMore());
    expect(text).toContain('UID:mnt-upcoming@status.example.com\r\n');
    expect(text).toContain('UID:mnt-cancelled@status.example.com\r\n');
    const cancelledBlock = text.split('BEGIN:VEVENT').find((block) => block.includes('UID:mnt-cancelled'));
    expect(cancelledBlock).toContain('STATUS:CANCELLED');
    const upcomingBlock = text.split('BEGIN:VEVENT').find((block) => block.includes('UID:mnt-upcoming'));
    expect(upcomingBlock).toContain('STATUS:CONFIRMED');
    expect(upcomingBlock).toContain('DTSTART:20261130T020000Z');

    const [upcoming] = fixtureSnapshot().maintenances;
    if (!upcoming) throw new Error('fixture has no maintenance');
    expect(sequenceOf(upcoming)).toBe(0);
    const rescheduled = { ...upcoming, scheduledFor: '2026-12-01T02:00:00.000Z', updatedAt: '2026-11-21T10:00:00.000Z' };
    expect(sequenceOf(rescheduled)).toBe(86_400);
    const editedAgain = { ...rescheduled, updatedAt: '2026-11-21T10:00:05.000Z' };
    expect(sequenceOf(editedAgain)).toBeGreaterThan(sequenceOf(rescheduled));
  });

  it('the same snapshot gives the same bytes', () => {
    expect(buildCalendar(snapshotWithMore())).toBe(buildCalendar(snapshotWithMore()));
  });

  it('a component calendar lists only the windows that affect it', () => {
    const text = buildCalendar(snapshotWithMore(), { componentId: 'cmp-db' });
    expect(text).toContain('UID:mnt-upcoming@');
    expect(text).not.toContain('UID:mnt-cancelled@');
    expect(text).toContain('X-WR-CALNAME:Acme Cloud maintenance: Managed databases');
  });

  it('reads back with ical.js, a real RFC 5545 parser, unfolded and unescaped', () => {
    const calendar = new ICAL.Component(ICAL.parse(buildCalendar(snapshotWithMore())));
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    const events = calendar.getAllSubcomponents('vevent').map((vevent) => ({ vevent, event: new ICAL.Event(vevent) }));
    const byUid = new Map(events.map((e) => [e.event.uid, e]));
    expect([...byUid.keys()].sort()).toEqual(['mnt-cancelled@status.example.com', 'mnt-done@status.example.com', 'mnt-tricky@status.example.com', 'mnt-upcoming@status.example.com']);

    const tricky = byUid.get('mnt-tricky@status.example.com');
    expect(tricky?.event.summary).toBe('Maintenance: Storage; network, and "edge" — Größenänderung 🚧');
    expect(tricky?.event.description).toContain('Line one\\ with a backslash.');
    expect(tricky?.event.description).toContain('Long text that will need folding across several lines. Long text');
    expect(tricky?.event.description).toContain('\n\nAffects: Managed databases');
    expect(tricky?.event.startDate.toJSDate().toISOString()).toBe('2026-12-01T22:30:00.000Z');
    expect(tricky?.event.endDate.toJSDate().toISOString()).toBe('2026-12-02T01:00:00.000Z');
    expect(tricky?.event.startDate.zone?.tzid).toBe('UTC');

    expect(byUid.get('mnt-cancelled@status.example.com')?.vevent.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(byUid.get('mnt-done@status.example.com')?.event.sequence).toBe(sequenceOf(fixtureSnapshot().maintenances[1]!));
    expect(byUid.get('mnt-upcoming@status.example.com')?.vevent.getFirstPropertyValue('url')).toBe('https://status.example.com/#maintenance-mnt-upcoming');
  });
});
