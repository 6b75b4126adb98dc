import { Temporal } from 'temporal-polyfill';
import { SEVERITIES, type CadenceTargets, type Severity } from '../domain/types.ts';
import type { TimeZone } from '../time/time-zone.ts';
import type { InsightActionItem, InsightIncident, InsightsFilter, Period } from '../domain/insights.ts';

/*
 * Every figure of /admin/insights, computed from milestones by pure functions
 * (db/queries/insights.ts only loads rows). Definitions, as the page says them:
 * - An incident belongs to the period when its impact started in it (its
 *   declaration time when impact start is missing). Triage incidents that nobody
 *   declared and dismissed ones are not incidents here (the loader leaves them out).
 * - MTTA: acknowledged − detected. MTTM: mitigated − impact started. MTTR:
 *   resolved − impact started. Each is a median and a 90th percentile (nearest
 *   rank) over the incidents that have both milestones; an open incident or one
 *   missing a milestone is counted but has no duration.
 */

const MINUTE = 60_000;
const DAY = 86_400_000;

/** The period's instants: the `days` days up to now. */
export function periodEnding(now: Date, days: number): Period {
  return { start: new Date(now.getTime() - days * DAY), end: now };
}

/** When an incident's impact started, or when it was declared when nobody knows. */
export function impactStart(incident: Pick<InsightIncident, 'impactStartedAt' | 'declaredAt'>): Date {
  return incident.impactStartedAt ?? incident.declaredAt;
}

export function inPeriod(incident: InsightIncident, period: Period): boolean {
  const at = impactStart(incident).getTime();
  return at >= period.start.getTime() && at < period.end.getTime();
}

export function matchesFilter(incident: Pick<InsightIncident, 'severity' | 'componentIds'>, filter: Pick<InsightsFilter, 'componentId' | 'severity'>): boolean {
  if (filter.severity !== null && incident.severity !== filter.severity) return false;
  if (filter.componentId !== null && !incident.componentIds.includes(filter.componentId)) return false;
  return true;
}

const minutes = (from: Date | null, to: Date | null): number | null => {
  if (from === null || to === null) return null;
  const ms = to.getTime() - from.getTime();
  return ms < 0 ? null : ms / MINUTE;
};

export interface IncidentDurations {
  /** acknowledged − detected */
  tta: number | null;
  /** mitigated − impact started */
  ttm: number | null;
  /** resolved − impact started */
  ttr: number | null;
}

/** One incident's durations in minutes; null where a milestone is missing (or out of order). */
export function incidentDurations(incident: InsightIncident): IncidentDurations {
  return {
    tta: minutes(incident.detectedAt, incident.acknowledgedAt),
    ttm: minutes(incident.impactStartedAt, incident.mitigatedAt),
    ttr: minutes(incident.impactStartedAt, incident.resolvedAt),
  };
}

/** Nearest-rank percentile (p in 0..1) of values; null when there are none. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = sortedCopy(values);
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[rank - 1]!;
}

/** The median: the middle value, or the mean of the two middle ones; null when there are none. */
export function median(values: readonly number[]): number | null {
  return medianOfSorted(sortedCopy(values));
}

/**
 * The values in ascending order, as a typed array: its sort compares numbers natively,
 * several times faster than Array#sort with a comparator, and allocates no boxed numbers
 * (the page sorts dozens of lists of up to 10,000 durations).
 */
function sortedCopy(values: readonly number[]): Float64Array {
  return new Float64Array(values).sort();
}

export interface Summary {
  /** How many values the figure is computed from. */
  count: number;
  median: number | null;
  p90: number | null;
}

export function summarize(values: readonly number[]): Summary {
  // One sort for both figures (the page computes dozens of these over thousands of incidents).
  const sorted = sortedCopy(values);
  return { count: sorted.length, median: medianOfSorted(sorted), p90: sorted.length === 0 ? null : sorted[Math.max(1, Math.ceil(0.9 * sorted.length)) - 1]! };
}

function medianOfSorted(sorted: Float64Array): number | null {
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface MetricRow {
  key: string;
  label: string;
  incidents: number;
  mtta: Summary;
  mttm: Summary;
  mttr: Summary;
}

/** The durations of a group of incidents, each list holding the incidents that have that one. */
interface DurationLists {
  incidents: number;
  tta: number[];
  ttm: number[];
  ttr: number[];
}

const emptyLists = (): DurationLists => ({ incidents: 0, tta: [], ttm: [], ttr: [] });

function addDurations(lists: DurationLists, d: IncidentDurations): void {
  lists.incidents += 1;
  if (d.tta !== null) lists.tta.push(d.tta);
  if (d.ttm !== null) lists.ttm.push(d.ttm);
  if (d.ttr !== null) lists.ttr.push(d.ttr);
}

function metricRow(key: string, label: string, lists: DurationLists): MetricRow {
  return { key, label, incidents: lists.incidents, mtta: summarize(lists.tta), mttm: summarize(lists.ttm), mttr: summarize(lists.ttr) };
}

/** MTTA, MTTM and MTTR over all the incidents, then per severity, then per component (those with incidents, by name). */
export function metricTables(
  incidents: readonly InsightIncident[],
  componentNames: ReadonlyMap<string, string>,
): { overall: MetricRow; bySeverity: MetricRow[]; byComponent: MetricRow[] } {
  // One pass: each incident's durations computed once and added to its groups' lists.
  const all = emptyLists();
  const severities = new Map<Severity, DurationLists>(SEVERITIES.map((s) => [s, emptyLists()]));
  const components = new Map<string, DurationLists>();
  for (const incident of incidents) {
    const d = incidentDurations(incident);
    addDurations(all, d);
    addDurations(severities.get(incident.severity)!, d);
    for (const id of incident.componentIds) {
      let lists = components.get(id);
      if (!lists) components.set(id, (lists = emptyLists()));
      addDurations(lists, d);
    }
  }
  const bySeverity = SEVERITIES.map((s) => metricRow(s, s, severities.get(s)!));
  const byComponent = [...components.entries()]
    .map(([id, lists]) => metricRow(id, componentNames.get(id) ?? 'Deleted component', lists))
    .sort((a, b) => b.incidents - a.incidents || a.label.localeCompare(b.label));
  return { overall: metricRow('all', 'All incidents', all), bySeverity, byComponent };
}

/** "2026-11" in `zone`. */
export function monthKey(date: Date, zone: TimeZone): string {
  const t = Temporal.Instant.fromEpochMilliseconds(date.getTime()).toZonedDateTimeISO(zone);
  return `${String(t.year).padStart(4, '0')}-${String(t.month).padStart(2, '0')}`;
}

/** Every month from the period's start to its end, in `zone`, oldest first, with the instant each begins. */
function monthStarts(period: Period, zone: TimeZone): { key: string; start: number }[] {
  const first = Temporal.Instant.fromEpochMilliseconds(period.start.getTime()).toZonedDateTimeISO(zone).toPlainDate().toPlainYearMonth();
  const last = Temporal.Instant.fromEpochMilliseconds(Math.max(period.start.getTime(), period.end.getTime() - 1)).toZonedDateTimeISO(zone).toPlainDate().toPlainYearMonth();
  const months: { key: string; start: number }[] = [];
  for (let m = first; Temporal.PlainYearMonth.compare(m, last) <= 0; m = m.add({ months: 1 })) {
    months.push({ key: m.toString(), start: m.toPlainDate({ day: 1 }).toZonedDateTime({ timeZone: zone }).epochMilliseconds });
  }
  return months;
}

export function monthsOf(period: Period, zone: TimeZone): string[] {
  return monthStarts(period, zone).map((m) => m.key);
}

export interface ComponentMonths {
  months: string[];
  rows: { componentId: string; name: string; counts: number[]; total: number }[];
}

/** Incidents per component per month (the month the impact started, in `zone`); an incident counts once for each of its components. */
export function incidentsPerComponentPerMonth(
  incidents: readonly InsightIncident[],
  period: Period,
  zone: TimeZone,
  componentNames: ReadonlyMap<string, string>,
): ComponentMonths {
  // Month boundaries are found once (Temporal is slow per call); each incident is then placed by its instant.
  const starts = monthStarts(period, zone);
  const months = starts.map((m) => m.key);
  const counts = new Map<string, number[]>();
  for (const incident of incidents) {
    const at = impactStart(incident).getTime();
    let column = -1;
    for (let j = starts.length - 1; j >= 0; j--) {
      if (at >= starts[j]!.start) {
        column = j;
        break;
      }
    }
    if (column < 0) continue;
    for (const componentId of incident.componentIds) {
      const row = counts.get(componentId) ?? months.map(() => 0);
      row[column]! += 1;
      counts.set(componentId, row);
    }
  }
  const rows = [...counts.entries()]
    .map(([componentId, row]) => ({ componentId, name: componentNames.get(componentId) ?? 'Deleted component', counts: row, total: row.reduce((a, b) => a + b, 0) }))
    .sort((a, b) => b.total - a.total || a.name.localeCompare(b.name));
  return { months, rows };
}

export const RECURRENCE_DAYS = 90;

export interface Recurrence {
  incident: { id: string; title: string; at: Date };
  earlier: { id: string; title: string; at: Date };
  componentIds: string[];
  tags: string[];
}

/**
 * Recurrences: an incident of the period whose impact started within 90 days after
 * an earlier incident's, sharing at least one component AND one root-cause tag
 * (from their postmortems). `candidates` holds the earlier ones too (the loader
 * reaches 90 days before the period). Each recurring incident once, with the
 * latest earlier incident it repeats; newest first.
 */
export function findRecurrences(incidents: readonly InsightIncident[], candidates: readonly InsightIncident[]): Recurrence[] {
  // Tagged candidates per component, newest first (each with its instant, read once), so
  // the search starts at the incident's instant (binary search) and stops at the first
  // match and at 90 days.
  type Candidate = { at: number; incident: InsightIncident };
  const byComponent = new Map<string, Candidate[]>();
  for (const c of candidates) {
    if (c.rootCauseTags.length === 0) continue;
    const entry = { at: impactStart(c).getTime(), incident: c };
    for (const id of c.componentIds) {
      const list = byComponent.get(id);
      if (list) list.push(entry);
      else byComponent.set(id, [entry]);
    }
  }
  for (const list of byComponent.values()) list.sort((a, b) => b.at - a.at || b.incident.id.localeCompare(a.incident.id));
  const found: Recurrence[] = [];
  for (const incident of incidents) {
    if (incident.rootCauseTags.length === 0) continue;
    const at = impactStart(incident).getTime();
    let best: Candidate | null = null;
    for (const componentId of incident.componentIds) {
      const list = byComponent.get(componentId);
      if (!list) continue;
      // The first candidate not later than the incident (the later ones can't be earlier incidents).
      let lo = 0;
      let hi = list.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (list[mid]!.at > at) lo = mid + 1;
        else hi = mid;
      }
      for (let k = lo; k < list.length; k++) {
        const other = list[k]!;
        if (other.at === at && other.incident.id >= incident.id) continue;
        if (at - other.at > RECURRENCE_DAYS * DAY) break;
        if (best !== null && other.at <= best.at) break;
        if (other.incident.rootCauseTags.some((t) => incident.rootCauseTags.includes(t))) {
          best = other;
          break;
        }
      }
    }
    if (best === null) continue;
    const earlier = best.incident;
    found.push({
      incident: { id: incident.id, title: incident.title, at: impactStart(incident) },
      earlier: { id: earlier.id, title: earlier.title, at: impactStart(earlier) },
      componentIds: incident.componentIds.filter((id) => earlier.componentIds.includes(id)),
      tags: incident.rootCauseTags.filter((t) => earlier.rootCauseTags.includes(t)),
    });
  }
  return found.sort((a, b) => b.incident.at.getTime() - a.incident.at.getTime() || a.incident.id.localeCompare(b.incident.id));
}

export interface ActionItemFigures {
  /** Created in the period. */
  opened: number;
  /** Marked done in the period. */
  done: number;
  /** Open or in progress now, past their due date (in `zone`'s today). */
  overdue: number;
  /** Still open or in progress now. */
  open: number;
  /** Median days from creation to done, over the items done in the period. */
  medianDaysToClose: number | null;
}

/** Today's date ('YYYY-MM-DD') in `zone`. */
export function dateIn(date: Date, zone: TimeZone): string {
  return Temporal.Instant.fromEpochMilliseconds(date.getTime()).toZonedDateTimeISO(zone).toPlainDate().toString();
}

export function actionItemFigures(items: readonly InsightActionItem[], period: Period, now: Date, zone: TimeZone): ActionItemFigures {
  const within = (date: Date | null): boolean => date !== null && date.getTime() >= period.start.getTime() && date.getTime() < period.end.getTime();
  const today = dateIn(now, zone);
  const openNow = items.filter((i) => i.status === 'open' || i.status === 'in_progress');
  const done = items.filter((i) => i.status === 'done' && within(i.closedAt));
  return {
    opened: items.filter((i) => within(i.createdAt)).length,
    done: done.length,
    open: openNow.length,
    overdue: openNow.filter((i) => i.dueOn !== null && i.dueOn < today).length,
    medianDaysToClose: median(done.map((i) => (i.closedAt!.getTime() - i.createdAt.getTime()) / DAY)),
  };
}

export interface CadenceFigure {
  /** Open time of public incidents with a cadence target, within the period, in minutes. */
  openMinutes: number;
  /** The part of it when the last external update was within the target. */
  keptMinutes: number;
  /** keptMinutes / openMinutes, or null without any such time. */
  share: number | null;
}

/**
 * Update cadence kept. For each incident that became public and whose severity has a
 * target, the time from its declaration to its resolution (or now) is cut into the
 * gaps between its external updates; within each gap the first `target` minutes are
 * "kept" (the last update is recent enough) and the rest is not. The declaration
 * starts the clock, like the hub's cadence (src/incidents/cadence.ts). Only time
 * inside the period counts, so incidents across its edges count for their part.
 */
export function cadenceKept(incidents: readonly InsightIncident[], targets: CadenceTargets, period: Period, now: Date): CadenceFigure {
  let open = 0;
  let kept = 0;
  const from = period.start.getTime();
  const until = Math.min(period.end.getTime(), now.getTime());
  const overlap = (a: number, b: number): number => Math.max(0, Math.min(b, until) - Math.max(a, from));
  for (const incident of incidents) {
    const target = targets[incident.severity];
    if (target === null || incident.externalUpdates.length === 0) continue;
    const start = incident.declaredAt.getTime();
    const end = Math.min(incident.resolvedAt?.getTime() ?? now.getTime(), now.getTime());
    if (end <= start) continue;
    const anchors = [start, ...incident.externalUpdates.map((d) => d.getTime()).filter((t) => t > start && t < end), end];
    for (let i = 0; i + 1 < anchors.length; i++) {
      const a = anchors[i]!;
      const b = anchors[i + 1]!;
      open += overlap(a, b);
      kept += overlap(a, Math.min(b, a + target * MINUTE));
    }
  }
  return { openMinutes: open / MINUTE, keptMinutes: kept / MINUTE, share: open > 0 ? kept / open : null };
}

export interface PostmortemFigures {
  /** Incidents of the period whose postmortem has a due date. */
  due: number;
  /** Published (internally or publicly) by the due date. */
  onTime: number;
  /** Published after it. */
  late: number;
  /** Not published and past due now. */
  overdue: number;
  /** Not published, not due yet. */
  pending: number;
  /** onTime / (onTime + late + overdue), or null when none was due yet. */
  share: number | null;
}

export function postmortemFigures(incidents: readonly InsightIncident[], now: Date): PostmortemFigures {
  const figures = { due: 0, onTime: 0, late: 0, overdue: 0, pending: 0 };
  for (const { postmortem } of incidents) {
    if (postmortem === null || postmortem.dueAt === null) continue;
    figures.due += 1;
    const due = postmortem.dueAt.getTime();
    if (postmortem.publishedAt !== null) {
      if (postmortem.publishedAt.getTime() <= due) figures.onTime += 1;
      else figures.late += 1;
    } else if (now.getTime() > due) figures.overdue += 1;
    else figures.pending += 1;
  }
  const decided = figures.onTime + figures.late + figures.overdue;
  return { ...figures, share: decided > 0 ? figures.onTime / decided : null };
}

export interface Insights {
  filter: InsightsFilter;
  period: Period;
  zone: TimeZone;
  incidents: InsightIncident[];
  counts: { total: number; open: number; bySeverity: Record<Severity, number> };
  metrics: ReturnType<typeof metricTables>;
  perMonth: ComponentMonths;
  recurrences: Recurrence[];
  actionItems: ActionItemFigures;
  cadence: CadenceFigure;
  postmortems: PostmortemFigures;
}

/** Every figure of the page from what the loader read. */
export function buildInsights(input: {
  incidents: readonly InsightIncident[];
  actionItems: readonly InsightActionItem[];
  targets: CadenceTargets;
  componentNames: ReadonlyMap<string, string>;
  filter: InsightsFilter;
  now: Date;
  zone: TimeZone;
}): Insights {
  const { filter, now, zone, componentNames } = input;
  const period = periodEnding(now, filter.days);
  const matching = input.incidents.filter((i) => matchesFilter(i, filter));
  // Newest first; each incident's instant read once (10,000 incidents sort in a blink that way).
  const incidents = matching
    .filter((i) => inPeriod(i, period))
    .map((i) => ({ i, at: impactStart(i).getTime() }))
    .sort((a, b) => b.at - a.at || (a.i.id < b.i.id ? -1 : a.i.id > b.i.id ? 1 : 0))
    .map(({ i }) => i);
  const bySeverity = { SEV1: 0, SEV2: 0, SEV3: 0 } as Record<Severity, number>;
  for (const i of incidents) bySeverity[i.severity] += 1;
  return {
    filter,
    period,
    zone,
    incidents,
    counts: { total: incidents.length, open: incidents.filter((i) => i.resolvedAt === null).length, bySeverity },
    metrics: metricTables(incidents, componentNames),
    perMonth: incidentsPerComponentPerMonth(incidents, period, zone, componentNames),
    recurrences: findRecurrences(incidents, matching),
    actionItems: actionItemFigures(input.actionItems.filter((i) => matchesFilter(i, filter)), period, now, zone),
    // Cadence counts every matching incident open during the period, also those declared before it.
    cadence: cadenceKept(matching, input.targets, period, now),
    postmortems: postmortemFigures(incidents, now),
  };
}
