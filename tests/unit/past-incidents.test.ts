import { describe, expect, it } from 'vitest';
import { pastIncidentDays } from '../../src/status/past-incidents.ts';
import { fixtureSnapshot } from '../fixtures/snapshot.ts';

describe('past incidents on the home page', () => {
  it('lists the last seven UTC days, today first, with the resolved incidents that started on each', () => {
    const days = pastIncidentDays(fixtureSnapshot()); // built 2026-11-27T12:00Z
    expect(days.map((d) => d.date)).toEqual(['2026-11-27', '2026-11-26', '2026-11-25', '2026-11-24', '2026-11-23', '2026-11-22', '2026-11-21']);
    expect(days.find((d) => d.date === '2026-11-24')?.incidents.map((i) => i.id)).toEqual(['inc-resolved']);
    // The open incident is listed at the top of the page, not here.
    expect(days.flatMap((d) => d.incidents).map((i) => i.id)).not.toContain('inc-open');
  });

  it('leaves out what is older than the window', () => {
    const s = fixtureSnapshot();
    s.builtAt = '2026-12-02T00:30:00.000Z';
    expect(pastIncidentDays(s).flatMap((d) => d.incidents)).toEqual([]);
  });
});
