import { sql } from 'kysely';
import type { ActionItemStatus, PostmortemState } from '../../src/domain/learning.ts';
import type { Severity } from '../../src/domain/types.ts';
import type { InsightActionItem, InsightIncident, InsightsFilter, Period } from '../../src/domain/insights.ts';
import type { Db } from '../client.ts';

/*
 * The rows /admin/insights computes from (src/insights/metrics.ts), in two queries:
 * the figures are medians, percentiles and interval overlaps, simpler and easier to
 * test in one pass in TypeScript than in SQL; SQL only picks the rows and gathers
 * each incident's components, external update times, postmortem and action-item
 * counts (one round trip each). SQL also applies the page's component or severity
 * filter, so a filtered page reads only its rows (the figures apply the same filter
 * again: matchesFilter, so they never depend on it).
 */

const DAY = 86_400_000;

/**
 * An instant as epoch milliseconds in numeric text ("1763639553600.000000"): 10,000 rows
 * of eight instants parse markedly faster as numbers than as timestamptz text, and
 * Number() on the exact decimal gives the same double as a ::float8 cast (both round
 * correctly) without the cast's work on the server or parseFloat's on the client.
 */
const epochMs = (column: string) => sql<string | null>`extract(epoch from ${sql.ref(column)}) * 1000`;
const toDate = (ms: string | null): Date | null => (ms === null ? null : new Date(Number(ms)));

/**
 * Declared incidents (not triage, not dismissed) that matter for a period: those
 * whose impact started in it, those still open during it (the update cadence
 * counts their time), and tagged ones whose impact started in the 90 days before
 * it (recurrence looks back), of the filter's component or severity. Their
 * components, external update times and action item counts are aggregated once per
 * table (not per row) and joined. External update times are read only for the
 * severities in `updatesFor` (those with a cadence target: the update cadence is the
 * only figure that reads them, and the largest part of the work); the others get none.
 */
export async function listInsightIncidents(
  db: Db,
  period: Period,
  lookbackDays: number,
  filter: Pick<InsightsFilter, 'componentId' | 'severity'>,
  updatesFor: readonly Severity[],
): Promise<InsightIncident[]> {
  const from = new Date(period.start.getTime() - lookbackDays * DAY);
  const { componentId, severity } = filter;
  const rows = await db
    .with('sel', (qb) =>
      qb
        .selectFrom('incidents as i')
        .leftJoin('postmortems as p', 'p.incident_id', 'i.id')
        .select([
          'i.id',
          'i.title',
          'i.severity',
          epochMs('i.started_at').as('started_ms'),
          epochMs('i.impact_started_at').as('impact_started_ms'),
          epochMs('i.detected_at').as('detected_ms'),
          epochMs('i.acknowledged_at').as('acknowledged_ms'),
          epochMs('i.mitigated_at').as('mitigated_ms'),
          epochMs('i.resolved_at').as('resolved_ms'),
          'p.state as postmortem_state',
          epochMs('p.due_at').as('postmortem_due_ms'),
          epochMs('p.published_at').as('postmortem_published_ms'),
          'p.root_cause_tags',
        ])
        .where('i.state', '=', 'active')
        .$if(severity !== null, (qb) => qb.where('i.severity', '=', severity!))
        .$if(componentId !== null, (qb) =>
          qb.where(({ exists, selectFrom }) =>
            exists(selectFrom('incident_components as fc').select('fc.incident_id').whereRef('fc.incident_id', '=', 'i.id').where('fc.component_id', '=', componentId!)),
          ),
        )
        .where(sql<boolean>`coalesce(i.impact_started_at, i.started_at) < ${period.end}`)
        .where((eb) =>
          eb.or([
            eb(sql`coalesce(i.impact_started_at, i.started_at)`, '>=', period.start),
            eb('i.resolved_at', 'is', null),
            eb('i.resolved_at', '>=', period.start),
            eb.and([eb(sql`coalesce(i.impact_started_at, i.started_at)`, '>=', from), eb(sql`jsonb_array_length(p.root_cause_tags)`, '>', 0)]),
          ]),
        ),
    )
    .with('comps', (qb) =>
      qb
        .selectFrom('incident_components as ic')
        .innerJoin('sel', 'sel.id', 'ic.incident_id')
        .select(['ic.incident_id', sql<string>`string_agg(ic.component_id, ',')`.as('ids')])
        .groupBy('ic.incident_id'),
    )
    .with('ups', (qb) =>
      qb
        .selectFrom('updates as u')
        .innerJoin('sel', 'sel.id', 'u.incident_id')
        .where('u.audience', '=', 'external')
        .where('u.state', '=', 'published')
        .where(updatesFor.length > 0 ? sql<boolean>`sel.severity in (${sql.join(updatesFor)})` : sql<boolean>`false`)
        // Epoch milliseconds as text: thousands of timestamps parse faster from one string per
        // incident. Unordered (an ordered aggregate sorts every row): sorted below.
        .select(['u.incident_id', sql<string>`string_agg((extract(epoch from u.published_at) * 1000)::bigint::text, ',')`.as('times')])
        .groupBy('u.incident_id'),
    )
    .with('items', (qb) =>
      qb
        .selectFrom('action_items as a')
        .innerJoin('sel', 'sel.id', 'a.incident_id')
        .select([
          'a.incident_id',
          sql<number>`(count(*) filter (where a.status in ('open', 'in_progress')))::int`.as('open'),
          sql<number>`(count(*) filter (where a.status = 'done'))::int`.as('done'),
        ])
        .groupBy('a.incident_id'),
    )
    .selectFrom('sel')
    .leftJoin('comps', 'comps.incident_id', 'sel.id')
    .leftJoin('ups', 'ups.incident_id', 'sel.id')
    .leftJoin('items', 'items.incident_id', 'sel.id')
    .selectAll('sel')
    .select(['comps.ids as component_ids', 'ups.times as external_updates', 'items.open as items_open', 'items.done as items_done'])
    .execute();
  return rows.map((row) => ({
    id: row.id,
    title: row.title,
    severity: row.severity,
    componentIds: row.component_ids ? row.component_ids.split(',').sort() : [],
    declaredAt: new Date(Number(row.started_ms!)),
    impactStartedAt: toDate(row.impact_started_ms),
    detectedAt: toDate(row.detected_ms),
    acknowledgedAt: toDate(row.acknowledged_ms),
    mitigatedAt: toDate(row.mitigated_ms),
    resolvedAt: toDate(row.resolved_ms),
    externalUpdates: row.external_updates ? row.external_updates.split(',').map(Number).sort((a, b) => a - b).map((ms) => new Date(ms)) : [],
    rootCauseTags: Array.isArray(row.root_cause_tags) ? row.root_cause_tags : [],
    postmortem:
      row.postmortem_state === null
        ? null
        : { state: row.postmortem_state as PostmortemState, dueAt: toDate(row.postmortem_due_ms), publishedAt: toDate(row.postmortem_published_ms) },
    actionItems: { open: row.items_open ?? 0, done: row.items_done ?? 0 },
  }));
}

/**
 * Action items alive during the period (created before its end, not closed before its
 * start), of the filter's severity (their incident's) or component (their incident's
 * or their own), with their incident's severity and components.
 */
export async function listInsightActionItems(db: Db, period: Period, filter: Pick<InsightsFilter, 'componentId' | 'severity'>): Promise<InsightActionItem[]> {
  const { componentId, severity } = filter;
  const rows = await db
    .selectFrom('action_items as a')
    .innerJoin('incidents as i', 'i.id', 'a.incident_id')
    .select([
      'a.status',
      'a.created_at',
      'a.closed_at',
      sql<string | null>`to_char(a.due_on, 'YYYY-MM-DD')`.as('due_on'),
      'i.severity',
      sql<string[] | null>`(select array_agg(x.component_id) from (
        select ic.component_id from incident_components ic where ic.incident_id = i.id
        union select ac.component_id from action_item_components ac where ac.action_item_id = a.id) x)`.as('component_ids'),
    ])
    .where('a.created_at', '<', period.end)
    .$if(severity !== null, (qb) => qb.where('i.severity', '=', severity!))
    .$if(componentId !== null, (qb) =>
      qb.where(({ exists, or, selectFrom }) =>
        or([
          exists(selectFrom('incident_components as fc').select('fc.incident_id').whereRef('fc.incident_id', '=', 'i.id').where('fc.component_id', '=', componentId!)),
          exists(selectFrom('action_item_components as fa').select('fa.action_item_id').whereRef('fa.action_item_id', '=', 'a.id').where('fa.component_id', '=', componentId!)),
        ]),
      ),
    )
    .where((eb) => eb.or([eb('a.closed_at', 'is', null), eb('a.closed_at', '>=', period.start), eb('a.status', 'in', ['open', 'in_progress'])]))
    .execute();
  return rows.map((row) => ({
    status: row.status as ActionItemStatus,
    createdAt: row.created_at,
    closedAt: row.closed_at,
    dueOn: row.due_on,
    severity: row.severity as Severity,
    componentIds: row.component_ids ?? [],
  }));
}
