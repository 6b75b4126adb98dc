import { formatMinutes } from '../incidents/hub-text.ts';
import type { Summary } from './metrics.ts';

/** The words the page (and the README) defines each figure with. */
export const DEFINITIONS = {
  incidents: 'Declared incidents whose impact started in the period (alerts still in triage and dismissed ones are not counted).',
  mtta: 'MTTA, mean time to acknowledge: from detected (an alert arrived or a person noticed) to acknowledged (a person declared it and took it on).',
  mttm: 'MTTM, mean time to mitigate: from when the impact started to mitigated (the impact stopped: first “monitoring” update or “Mark mitigated”).',
  mttr: 'MTTR, mean time to resolve: from when the impact started to resolved.',
  stats:
    'Each is shown as the median (half the incidents were faster) and the 90th percentile (nine in ten were at least this fast), over the incidents that have both milestones; open incidents and missing milestones are left out of the time, not out of the count.',
  recurrence: 'Two incidents recur when the later one started within 90 days of the earlier one and they share a component and a root-cause tag (from their postmortems).',
  actionItems: 'Opened: created in the period. Done: marked done in the period. Overdue: open or in progress today, past their due date. Time to close: median days from creation to done, over those done in the period.',
  cadence:
    'Update cadence kept: of the time public incidents were open during the period, the share when the last external update (or the declaration) was within the severity’s update target. Severities without a target are left out.',
  postmortems: 'On time: postmortems published (internally or publicly) by their due date, out of those due so far (published late and overdue ones count against).',
} as const;

/** "12 min", "2 h 5 min", or "—" when there is no figure. */
export function formatFigure(minutes: number | null): string {
  return minutes === null ? '—' : formatMinutes(Math.round(minutes));
}

export function describeSummary(summary: Summary): string {
  if (summary.count === 0) return 'no data';
  return `median ${formatFigure(summary.median)}, p90 ${formatFigure(summary.p90)} (${summary.count} incident${summary.count === 1 ? '' : 's'})`;
}

/** "83 %", or "—". */
export function formatShare(share: number | null): string {
  return share === null ? '—' : `${Math.round(share * 100)} %`;
}

/** "2026-11" → "Nov 2026". */
export function monthLabel(key: string): string {
  const [year, month] = key.split('-');
  const names = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return `${names[Number(month) - 1] ?? month} ${year}`;
}

/** Bar lengths for a chart: each value scaled so the largest is `width` (0 for none). */
export function barLengths(values: readonly (number | null)[], width: number): number[] {
  const max = Math.max(0, ...values.map((v) => v ?? 0));
  return values.map((v) => (v === null || max === 0 ? 0 : Math.max(1, (v / max) * width)));
}
