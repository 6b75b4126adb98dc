import { describe, expect, it } from 'vitest';
import type { ComponentStatus, StatusInterval } from '../../src/domain/types.ts';
import { computeUptime } from '../../src/status/uptime.ts';

/*
 * Uptime days are UTC days: a month end, a year end, 29 February and the DST
 * changes of any zone must neither lose nor add time. Every "now" here is fixed.
 */

const at = (iso: string): Date => new Date(iso);
const interval = (status: ComponentStatus, startedAt: string, endedAt: string | null): StatusInterval => ({
  componentId: 'c1',
  status,
  startedAt: at(startedAt),
  endedAt: endedAt === null ? null : at(endedAt),
});
const HOUR = 3600;

/** Consecutive UTC dates from `first`, `count` of them (built with Date.UTC, not with the code under test). */
function utcDates(first: string, count: number): string[] {
  const start = Date.parse(`${first}T00:00:00Z`);
  return Array.from({ length: count }, (_, i) => new Date(start + i * 86_400_000).toISOString().slice(0, 10));
}

describe('an outage across midnight UTC at a month end', () => {
  it.each([
    ['January to February', '2027-01-31', '2027-02-01'],
    ['February to March', '2027-02-28', '2027-03-01'],
    ['29 February to March, leap year', '2028-02-29', '2028-03-01'],
    ['a 30-day month', '2027-04-30', '2027-05-01'],
    ['year end', '2027-12-31', '2028-01-01'],
  ])('%s: the hours before midnight go to the last day, the rest to the first of the next', (_label, last, first) => {
    const uptime = computeUptime(
      [
        interval('operational', `${last}T00:00:00Z`, `${last}T22:00:00Z`),
        interval('major_outage', `${last}T22:00:00Z`, `${first}T03:00:00Z`),
        interval('operational', `${first}T03:00:00Z`, null),
      ],
      { now: at(`${first}T12:00:00Z`), days: 2 },
    );
    const [before, after] = uptime.days;
    expect(uptime.days.map((d) => d.date)).toEqual([last, first]);
    expect(before!.seconds).toEqual({ major_outage: 2 * HOUR });
    expect(after!.seconds).toEqual({ major_outage: 3 * HOUR });
    expect(before!.ratio).toBeCloseTo(1 - 2 / 24, 12);
    // Today counts up to now (12 hours), 3 of them down.
    expect(after!.ratio).toBeCloseTo(1 - 3 / 12, 12);
  });

  it('puts an incident across the year end on both days, once each', () => {
    const uptime = computeUptime([interval('operational', '2027-12-30T00:00:00Z', null)], {
      now: at('2028-01-01T12:00:00Z'),
      days: 3,
      incidents: [{ id: 'i1', title: 'New Year outage', startedAt: at('2027-12-31T23:30:00Z'), resolvedAt: at('2028-01-01T00:30:00Z') }],
    });
    expect(uptime.days.map((d) => [d.date, d.incidents.map((i) => i.id)])).toEqual([
      ['2027-12-30', []],
      ['2027-12-31', ['i1']],
      ['2028-01-01', ['i1']],
    ]);
  });

  it('at exactly midnight, the new day is today and has no data yet', () => {
    const uptime = computeUptime([interval('operational', '2027-12-30T00:00:00Z', null)], { now: at('2028-01-01T00:00:00Z'), days: 2 });
    expect(uptime.days.map((d) => [d.date, d.ratio])).toEqual([
      ['2027-12-31', 1],
      ['2028-01-01', null],
    ]);
  });
});

describe('the 90-day window', () => {
  it('across a year end has 90 consecutive days, ending today', () => {
    const uptime = computeUptime([], { now: at('2028-01-10T08:00:00Z'), days: 90 });
    expect(uptime.days.map((d) => d.date)).toEqual(utcDates('2027-10-13', 90));
    expect(uptime.days.at(-1)!.date).toBe('2028-01-10');
  });

  it('across 29 February 2028 has 90 days, the leap day one of them', () => {
    const dates = computeUptime([], { now: at('2028-03-15T00:30:00Z'), days: 90 }).days.map((d) => d.date);
    expect(dates).toEqual(utcDates('2027-12-17', 90));
    expect(dates).toContain('2028-02-29');
    expect(new Set(dates).size).toBe(90);
  });

  it('in a year without 29 February goes from the 28th to 1 March', () => {
    const dates = computeUptime([], { now: at('2027-03-15T23:59:59Z'), days: 90 }).days.map((d) => d.date);
    expect(dates[0]).toBe('2026-12-16');
    expect(dates).not.toContain('2027-02-29');
    expect(dates.slice(dates.indexOf('2027-02-28'), dates.indexOf('2027-02-28') + 2)).toEqual(['2027-02-28', '2027-03-01']);
  });
});

describe('DST changes do not change the length of a UTC day', () => {
  // An hour of outage around the instant the clocks change, on a day otherwise up.
  it.each([
    ['Europe springs forward', '2027-03-28', '2027-03-28T00:30:00Z', '2027-03-28T01:30:00Z'],
    ['Europe falls back', '2027-10-31', '2027-10-31T00:30:00Z', '2027-10-31T01:30:00Z'],
    ['America springs forward', '2027-03-14', '2027-03-14T06:30:00Z', '2027-03-14T07:30:00Z'],
    ['America falls back', '2027-11-07', '2027-11-07T05:30:00Z', '2027-11-07T06:30:00Z'],
  ])('%s: one hour down in a 24-hour day', (_label, day, from, until) => {
    const next = utcDates(day, 2)[1]!;
    const uptime = computeUptime(
      [interval('operational', `${day}T00:00:00Z`, from), interval('major_outage', from, until), interval('operational', until, null)],
      { now: at(`${next}T00:00:00Z`), days: 2 },
    );
    const [changeDay] = uptime.days;
    expect(changeDay!.date).toBe(day);
    expect(changeDay!.seconds).toEqual({ major_outage: HOUR });
    // 23 of 24 hours up: the local day may have 23 or 25 hours, the UTC day has 24.
    expect(changeDay!.ratio).toBeCloseTo(23 / 24, 12);
  });

  it('an outage in the evening of New York\'s 13 March is on 14 March UTC', () => {
    const uptime = computeUptime(
      [interval('operational', '2027-03-13T00:00:00Z', '2027-03-14T03:00:00Z'), interval('partial_outage', '2027-03-14T03:00:00Z', '2027-03-14T04:00:00Z'), interval('operational', '2027-03-14T04:00:00Z', null)],
      { now: at('2027-03-15T00:00:00Z'), days: 3 },
    );
    expect(uptime.days.map((d) => [d.date, d.seconds])).toEqual([
      ['2027-03-13', {}],
      ['2027-03-14', { partial_outage: HOUR }],
      ['2027-03-15', {}],
    ]);
  });
});
