import { findCadenceTargets } from '../../db/queries/cadence-targets.ts';
import { listComponents } from '../../db/queries/components.ts';
import { listInsightActionItems, listInsightIncidents } from '../../db/queries/insights.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import type { FieldErrors } from '../domain/result.ts';
import type { Services } from '../services.ts';
import { SEVERITIES } from '../domain/types.ts';
import { displayTimeZone } from '../time/time-zone.ts';
import { insightsCsv } from './csv.ts';
import { parseInsightsFilter } from './filter.ts';
import { buildInsights, type Insights, periodEnding, RECURRENCE_DAYS } from './metrics.ts';

export interface InsightsView {
  insights: Insights;
  errors: FieldErrors;
  components: { id: string; name: string }[];
  componentNames: Map<string, string>;
}

/**
 * /admin/insights: reads the filter from the query string, loads the period's rows
 * (the cadence targets, then two queries, see db/queries/insights.ts) and computes
 * every figure. Anyone who may read the hub (viewers and up) may read it.
 */
export async function loadInsights(services: Services, actor: Actor, params: URLSearchParams, zoneCookie: string | undefined): Promise<InsightsView> {
  requirePermission(actor, 'internal.view');
  const now = services.now();
  const zone = displayTimeZone(zoneCookie);
  // The components (to check the filter) and the cadence targets first: the incidents'
  // external updates are read only for severities that have a target.
  const [allComponents, targets] = await Promise.all([listComponents(services.db), findCadenceTargets(services.db)]);
  const components = allComponents.map((c) => ({ id: c.id, name: c.name }));
  const { filter, errors } = parseInsightsFilter(params, new Set(components.map((c) => c.id)));
  const period = periodEnding(now, filter.days);
  const [incidents, actionItems] = await Promise.all([
    listInsightIncidents(services.db, period, RECURRENCE_DAYS, filter, SEVERITIES.filter((s) => targets[s] !== null)),
    listInsightActionItems(services.db, period, filter),
  ]);
  const componentNames = new Map(components.map((c) => [c.id, c.name]));
  const insights = buildInsights({ incidents, actionItems, targets, componentNames, filter, now, zone });
  return { insights, errors, components: components.sort((a, b) => a.name.localeCompare(b.name)), componentNames };
}

/** /admin/insights.csv: the per-incident rows of the same period and filter. */
export async function exportInsightsCsv(services: Services, actor: Actor, params: URLSearchParams, zoneCookie: string | undefined): Promise<string> {
  const { insights, componentNames } = await loadInsights(services, actor, params, zoneCookie);
  return insightsCsv(insights.incidents, componentNames);
}
