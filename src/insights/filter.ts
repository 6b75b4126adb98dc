import { SEVERITIES, type Severity } from '../domain/types.ts';
import type { FieldErrors } from '../domain/result.ts';
import { PERIOD_DAYS, type InsightsFilter, type PeriodDays } from '../domain/insights.ts';

/** What the filter form shows: the choices as read (a bad one falls back, with its message). */
export interface InsightsFilterForm {
  filter: InsightsFilter;
  errors: FieldErrors;
}

export const DEFAULT_PERIOD_DAYS: PeriodDays = 90;

/**
 * Reads ?days=30|90|365&component=<id>&severity=SEV1|SEV2|SEV3 (also from the
 * CSV link). One filter at a time: a component or a severity. A value that cannot
 * be read gets a message for its field and the page shows the default instead,
 * never a 500.
 */
export function parseInsightsFilter(params: URLSearchParams, componentIds: ReadonlySet<string>): InsightsFilterForm {
  const errors: FieldErrors = {};
  const daysText = (params.get('days') ?? '').trim();
  let days: PeriodDays = DEFAULT_PERIOD_DAYS;
  if (daysText !== '') {
    const n = Number(daysText);
    if ((PERIOD_DAYS as readonly number[]).includes(n)) days = n as PeriodDays;
    else errors['days'] = 'Choose a period of 30, 90 or 365 days (showing 90)';
  }
  const componentText = (params.get('component') ?? '').trim();
  let componentId: string | null = null;
  if (componentText !== '') {
    if (componentIds.has(componentText)) componentId = componentText;
    else errors['component'] = 'There is no such component: showing all components';
  }
  const severityText = (params.get('severity') ?? '').trim();
  let severity: Severity | null = null;
  if (severityText !== '') {
    if ((SEVERITIES as readonly string[]).includes(severityText)) severity = severityText as Severity;
    else errors['severity'] = 'Choose SEV1, SEV2 or SEV3: showing every severity';
  }
  if (componentId !== null && severity !== null) {
    errors['severity'] = 'Filter by a component or a severity, not both: showing the component';
    severity = null;
  }
  return { filter: { days, componentId, severity }, errors };
}

/** The query string of a filter (links to the CSV and between periods). */
export function filterQuery(filter: InsightsFilter): string {
  const params = new URLSearchParams({ days: String(filter.days) });
  if (filter.componentId !== null) params.set('component', filter.componentId);
  if (filter.severity !== null) params.set('severity', filter.severity);
  return params.toString();
}
