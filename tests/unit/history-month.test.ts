import { describe, expect, it } from 'vitest';
import { maintenancePath } from '../../src/status/links.ts';
import { adjacentHistoryMonths, defaultHistoryMonth } from '../../src/status/page-view.ts';
import { historyForMonth, historyMonths } from '../../src/status/selectors.ts';
import type { PageSnapshot, SnapshotMaintenance } from '../../src/status/snapshot.ts';
import { fixtureSnapshot } from '../fixtures/snapshot.ts';

/** The fixture, seen at another instant, with an upcoming window just after it. */
function snapshotAt(builtAt: string, upcomingAt: string): PageSnapshot {
  const base = fixtureSnapshot();
  const upcoming = base.maintenances.find((m) => m.status === 'scheduled') as SnapshotMaintenance;
  return { ...base, builtAt, maintenances: base.maintenances.map((m) => (m === upcoming ? { ...m, scheduledFor: upcomingAt } : m)) };
}

describe('the month /history opens on', () => {
  it.each([
    ['the last second of a month', '2026-11-30T23:59:59.999Z', '2026-12-01T02:00:00.000Z', '2026-11'],
    ['the first second of a month', '2026-12-01T00:00:00.000Z', '2026-12-03T02:00:00.000Z', '2026-12'],
    ['new year\'s eve', '2026-12-31T23:30:00.000Z', '2027-01-02T02:00:00.000Z', '2026-12'],
    ['new year\'s day', '2027-01-01T00:00:30.000Z', '2027-01-05T02:00:00.000Z', '2027-01'],
    ['29 February', '2028-02-29T12:00:00.000Z', '2028-03-01T02:00:00.000Z', '2028-02'],
    ['the European DST change (UTC does not move)', '2027-03-28T01:30:00.000Z', '2027-04-01T02:00:00.000Z', '2027-03'],
    ['the American DST change', '2027-11-07T06:30:00.000Z', '2027-12-01T02:00:00.000Z', '2027-11'],
  ])('is the current UTC month at %s, even with maintenance coming next month', (_name, now, upcoming, month) => {
    const snapshot = snapshotAt(now, upcoming);
    expect(defaultHistoryMonth(snapshot)).toBe(month);
    expect(historyMonths(snapshot).every((m) => m <= month)).toBe(true);
    const shown = historyForMonth(snapshot, upcoming.slice(0, 7)).maintenances.map((m) => m.id);
    expect(shown).not.toContain('mnt-upcoming');
  });

  it('leaves upcoming maintenance out of history, and links it to the home page', () => {
    const snapshot = snapshotAt('2026-11-27T12:00:00.000Z', '2026-11-30T02:00:00.000Z');
    const upcoming = snapshot.maintenances.find((m) => m.status === 'scheduled') as SnapshotMaintenance;
    expect(historyForMonth(snapshot, '2026-11').maintenances).toEqual([]);
    expect(maintenancePath(upcoming)).toBe(`/#maintenance-${upcoming.id}`);
    const done = snapshot.maintenances.find((m) => m.status === 'completed') as SnapshotMaintenance;
    expect(historyForMonth(snapshot, '2026-10').maintenances.map((m) => m.id)).toEqual([done.id]);
    expect(maintenancePath(done)).toBe(`/history?month=2026-10#maintenance-${done.id}`);
  });

  it('pages from the current month to older months with history', () => {
    const snapshot = snapshotAt('2027-01-01T00:00:30.000Z', '2027-01-05T02:00:00.000Z');
    const months = historyMonths(snapshot);
    expect(adjacentHistoryMonths(months, defaultHistoryMonth(snapshot))).toEqual({ older: months[0], newer: null });
  });
});
