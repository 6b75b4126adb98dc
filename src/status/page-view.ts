import type { ComponentStatus, Impact } from '../domain/types.ts';
import { describeComponentStatus } from './overall-status.ts';
import { monthOf } from './selectors.ts';
import type { Indicator, PageSnapshot, UptimeDay } from './snapshot.ts';
import { formatUptimePercent } from './uptime.ts';
import { incidentPath } from './links.ts';
import { htmlToPlainText } from '../markdown.ts';

/**
 * Pure helpers for the public pages: wording, day and month text and the shape of
 * the uptime bars. Instants are written by components/Time.astro, in the page's
 * configured zone (src/time/wall-clock.ts); public/local-time.js rewrites them to
 * the reader's zone.
 */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const LONG_MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];

const pad = (n: number): string => String(n).padStart(2, '0');

/** "Nov 3, 2026" from a YYYY-MM-DD (UTC) date. */
export function formatDay(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return `${MONTHS[m - 1]} ${d}, ${y}`;
}

/** "Nov 27, 2026, 11:40 UTC": for text that is stored or logged, where the zone must not depend on a setting. */
export function formatUtcDateTime(iso: string): string {
  const t = new Date(iso);
  return `${formatDay(t.toISOString().slice(0, 10))}, ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())} UTC`;
}

/** "November 2026" from YYYY-MM. */
export function formatMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${LONG_MONTHS[m - 1]} ${y}`;
}

/** "25 min", "2 h 24 min", "3 d 4 h"; under a minute reads "< 1 min". */
export function formatDuration(seconds: number): string {
  const minutes = Math.round(seconds / 60);
  if (minutes < 1) return '< 1 min';
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  if (d > 0) return h > 0 ? `${d} d ${h} h` : `${d} d`;
  if (h > 0) return m > 0 ? `${h} h ${m} min` : `${h} h`;
  return `${m} min`;
}

export function durationBetween(startIso: string, endIso: string): string {
  return formatDuration(Math.max(0, (Date.parse(endIso) - Date.parse(startIso)) / 1000));
}

/** Incident impact in words; severity is internal and never shown publicly. */
export function describeImpact(impact: Impact | 'maintenance'): string {
  switch (impact) {
    case 'none':
      return 'No impact';
    case 'minor':
      return 'Minor';
    case 'major':
      return 'Major';
    case 'critical':
      return 'Critical';
    case 'maintenance':
      return 'Maintenance';
  }
}

/** Short CSS class per component status (kept short: the uptime bars repeat it 90 times). */
const STATUS_CLASS: Readonly<Record<ComponentStatus, string>> = {
  operational: 'o',
  degraded_performance: 'd',
  partial_outage: 'p',
  major_outage: 'm',
  under_maintenance: 'u',
};

export function statusClass(status: ComponentStatus | null): string {
  return status === null ? 'n' : STATUS_CLASS[status];
}

/** The banner's tone: maintenance wins only while nothing is broken. */
export function bannerClass(indicator: Indicator, underMaintenance: boolean): string {
  if (indicator === 'none') return underMaintenance ? 'u' : 'o';
  return { minor: 'd', major: 'p', critical: 'm' }[indicator];
}

export function impactClass(impact: Impact | 'maintenance'): string {
  return { none: 'o', minor: 'd', major: 'p', critical: 'm', maintenance: 'u' }[impact];
}

// Worst first, so the day label names the most serious status first (every language).
export const LABEL_ORDER: readonly ComponentStatus[] = [
  'major_outage',
  'partial_outage',
  'degraded_performance',
  'under_maintenance',
];

export interface UptimeCell {
  cls: string;
  /** "Nov 3, 2026" */
  day: string;
  /** "Partial outage", "Operational", "No data": the day's worst status in words. */
  status: string;
  /** "99.70% uptime", or null without data. */
  uptime: string | null;
  /** "Partial outage 25 min", worst first. */
  durations: string[];
  /** "Nov 3, 2026: 99.70% uptime, partial outage 25 min. Elevated error rates" */
  label: string;
  incidents: { title: string; href: string }[];
  /** The incident page of the day's first incident, else null. */
  href: string | null;
  /** Class that hides the day on narrow screens (see UPTIME_WINDOWS), or ''. */
  age: string;
}

/**
 * How many days a bar shows, by viewport width: 30 below 500 px, 60 below 800 px,
 * else 90. public.css hides the older days with media queries at the same widths
 * (a unit test keeps the two in step), so no script is needed.
 */
export const UPTIME_WINDOWS: readonly { days: number; below: number | null; cls: string }[] = [
  { days: 30, below: 500, cls: 'w30' },
  { days: 60, below: 800, cls: 'w60' },
  { days: 90, below: null, cls: 'w90' },
];

/** The number of days a bar shows at a viewport `width` in CSS pixels. */
export function daysShownAt(width: number): number {
  return (UPTIME_WINDOWS.find((w) => w.below !== null && width < w.below) ?? UPTIME_WINDOWS.at(-1)!).days;
}

/**
 * The class of the day `index` (oldest first) of `count`: 'a60' for days hidden below
 * 800 px (older than 60 days), 'a30' for those hidden below 500 px only.
 */
export function dayAgeClass(index: number, count: number): string {
  const age = count - index; // 1 = today
  if (age > 60) return 'a60';
  if (age > 30) return 'a30';
  return '';
}

export function uptimeCells(days: UptimeDay[]): UptimeCell[] {
  return days.map((day, i) => {
    const durations = day.ratio === null
      ? []
      : LABEL_ORDER.filter((s) => (day.seconds[s] ?? 0) > 0).map(
          (s) => `${describeComponentStatus(s)} ${formatDuration(day.seconds[s] ?? 0)}`,
        );
    const uptime = day.ratio === null ? null : `${formatUptimePercent(day.ratio)} uptime`;
    let label = `${formatDay(day.date)}: `;
    if (uptime === null) {
      label += 'No data';
    } else {
      label += uptime;
      if (durations.length > 0) label += `, ${durations.map((d) => d.charAt(0).toLowerCase() + d.slice(1)).join(', ')}`;
      else if (day.worst !== null && day.worst !== 'operational') label += `, ${describeComponentStatus(day.worst).toLowerCase()}`;
    }
    if (day.incidents.length > 0) label += `. ${day.incidents.map((inc) => inc.title).join('; ')}`;
    const status = day.worst === null ? 'No data' : describeComponentStatus(day.worst);
    return uptimeCell(day, i, days.length, { day: formatDay(day.date), status, uptime, durations, label });
  });
}

/** A day's cell from its words (which each language writes): the classes, links and age every language shares. */
export function uptimeCell(
  day: UptimeDay,
  index: number,
  count: number,
  words: Pick<UptimeCell, 'day' | 'status' | 'uptime' | 'durations' | 'label'>,
): UptimeCell {
  const first = day.incidents[0];
  return {
    cls: statusClass(day.worst),
    ...words,
    incidents: day.incidents.map((inc) => ({ title: inc.title, href: incidentPath(inc.id) })),
    href: first ? incidentPath(first.id) : null,
    age: dayAgeClass(index, count),
  };
}

/** A valid `?month=` value: YYYY-MM with a real month. */
export function isMonth(value: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(value);
}

/**
 * The month /history opens on: the current one (UTC, like every public day and
 * month), taken from the snapshot's clock, whether or not it has history yet.
 */
export function defaultHistoryMonth(snapshot: Pick<PageSnapshot, 'builtAt'>): string {
  return monthOf(snapshot.builtAt);
}

/** The nearest months with history on either side of `month` (which may have none). */
export function adjacentHistoryMonths(
  months: string[],
  month: string,
): { older: string | null; newer: string | null } {
  const older = months.filter((m) => m < month).sort().at(-1) ?? null;
  const newer = months.filter((m) => m > month).sort()[0] ?? null;
  return { older, newer };
}

/** Plain-text summary of sanitized update HTML, cut on a word boundary. */
export function summarizeHtml(html: string, max = 200): string {
  const text = htmlToPlainText(html);
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s.,;:]+$/, '')}…`;
}
