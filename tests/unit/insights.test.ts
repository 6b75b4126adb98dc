import { describe, expect, it } from 'vitest';
import type { InsightActionItem, InsightIncident } from '../../src/domain/insights.ts';
import type { CadenceTargets } from '../../src/domain/types.ts';
import { insightsCsv, INSIGHTS_CSV_HEADER } from '../../src/insights/csv.ts';
import { filterQuery, parseInsightsFilter } from '../../src/insights/filter.ts';
import {
  actionItemFigures,
  buildInsights,
  cadenceKept,
  findRecurrences,
  incidentDurations,
  incidentsPerComponentPerMonth,
  median,
  metricTables,
  monthKey,
  monthsOf,
  percentile,
  periodEnding,
  postmortemFigures,
  summarize,
} from '../../src/insights/metrics.ts';
import type { TimeZone } from '../../src/time/time-zone.ts';

const UTC = 'UTC' as TimeZone;
const NOW = new Date('2026-11-30T12:00:00Z');
const MIN = 60_000;
const DAY = 86_400_000;
const ago = (days: number, minutes = 0): Date => new Date(NOW.getTime() - days * DAY + minutes * MIN);

let next = 0;
function incident(over: Partial<InsightIncident> & { start?: Date } = {}): InsightIncident {
  const start = over.start ?? ago(10);
  const plus = (m: number): Date => new Date(start.getTime() + m * MIN);
  next += 1;
  return {
    id: `i${String(next).padStart(3, '0')}`,
    title: `Incident ${next}`,
    severity: 'SEV2',
    componentIds: ['api'],
    declaredAt: start,
    impactStartedAt: start,
    detectedAt: start,
    acknowledgedAt: plus(5),
    mitigatedAt: plus(30),
    resolvedAt: plus(60),
    externalUpdates: [plus(1)],
    rootCauseTags: [],
    postmortem: null,
    actionItems: { open: 0, done: 0 },
    ...over,
  };
}
const names = new Map([['api', 'API'], ['web', 'Website']]);
const targets: CadenceTargets = { SEV1: 30, SEV2: 60, SEV3: null };

describe('median and p90', () => {
  it('is empty for no values', () => {
    expect(median([])).toBeNull();
    expect(percentile([], 0.9)).toBeNull();
    expect(summarize([])).toEqual({ count: 0, median: null, p90: null });
  });
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
  it('sorts as numbers, not as text, and agrees with a plain sort over many values', () => {
    expect(median([10, 9, 100, 2])).toBe(9.5);
    const values = Array.from({ length: 1001 }, (_, n) => ((n * 7919) % 1009) / 7);
    const sorted = [...values].sort((a, b) => a - b);
    expect(summarize(values)).toEqual({ count: 1001, median: sorted[500], p90: sorted[Math.ceil(0.9 * 1001) - 1] });
    expect(percentile(values, 0.5)).toBe(sorted[500]);
  });
  it('takes the nearest-rank 90th percentile', () => {
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9);
    expect(percentile([7], 0.9)).toBe(7);
    expect(percentile([10, 1], 0.9)).toBe(10);
  });
});

describe('incident durations', () => {
  it('measures MTTA from detected, MTTM and MTTR from impact started', () => {
    // Impact started 2 minutes before anyone noticed; acknowledged 3 minutes after that.
    const i = incident({ start: ago(5), detectedAt: ago(5, 2) });
    expect(incidentDurations(i)).toEqual({ tta: 3, ttm: 30, ttr: 60 });
  });
  it('has no duration for a missing milestone or an open incident', () => {
    const i = incident({ acknowledgedAt: null, mitigatedAt: null, resolvedAt: null });
    expect(incidentDurations(i)).toEqual({ tta: null, ttm: null, ttr: null });
  });
  it('leaves an open incident out of the times but not out of the count', () => {
    const tables = metricTables([incident(), incident({ resolvedAt: null, mitigatedAt: null })], names);
    expect(tables.overall.incidents).toBe(2);
    expect(tables.overall.mttr).toEqual({ count: 1, median: 60, p90: 60 });
    expect(tables.overall.mtta.count).toBe(2);
  });
  it('splits by severity (every severity, even empty) and by component', () => {
    const tables = metricTables(
      [incident({ severity: 'SEV1', componentIds: ['api', 'web'], resolvedAt: ago(10, 120) }), incident({ severity: 'SEV1', componentIds: ['web'] }), incident({ severity: 'SEV3' })],
      names,
    );
    expect(tables.bySeverity.map((r) => [r.key, r.incidents])).toEqual([['SEV1', 2], ['SEV2', 0], ['SEV3', 1]]);
    expect(tables.bySeverity[0]!.mttr).toEqual({ count: 2, median: 90, p90: 120 });
    expect(tables.bySeverity[1]!.mttr).toEqual({ count: 0, median: null, p90: null });
    expect(tables.byComponent.map((r) => [r.label, r.incidents])).toEqual([['API', 2], ['Website', 2]]);
  });
});

describe('the period and the filter', () => {
  it('counts an incident in the period by when its impact started, including one spanning the start edge only if it started inside', () => {
    const inside = incident({ start: ago(89) });
    const before = incident({ start: ago(91), resolvedAt: ago(80) });
    const open = incident({ start: ago(1), resolvedAt: null, mitigatedAt: null });
    const insights = buildInsights({ incidents: [inside, before, open], actionItems: [], targets, componentNames: names, filter: { days: 90, componentId: null, severity: null }, now: NOW, zone: UTC });
    expect(insights.incidents.map((i) => i.id)).toEqual([open.id, inside.id]);
    expect(insights.counts).toEqual({ total: 2, open: 1, bySeverity: { SEV1: 0, SEV2: 2, SEV3: 0 } });
  });
  it('uses the declaration when impact start is missing', () => {
    const i = incident({ start: ago(20), impactStartedAt: null });
    const insights = buildInsights({ incidents: [i], actionItems: [], targets, componentNames: names, filter: { days: 30, componentId: null, severity: null }, now: NOW, zone: UTC });
    expect(insights.counts.total).toBe(1);
    expect(insights.metrics.overall.mttr.count).toBe(0);
  });
  it('is empty for an empty period', () => {
    const insights = buildInsights({ incidents: [], actionItems: [], targets, componentNames: names, filter: { days: 30, componentId: null, severity: null }, now: NOW, zone: UTC });
    expect(insights.counts.total).toBe(0);
    expect(insights.metrics.overall.mtta).toEqual({ count: 0, median: null, p90: null });
    expect(insights.perMonth.rows).toEqual([]);
    expect(insights.cadence.share).toBeNull();
    expect(insights.postmortems.share).toBeNull();
    expect(insights.actionItems).toEqual({ opened: 0, done: 0, overdue: 0, open: 0, medianDaysToClose: null });
  });
  it('filters by component or by severity', () => {
    const a = incident({ componentIds: ['web'], severity: 'SEV1' });
    const b = incident({ componentIds: ['api'], severity: 'SEV2' });
    const run = (componentId: string | null, severity: 'SEV1' | null) =>
      buildInsights({ incidents: [a, b], actionItems: [], targets, componentNames: names, filter: { days: 30, componentId, severity }, now: NOW, zone: UTC }).incidents.map((i) => i.id);
    expect(run('web', null)).toEqual([a.id]);
    expect(run(null, 'SEV1')).toEqual([a.id]);
  });
  it('reads the filter from the query string, with messages for bad values and 90 days by default', () => {
    const ids = new Set(['api']);
    expect(parseInsightsFilter(new URLSearchParams(''), ids)).toEqual({ filter: { days: 90, componentId: null, severity: null }, errors: {} });
    expect(parseInsightsFilter(new URLSearchParams('days=365&component=api'), ids).filter).toEqual({ days: 365, componentId: 'api', severity: null });
    const bad = parseInsightsFilter(new URLSearchParams('days=7&component=nope&severity=SEV9'), ids);
    expect(bad.filter).toEqual({ days: 90, componentId: null, severity: null });
    expect(Object.keys(bad.errors).sort()).toEqual(['component', 'days', 'severity']);
    const both = parseInsightsFilter(new URLSearchParams('component=api&severity=SEV1'), ids);
    expect(both.filter).toEqual({ days: 90, componentId: 'api', severity: null });
    expect(both.errors['severity']).toContain('not both');
    expect(filterQuery({ days: 30, componentId: null, severity: 'SEV2' })).toBe('days=30&severity=SEV2');
  });
  it('makes the period the days up to now', () => {
    expect(periodEnding(NOW, 30)).toEqual({ start: new Date('2026-10-31T12:00:00Z'), end: NOW });
  });
});

describe('incidents per component per month', () => {
  it('buckets by the month the impact started in the reader’s zone (month ends move with the zone)', () => {
    // 2026-10-31 23:30 UTC is already November in Berlin (UTC+1 after the DST change).
    const i = incident({ start: new Date('2026-10-31T23:30:00Z') });
    const period = { start: new Date('2026-09-15T00:00:00Z'), end: NOW };
    expect(monthKey(i.impactStartedAt!, UTC)).toBe('2026-10');
    expect(monthKey(i.impactStartedAt!, 'Europe/Berlin' as TimeZone)).toBe('2026-11');
    expect(monthKey(i.impactStartedAt!, 'America/Los_Angeles' as TimeZone)).toBe('2026-10');
    const utc = incidentsPerComponentPerMonth([i], period, UTC, names);
    expect(utc.months).toEqual(['2026-09', '2026-10', '2026-11']);
    expect(utc.rows).toEqual([{ componentId: 'api', name: 'API', counts: [0, 1, 0], total: 1 }]);
    expect(incidentsPerComponentPerMonth([i], period, 'Europe/Berlin' as TimeZone, names).rows[0]!.counts).toEqual([0, 0, 1]);
  });
  it('lists every month of a year-long period, across the year end, and counts an incident once per component', () => {
    const months = monthsOf({ start: new Date('2025-11-30T12:00:00Z'), end: NOW }, UTC);
    expect(months).toHaveLength(13);
    expect(months[0]).toBe('2025-11');
    expect(months.at(-1)).toBe('2026-11');
    const data = incidentsPerComponentPerMonth([incident({ componentIds: ['api', 'web'] })], { start: ago(30), end: NOW }, UTC, names);
    expect(data.rows.map((r) => r.total)).toEqual([1, 1]);
  });
});

describe('recurrence', () => {
  it('pairs incidents within 90 days that share a component and a root-cause tag', () => {
    const first = incident({ start: ago(100), rootCauseTags: ['deploy'], componentIds: ['api'] });
    const second = incident({ start: ago(20), rootCauseTags: ['deploy', 'capacity'], componentIds: ['api', 'web'] });
    const otherTag = incident({ start: ago(15), rootCauseTags: ['hardware'], componentIds: ['api'] });
    const otherComponent = incident({ start: ago(10), rootCauseTags: ['deploy'], componentIds: ['web'] });
    const tooLate = incident({ start: ago(200), rootCauseTags: ['deploy'], componentIds: ['api'] });
    const pairs = findRecurrences([second, otherTag, otherComponent], [first, second, otherTag, otherComponent, tooLate]);
    expect(pairs.map((p) => [p.incident.id, p.earlier.id, p.componentIds, p.tags])).toEqual([
      [otherComponent.id, second.id, ['web'], ['deploy']],
      [second.id, first.id, ['api'], ['deploy']],
    ]);
  });
  it('lists a recurring incident once, with the latest earlier incident it repeats', () => {
    const a = incident({ start: ago(60), rootCauseTags: ['capacity'], componentIds: ['api'] });
    const b = incident({ start: ago(40), rootCauseTags: ['capacity'], componentIds: ['web', 'api'] });
    const c = incident({ start: ago(5), rootCauseTags: ['capacity'], componentIds: ['api', 'web'] });
    const pairs = findRecurrences([a, b, c], [a, b, c]);
    expect(pairs.map((p) => [p.incident.id, p.earlier.id])).toEqual([
      [c.id, b.id],
      [b.id, a.id],
    ]);
    expect(pairs[0]!.componentIds.sort()).toEqual(['api', 'web']);
  });
  it('finds nothing without root-cause tags', () => {
    expect(findRecurrences([incident(), incident()], [incident(), incident()])).toEqual([]);
  });
  it('pairs an incident with one that started at the same instant only when that one comes first by id, and never with a later one', () => {
    const at = ago(30);
    const earlierId = incident({ start: at, rootCauseTags: ['deploy'], componentIds: ['api'] });
    const later = incident({ start: ago(29), rootCauseTags: ['deploy'], componentIds: ['api'] });
    const sameInstant = incident({ start: at, rootCauseTags: ['deploy'], componentIds: ['api'] });
    const all = [earlierId, later, sameInstant];
    const pairs = findRecurrences(all, all);
    expect(pairs.map((p) => [p.incident.id, p.earlier.id])).toEqual([
      [later.id, sameInstant.id],
      [sameInstant.id, earlierId.id],
    ]);
  });
  it('finds the same pairs as the definition checked pair by pair, over many incidents', () => {
    // A deterministic spread of incidents over 300 days: few tags and components, so many pairs, ties included.
    const tags = ['deploy', 'capacity', 'dependency'];
    const components = ['api', 'web', 'db', 'queue'];
    const many = Array.from({ length: 400 }, (_, n) =>
      incident({
        start: ago(300 - ((n * 37) % 300), (n * 13) % 3),
        rootCauseTags: n % 3 === 0 ? [] : [tags[n % tags.length]!, ...(n % 7 === 0 ? [tags[(n + 1) % tags.length]!] : [])],
        componentIds: [components[n % components.length]!, ...(n % 5 === 0 ? [components[(n + 2) % components.length]!] : [])],
      }),
    );
    const inPeriod = many.filter((i) => i.declaredAt.getTime() >= ago(120).getTime());
    const at = (i: InsightIncident): number => i.declaredAt.getTime();
    // The definition: of the earlier incidents (by instant, then id) within 90 days sharing a component and a tag, the latest.
    const expected = inPeriod
      .flatMap((i) => {
        const earlier = many
          .filter((o) => (at(o) < at(i) || (at(o) === at(i) && o.id < i.id)) && at(i) - at(o) <= 90 * DAY)
          .filter((o) => o.componentIds.some((c) => i.componentIds.includes(c)) && o.rootCauseTags.some((t) => i.rootCauseTags.includes(t)));
        if (earlier.length === 0) return [];
        const latest = Math.max(...earlier.map(at));
        return [{ incident: i.id, at: at(i), latestAt: latest }];
      })
      .sort((a, b) => b.at - a.at || a.incident.localeCompare(b.incident));
    const found = findRecurrences(inPeriod, many);
    expect(found.length).toBeGreaterThan(50);
    expect(found.map((r) => ({ incident: r.incident.id, at: r.incident.at.getTime(), latestAt: r.earlier.at.getTime() }))).toEqual(expected);
  });
});

describe('action items', () => {
  const item = (over: Partial<InsightActionItem>): InsightActionItem => ({ status: 'open', createdAt: ago(5), closedAt: null, dueOn: null, severity: 'SEV2', componentIds: ['api'], ...over });
  it('counts opened and done in the period, overdue and open now, and the median days to close', () => {
    const period = periodEnding(NOW, 30);
    const figures = actionItemFigures(
      [
        item({ dueOn: '2026-11-29' }),
        item({ status: 'in_progress', dueOn: '2026-11-30' }),
        item({ status: 'done', createdAt: ago(10), closedAt: ago(8) }),
        item({ status: 'done', createdAt: ago(40), closedAt: ago(29) }),
        item({ status: 'done', createdAt: ago(45), closedAt: ago(36) }),
        item({ status: 'done', createdAt: ago(60), closedAt: ago(50) }),
        item({ status: 'wont_do', createdAt: ago(3), closedAt: ago(2), dueOn: '2026-01-01' }),
      ],
      period,
      NOW,
      UTC,
    );
    expect(figures).toEqual({ opened: 4, done: 2, overdue: 1, open: 2, medianDaysToClose: 6.5 });
  });
  it('decides overdue by today’s date in the zone', () => {
    // 2026-11-30 12:00 UTC is still 29 November in Honolulu (UTC−10) but 1 December in Kiritimati (UTC+14).
    const due = [item({ dueOn: '2026-11-30' })];
    expect(actionItemFigures(due, periodEnding(NOW, 30), NOW, 'Pacific/Kiritimati' as TimeZone).overdue).toBe(1);
    expect(actionItemFigures(due, periodEnding(NOW, 30), NOW, 'Pacific/Honolulu' as TimeZone).overdue).toBe(0);
  });
});

describe('update cadence kept', () => {
  const period = periodEnding(NOW, 30);
  it('counts, in each gap between updates, the first target minutes as kept', () => {
    // SEV2 target 60 min; declared, updates at +30 and +150, resolved at +180.
    const i = incident({ start: ago(5), externalUpdates: [ago(5, 30), ago(5, 150)], resolvedAt: ago(5, 180) });
    // gaps 30 (kept 30), 120 (kept 60), 30 (kept 30) → 120 of 180
    expect(cadenceKept([i], targets, period, NOW)).toEqual({ openMinutes: 180, keptMinutes: 120, share: 120 / 180 });
  });
  it('runs an open incident until now and counts only time inside the period', () => {
    const open = incident({ start: new Date(NOW.getTime() - 30 * MIN), resolvedAt: null, externalUpdates: [new Date(NOW.getTime() - 30 * MIN)] });
    expect(cadenceKept([open], targets, period, NOW)).toEqual({ openMinutes: 30, keptMinutes: 30, share: 1 });
    // Started 31 days ago with one update then, resolved 30 days ago minus 60 min: 60 min inside the period, none kept (past the 60 min target).
    const edge = incident({ start: ago(31), externalUpdates: [ago(31)], resolvedAt: ago(30, 60) });
    expect(cadenceKept([edge], targets, period, NOW)).toEqual({ openMinutes: 60, keptMinutes: 0, share: 0 });
  });
  it('leaves out severities without a target and incidents never public', () => {
    expect(cadenceKept([incident({ severity: 'SEV3' }), incident({ externalUpdates: [] })], targets, period, NOW).share).toBeNull();
  });
});

describe('postmortems on time', () => {
  it('compares publication with the due date; unpublished ones are overdue once due', () => {
    const pm = (dueAt: Date | null, publishedAt: Date | null) => incident({ postmortem: { state: publishedAt ? 'published_internal' : 'draft', dueAt, publishedAt } });
    const figures = postmortemFigures([pm(ago(5), ago(6)), pm(ago(5), ago(4)), pm(ago(1), null), pm(ago(-3), null), pm(null, null), incident()], NOW);
    expect(figures).toEqual({ due: 4, onTime: 1, late: 1, overdue: 1, pending: 1, share: 1 / 3 });
  });
});

describe('the CSV export', () => {
  it('has a header line and one row per incident with milestones, durations in minutes, tags and counts', () => {
    const i = incident({ id: 'inc1', title: 'Checkout down, again', componentIds: ['web', 'api'], start: new Date('2026-11-20T10:00:00Z'), rootCauseTags: ['deploy', 'configuration'], postmortem: { state: 'published_public', dueAt: null, publishedAt: null }, actionItems: { open: 2, done: 1 } });
    const lines = insightsCsv([i, incident({ id: 'inc2', resolvedAt: null, impactStartedAt: null })], names).trim().split('\r\n');
    expect(lines[0]).toBe(INSIGHTS_CSV_HEADER.join(','));
    expect(lines[0]).toBe('id,title,severity,components,impact_started_at,detected_at,acknowledged_at,mitigated_at,resolved_at,minutes_to_acknowledge,minutes_to_mitigate,minutes_to_resolve,root_cause_tags,postmortem_state,action_items_open,action_items_done');
    expect(lines[1]).toBe('inc1,"Checkout down, again",SEV2,API; Website,2026-11-20T10:00:00.000Z,2026-11-20T10:00:00.000Z,2026-11-20T10:05:00.000Z,2026-11-20T10:30:00.000Z,2026-11-20T11:00:00.000Z,5,30,60,deploy; configuration,published_public,2,1');
    expect(lines[2]).toMatch(/^inc2,Incident \d+,SEV2,API,,.*,,5,,,,none,0,0$/);
  });
});
