import type { ComponentStatus, StatusInterval } from '../domain/types.ts';
import type { ComponentUptime, UptimeDay } from './snapshot.ts';

/** Higher is worse. When intervals overlap, the worst status holds for that instant. */
export const STATUS_SEVERITY: Readonly<Record<ComponentStatus, number>> = Object.freeze({
  operational: 0,
  under_maintenance: 1,
  degraded_performance: 2,
  partial_outage: 3,
  major_outage: 4,
});

const STATUSES_BY_SEVERITY: readonly ComponentStatus[] = (
  Object.keys(STATUS_SEVERITY) as ComponentStatus[]
).sort((a, b) => STATUS_SEVERITY[b] - STATUS_SEVERITY[a]);

export function worstStatus(a: ComponentStatus, b: ComponentStatus): ComponentStatus {
  return STATUS_SEVERITY[b] > STATUS_SEVERITY[a] ? b : a;
}

/**
 * Herald's uptime formula, the one behind every percentage (bars, captions, badges):
 *   uptime = 1 − (major outage time + 0.3 × partial outage time) / observed time
 * over the days that have data. A major outage counts fully as down, a partial outage
 * as 30% down (Statuspage's weighting); degraded performance and maintenance count as
 * up — they still colour the day through `worst`. A window's figure is the time-weighted
 * one (downtime and observed time summed over its days), not an average of percentages.
 */
export const DOWNTIME_WEIGHT: Readonly<Record<ComponentStatus, number>> = {
  operational: 0,
  under_maintenance: 0,
  degraded_performance: 0,
  partial_outage: 0.3,
  major_outage: 1,
};

const DAY_MS = 86_400_000;

export interface UptimeIncident {
  id: string;
  title: string;
  startedAt: Date;
  resolvedAt: Date | null;
}

export interface UptimeOptions {
  now: Date;
  /** How many UTC days to show, today included. */
  days: number;
  incidents?: UptimeIncident[];
}

interface DayTally {
  start: number;
  /** Milliseconds per status, operational included; summed in integers to avoid drift. */
  ms: Record<ComponentStatus, number>;
  worst: ComponentStatus | null;
}

/** Uptime bars for one component: `intervals` should all belong to it. */
export function computeUptime(intervals: StatusInterval[], options: UptimeOptions): ComponentUptime {
  const { days } = options;
  if (!Number.isInteger(days) || days < 1) {
    throw new RangeError(`computeUptime: days must be a positive integer, got ${days}`);
  }
  const now = options.now.getTime();
  const todayStart = Math.floor(now / DAY_MS) * DAY_MS;
  const windowStart = todayStart - (days - 1) * DAY_MS;

  const tallies: DayTally[] = Array.from({ length: days }, (_, i) => ({
    start: windowStart + i * DAY_MS,
    ms: { operational: 0, under_maintenance: 0, degraded_performance: 0, partial_outage: 0, major_outage: 0 },
    worst: null,
  }));

  // Sweep line: +1/-1 per status at each clipped interval edge, plus every midnight so
  // that no segment crosses a day boundary.
  const events: { at: number; status: ComponentStatus; delta: 1 | -1 }[] = [];
  for (const interval of intervals) {
    const start = Math.max(interval.startedAt.getTime(), windowStart);
    const end = Math.min(interval.endedAt?.getTime() ?? now, now);
    if (end <= start) continue;
    events.push({ at: start, status: interval.status, delta: 1 });
    events.push({ at: end, status: interval.status, delta: -1 });
  }
  const breakpoints = new Set<number>(events.map((e) => e.at));
  for (const tally of tallies) breakpoints.add(tally.start);
  const times = [...breakpoints].sort((a, b) => a - b);
  events.sort((a, b) => a.at - b.at);

  const active: Record<ComponentStatus, number> = {
    operational: 0,
    under_maintenance: 0,
    degraded_performance: 0,
    partial_outage: 0,
    major_outage: 0,
  };
  let next = 0;
  for (let i = 0; i < times.length - 1; i++) {
    const from = times[i]!;
    const to = times[i + 1]!;
    while (next < events.length && events[next]!.at === from) {
      const event = events[next]!;
      active[event.status] += event.delta;
      next++;
    }
    const current = STATUSES_BY_SEVERITY.find((status) => active[status] > 0);
    if (current === undefined) continue;
    const tally = tallies[Math.floor((from - windowStart) / DAY_MS)];
    if (tally === undefined) continue;
    tally.ms[current] += to - from;
    tally.worst = tally.worst === null ? current : worstStatus(tally.worst, current);
  }

  const result: UptimeDay[] = tallies.map((tally) => {
    const observedMs = sumValues(tally.ms);
    const seconds: Partial<Record<ComponentStatus, number>> = {};
    for (const status of STATUSES_BY_SEVERITY) {
      if (status !== 'operational' && tally.ms[status] > 0) seconds[status] = tally.ms[status] / 1000;
    }
    const day = {
      date: new Date(tally.start).toISOString().slice(0, 10),
      ratio: null,
      worst: tally.worst,
      seconds,
      observedSeconds: observedMs / 1000,
      incidents: incidentsOnDay(options.incidents ?? [], tally.start, tally.start + DAY_MS, now),
    };
    return { ...day, ratio: observedMs === 0 ? null : windowUptime([day]) };
  });

  return { days: result, ratio: windowUptime(result) };
}

/** Weighted downtime of one day, in seconds (see DOWNTIME_WEIGHT). */
export function downtimeSeconds(day: Pick<UptimeDay, 'seconds'>): number {
  let down = 0;
  for (const status of STATUSES_BY_SEVERITY) down += (day.seconds[status] ?? 0) * DOWNTIME_WEIGHT[status];
  return down;
}

/**
 * Uptime over some days (the last 30, 60 or 90): the one formula, 0..1, or null when
 * none of them has data. A snapshot saved by an older version lacks observedSeconds:
 * a day with data then counts as a whole day.
 */
export function windowUptime(days: readonly Pick<UptimeDay, 'seconds' | 'observedSeconds' | 'ratio'>[]): number | null {
  let observed = 0;
  let down = 0;
  for (const day of days) {
    const seen = day.observedSeconds ?? (day.ratio === null ? 0 : DAY_MS / 1000);
    if (seen <= 0) continue;
    observed += seen;
    down += downtimeSeconds(day);
  }
  return observed === 0 ? null : clamp01(1 - down / observed);
}

/** The last `count` days' uptime (the whole bar when it has fewer). */
export function lastDaysUptime(uptime: ComponentUptime, count: number): number | null {
  return windowUptime(uptime.days.slice(-count));
}

function sumValues(ms: Record<ComponentStatus, number>): number {
  let sum = 0;
  for (const value of Object.values(ms)) sum += value;
  return sum;
}

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}

function incidentsOnDay(
  incidents: UptimeIncident[],
  dayStart: number,
  dayEnd: number,
  now: number,
): { id: string; title: string }[] {
  const seen = new Set<string>();
  const found: { id: string; title: string }[] = [];
  for (const incident of incidents) {
    const start = incident.startedAt.getTime();
    const end = incident.resolvedAt?.getTime() ?? now;
    // Half-open days, so an incident resolved exactly at midnight stays on the earlier
    // day; an instantaneous one still belongs to the day it happened on.
    const overlaps = start === end ? start >= dayStart && start < dayEnd : start < dayEnd && end > dayStart;
    if (!overlaps || seen.has(incident.id)) continue;
    seen.add(incident.id);
    found.push({ id: incident.id, title: incident.title });
  }
  return found;
}

/**
 * "99.95%", floored so that an imperfect ratio never reads as 100.00%; "No data"
 * for null.
 */
export function formatUptimePercent(ratio: number | null): string {
  if (ratio === null || Number.isNaN(ratio)) return 'No data';
  const clamped = clamp01(ratio);
  // The epsilon absorbs float error (0.57 * 10000 is 5699.999…); the cap keeps the floor honest.
  const hundredths = Math.min(Math.floor(clamped * 10_000 + 1e-6), clamped < 1 ? 9_999 : 10_000);
  return `${(hundredths / 100).toFixed(2)}%`;
}
