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

// Worst first, so the day label names the most serious status first.
const LABEL_ORDER: readonly ComponentStatus[] = [
  'major_outage',
  'partial_outage',
  'degraded_performance',
  'under_maintenance',
];

export interface UptimeCell {
  /** Left edge in the bar's viewBox units. */
  x: number;
  cls: string;
  /** "Nov 3, 2026: 99.70% uptime, partial outage 25 min. Elevated error rates" */
  label: string;
  /** The incident page for days with an incident, else null. */
  href: string | null;
}

/** Width of one day and of the gap after it, in viewBox units. */
export const BAR_DAY = 3;
export const BAR_GAP = 2;
export const BAR_HEIGHT = 34;

export function barWidth(days: number): number {
  return days * (BAR_DAY + BAR_GAP) - BAR_GAP;
}

export function uptimeCells(days: UptimeDay[]): UptimeCell[] {
  return days.map((day, i) => {
    let label = `${formatDay(day.date)}: `;
    if (day.ratio === null) {
      label += 'No data';
    } else {
      label += `${formatUptimePercent(day.ratio)} uptime`;
      const outages = LABEL_ORDER.filter((s) => (day.seconds[s] ?? 0) > 0).map(
        (s) => `${describeComponentStatus(s).toLowerCase()} ${formatDuration(day.seconds[s] ?? 0)}`,
      );
      if (outages.length > 0) label += `, ${outages.join(', ')}`;
      else if (day.worst !== null && day.worst !== 'operational') label += `, ${describeComponentStatus(day.worst).toLowerCase()}`;
    }
    if (day.incidents.length > 0) label += `. ${day.incidents.map((inc) => inc.title).join('; ')}`;
    const first = day.incidents[0];
    return {
      x: i * (BAR_DAY + BAR_GAP),
      cls: statusClass(day.worst),
      label,
      href: first ? incidentPath(first.id) : null,
    };
  });
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
