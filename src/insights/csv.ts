import { MILESTONES } from '../domain/learning.ts';
import { toCsv } from '../subscriptions/csv.ts';
import { incidentDurations } from './metrics.ts';
import type { InsightIncident } from '../domain/insights.ts';

export const INSIGHTS_CSV_HEADER = [
  'id',
  'title',
  'severity',
  'components',
  ...MILESTONES,
  'minutes_to_acknowledge',
  'minutes_to_mitigate',
  'minutes_to_resolve',
  'root_cause_tags',
  'postmortem_state',
  'action_items_open',
  'action_items_done',
] as const;

const iso = (date: Date | null): string => (date === null ? '' : date.toISOString());
const whole = (minutes: number | null): string => (minutes === null ? '' : String(Math.round(minutes)));

/**
 * /admin/insights.csv: one row per incident of the period (newest first), times in
 * UTC (ISO 8601), durations in whole minutes (empty when a milestone is missing),
 * lists joined with "; ".
 */
export function insightsCsv(incidents: readonly InsightIncident[], componentNames: ReadonlyMap<string, string>): string {
  const rows = incidents.map((incident) => {
    const d = incidentDurations(incident);
    return [
      incident.id,
      incident.title,
      incident.severity,
      incident.componentIds.map((id) => componentNames.get(id) ?? id).sort().join('; '),
      iso(incident.impactStartedAt),
      iso(incident.detectedAt),
      iso(incident.acknowledgedAt),
      iso(incident.mitigatedAt),
      iso(incident.resolvedAt),
      whole(d.tta),
      whole(d.ttm),
      whole(d.ttr),
      incident.rootCauseTags.join('; '),
      incident.postmortem?.state ?? 'none',
      String(incident.actionItems.open),
      String(incident.actionItems.done),
    ];
  });
  return toCsv([[...INSIGHTS_CSV_HEADER], ...rows]);
}
