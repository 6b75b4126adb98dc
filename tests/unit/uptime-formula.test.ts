import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { uptimeBadge, uptimeRatio } from '../../src/badges/badge.ts';
import type { ComponentStatus, StatusInterval } from '../../src/domain/types.ts';
import { dayAgeClass, daysShownAt, UPTIME_WINDOWS, uptimeCells } from '../../src/status/page-view.ts';
import type { UptimeDay } from '../../src/status/snapshot.ts';
import { computeUptime, DOWNTIME_WEIGHT, formatUptimePercent, lastDaysUptime, windowUptime } from '../../src/status/uptime.ts';

const NOW = new Date('2026-11-27T12:00:00Z');
const interval = (status: ComponentStatus, startedAt: string, endedAt: string | null): StatusInterval => ({
  componentId: 'c1',
  status,
  startedAt: new Date(startedAt),
  endedAt: endedAt === null ? null : new Date(endedAt),
});
const day = (date: string, seconds: UptimeDay['seconds'], observedSeconds = 86_400): UptimeDay => ({
  date,
  ratio: null,
  worst: 'operational',
  seconds,
  observedSeconds,
  incidents: [],
});

describe('the uptime formula', () => {
  it('counts a major outage fully, a partial outage at 30%, degraded performance and maintenance as up', () => {
    expect(DOWNTIME_WEIGHT).toEqual({ operational: 0, under_maintenance: 0, degraded_performance: 0, partial_outage: 0.3, major_outage: 1 });
    // One day: 1 h major, 2 h partial, 3 h degraded, 4 h maintenance.
    const uptime = computeUptime(
      [
        interval('operational', '2026-11-26T00:00:00Z', null),
        interval('major_outage', '2026-11-26T01:00:00Z', '2026-11-26T02:00:00Z'),
        interval('partial_outage', '2026-11-26T03:00:00Z', '2026-11-26T05:00:00Z'),
        interval('degraded_performance', '2026-11-26T06:00:00Z', '2026-11-26T09:00:00Z'),
        interval('under_maintenance', '2026-11-26T10:00:00Z', '2026-11-26T14:00:00Z'),
      ],
      { now: NOW, days: 2 },
    );
    const [yesterday, today] = uptime.days;
    expect(yesterday!.ratio).toBeCloseTo(1 - (3600 + 0.3 * 7200) / 86_400, 12);
    expect(yesterday!.observedSeconds).toBe(86_400);
    expect(today!.observedSeconds).toBe(12 * 3600);
    expect(today!.ratio).toBe(1);
    // The window is time-weighted: downtime over observed time, not a mean of the days' percentages.
    expect(uptime.ratio).toBeCloseTo(1 - (3600 + 0.3 * 7200) / (86_400 + 12 * 3600), 12);
    expect(uptime.ratio).toBe(windowUptime(uptime.days));
  });

  it('gives the 30-, 60- and 90-day figures from the same days the bar shows', () => {
    const days = Array.from({ length: 90 }, (_, i) => day(`d${i}`, i === 10 ? { major_outage: 8640 } : i === 80 ? { partial_outage: 8640 } : {}));
    const uptime = { days, ratio: windowUptime(days) };
    expect(lastDaysUptime(uptime, 30)).toBeCloseTo(1 - (0.3 * 8640) / (30 * 86_400), 12);
    expect(lastDaysUptime(uptime, 60)).toBeCloseTo(1 - (0.3 * 8640) / (60 * 86_400), 12);
    expect(lastDaysUptime(uptime, 90)).toBeCloseTo(1 - (8640 + 0.3 * 8640) / (90 * 86_400), 12);
    // The badge says what the caption says.
    expect(uptimeRatio({ uptime }, 30)).toBe(lastDaysUptime(uptime, 30));
    expect(uptimeBadge({ name: 'API', uptime }, 30).message).toBe(formatUptimePercent(lastDaysUptime(uptime, 30)));
    expect(uptimeBadge({ name: 'API', uptime }, 90).message).toBe('99.85%'); // 1 − (8,640 + 0.3 × 8,640) / 7,776,000, floored
  });

  it('ignores days without data, and reads snapshots saved before observed time was kept', () => {
    const none = { ...day('a', {}, 0), ratio: null, worst: null };
    expect(windowUptime([none])).toBeNull();
    const old: UptimeDay = { date: 'b', ratio: 0.9, worst: 'major_outage', seconds: { major_outage: 8640 }, incidents: [] };
    expect(windowUptime([old, none])).toBeCloseTo(0.9, 12);
  });

  it('writes each day the way the bar shows it: status, uptime, durations and incident links', () => {
    const [quiet, bad, empty] = uptimeCells([
      { date: '2026-11-01', ratio: 1, worst: 'operational', seconds: {}, incidents: [] },
      { date: '2026-11-02', ratio: 0.997, worst: 'partial_outage', seconds: { partial_outage: 1500 }, incidents: [{ id: 'abc', title: 'API errors' }] },
      { date: '2026-11-03', ratio: null, worst: null, seconds: {}, incidents: [] },
    ]);
    expect(quiet).toMatchObject({ day: 'Nov 1, 2026', status: 'Operational', uptime: '100.00% uptime', durations: [], incidents: [] });
    expect(bad).toMatchObject({ cls: 'p', status: 'Partial outage', uptime: '99.70% uptime', durations: ['Partial outage 25 min'], incidents: [{ title: 'API errors', href: '/incidents/abc' }] });
    expect(empty).toMatchObject({ cls: 'n', status: 'No data', uptime: null });
  });
});

describe('days shown by screen width', () => {
  it('shows 30 days below 500 px, 60 below 800 px, 90 from 800 px', () => {
    expect([320, 390, 499, 500, 799, 800, 1280].map(daysShownAt)).toEqual([30, 30, 30, 60, 60, 90, 90]);
  });

  it('marks the days each width hides, oldest first', () => {
    const classes = Array.from({ length: 90 }, (_, i) => dayAgeClass(i, 90));
    expect(classes.filter((c) => c === 'a60')).toHaveLength(30);
    expect(classes.filter((c) => c === 'a30')).toHaveLength(30);
    expect(classes.slice(60)).toEqual(Array(30).fill(''));
    expect(classes[0]).toBe('a60');
    expect(classes[30]).toBe('a30');
  });

  it('hides them in public.css at the same widths', () => {
    const css = readFileSync(path.join(import.meta.dirname, '..', '..', 'styles', 'public.css'), 'utf8');
    const hidden = (cls: string): number | null => {
      for (const match of css.matchAll(/@media \(max-width: ([\d.]+)px\) \{([^@]*)\}/g)) {
        if (match[2]!.includes(`.ud .${cls}`)) return Math.ceil(Number(match[1]));
      }
      return null;
    };
    expect(hidden('a60')).toBe(UPTIME_WINDOWS.find((w) => w.days === 60)!.below);
    expect(hidden('a30')).toBe(UPTIME_WINDOWS.find((w) => w.days === 30)!.below);
  });
});
