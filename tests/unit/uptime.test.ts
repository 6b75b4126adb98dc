import { describe, it, expect } from 'vitest';
import type { ComponentStatus, StatusInterval } from '../../src/domain/types.ts';
import { computeUptime, formatUptimePercent, worstStatus } from '../../src/status/uptime.ts';

const at = (iso: string): Date => new Date(iso);
const interval = (status: ComponentStatus, startedAt: string, endedAt: string | null): StatusInterval => ({
  componentId: 'c1',
  status,
  startedAt: at(startedAt),
  endedAt: endedAt === null ? null : at(endedAt),
});

const NOW = at('2025-03-10T12:00:00Z');

describe('computeUptime', () => {
  it('lists days oldest first, ending today', () => {
    const uptime = computeUptime([], { now: NOW, days: 3 });
    expect(uptime.days.map((d) => d.date)).toEqual(['2025-03-08', '2025-03-09', '2025-03-10']);
    expect(uptime.ratio).toBeNull();
  });

  it('splits an interval spanning midnight between the two days', () => {
    const uptime = computeUptime(
      [
        interval('operational', '2025-03-08T00:00:00Z', '2025-03-08T23:00:00Z'),
        interval('major_outage', '2025-03-08T23:00:00Z', '2025-03-09T02:00:00Z'),
        interval('operational', '2025-03-09T02:00:00Z', null),
      ],
      { now: NOW, days: 3 },
    );
    const [d8, d9] = uptime.days;
    expect(d8!.seconds).toEqual({ major_outage: 3600 });
    expect(d9!.seconds).toEqual({ major_outage: 7200 });
    expect(d8!.ratio).toBeCloseTo(1 - 1 / 24, 12);
    expect(d9!.ratio).toBeCloseTo(1 - 2 / 24, 12);
    expect(d8!.worst).toBe('major_outage');
  });

  it('takes the worst status where intervals overlap', () => {
    const uptime = computeUptime(
      [
        interval('operational', '2025-03-09T00:00:00Z', '2025-03-10T00:00:00Z'),
        interval('degraded_performance', '2025-03-09T10:00:00Z', '2025-03-09T14:00:00Z'),
        interval('major_outage', '2025-03-09T12:00:00Z', '2025-03-09T13:00:00Z'),
      ],
      { now: NOW, days: 2 },
    );
    const d9 = uptime.days[0]!;
    expect(d9.seconds).toEqual({ degraded_performance: 3 * 3600, major_outage: 3600 });
    expect(d9.worst).toBe('major_outage');
    expect(d9.ratio).toBeCloseTo(1 - 1 / 24, 12);
  });

  it('weights a partial outage at 30%', () => {
    const uptime = computeUptime(
      [
        interval('operational', '2025-03-09T00:00:00Z', '2025-03-09T14:00:00Z'),
        interval('partial_outage', '2025-03-09T14:00:00Z', '2025-03-10T00:00:00Z'),
      ],
      { now: NOW, days: 2 },
    );
    const d9 = uptime.days[0]!;
    expect(d9.seconds).toEqual({ partial_outage: 10 * 3600 });
    expect(d9.ratio).toBeCloseTo(1 - (10 * 0.3) / 24, 12);
    expect(d9.worst).toBe('partial_outage');
  });

  it('counts degraded performance and maintenance as up, but shows them as worst', () => {
    const uptime = computeUptime(
      [
        interval('under_maintenance', '2025-03-09T00:00:00Z', '2025-03-09T06:00:00Z'),
        interval('degraded_performance', '2025-03-09T06:00:00Z', '2025-03-10T00:00:00Z'),
      ],
      { now: NOW, days: 2 },
    );
    const d9 = uptime.days[0]!;
    expect(d9.ratio).toBe(1);
    expect(d9.worst).toBe('degraded_performance');
    expect(d9.seconds).toEqual({ under_maintenance: 6 * 3600, degraded_performance: 18 * 3600 });
  });

  it('has no data before the first interval', () => {
    const uptime = computeUptime([interval('operational', '2025-03-09T06:00:00Z', null)], { now: NOW, days: 4 });
    expect(uptime.days.map((d) => d.ratio)).toEqual([null, null, 1, 1]);
    expect(uptime.days.map((d) => d.worst)).toEqual([null, null, 'operational', 'operational']);
    expect(uptime.days[0]!.seconds).toEqual({});
  });

  it('counts today only up to now, and an open interval lasts until now', () => {
    const uptime = computeUptime(
      [
        interval('operational', '2025-03-10T00:00:00Z', '2025-03-10T09:00:00Z'),
        interval('major_outage', '2025-03-10T09:00:00Z', null),
      ],
      { now: NOW, days: 1 },
    );
    const today = uptime.days[0]!;
    // 12 hours observed so far, 3 of them down.
    expect(today.seconds).toEqual({ major_outage: 3 * 3600 });
    expect(today.ratio).toBeCloseTo(1 - 3 / 12, 12);
  });

  it('ignores time outside the window and after now', () => {
    const uptime = computeUptime(
      [
        interval('major_outage', '2025-01-01T00:00:00Z', '2025-03-09T01:00:00Z'),
        interval('operational', '2025-03-09T01:00:00Z', '2025-03-20T00:00:00Z'),
      ],
      { now: NOW, days: 2 },
    );
    expect(uptime.days[0]!.seconds).toEqual({ major_outage: 3600 });
    expect(uptime.days[1]!.seconds).toEqual({});
    expect(uptime.days[1]!.ratio).toBe(1);
  });

  it('computes the window ratio over observed time only', () => {
    const uptime = computeUptime(
      [
        interval('operational', '2025-03-09T00:00:00Z', '2025-03-09T12:00:00Z'),
        interval('major_outage', '2025-03-09T12:00:00Z', '2025-03-10T00:00:00Z'),
        interval('operational', '2025-03-10T00:00:00Z', null),
      ],
      { now: NOW, days: 5 },
    );
    // 36 hours observed (24 yesterday, 12 today), 12 of them down.
    expect(uptime.ratio).toBeCloseTo(24 / 36, 12);
  });

  it('attaches incidents to every day they overlap, once each', () => {
    const uptime = computeUptime([interval('operational', '2025-03-01T00:00:00Z', null)], {
      now: NOW,
      days: 4,
      incidents: [
        { id: 'i1', title: 'Long one', startedAt: at('2025-03-07T22:00:00Z'), resolvedAt: at('2025-03-09T00:00:00Z') },
        { id: 'i2', title: 'Still open', startedAt: at('2025-03-10T08:00:00Z'), resolvedAt: null },
        { id: 'i3', title: 'Too old', startedAt: at('2025-03-01T00:00:00Z'), resolvedAt: at('2025-03-02T00:00:00Z') },
      ],
    });
    expect(uptime.days.map((d) => d.incidents.map((i) => i.id))).toEqual([['i1'], ['i1'], [], ['i2']]);
    expect(uptime.days[0]!.incidents[0]).toEqual({ id: 'i1', title: 'Long one' });
  });
});

describe('worstStatus', () => {
  it('orders maintenance below degraded performance', () => {
    expect(worstStatus('under_maintenance', 'degraded_performance')).toBe('degraded_performance');
    expect(worstStatus('operational', 'under_maintenance')).toBe('under_maintenance');
    expect(worstStatus('major_outage', 'partial_outage')).toBe('major_outage');
  });
});

describe('formatUptimePercent', () => {
  it('floors to two decimals so that less than perfect never shows 100.00%', () => {
    expect(formatUptimePercent(0.99999)).toBe('99.99%');
    expect(formatUptimePercent(0.9999999999999)).toBe('99.99%');
    expect(formatUptimePercent(1)).toBe('100.00%');
    expect(formatUptimePercent(0.9995)).toBe('99.95%');
    expect(formatUptimePercent(0.57)).toBe('57.00%');
    expect(formatUptimePercent(0)).toBe('0.00%');
  });

  it('says "No data" for null', () => {
    expect(formatUptimePercent(null)).toBe('No data');
  });
});
