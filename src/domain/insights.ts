import type { ActionItemStatus, PostmortemState } from './learning.ts';
import type { Severity } from './types.ts';

/** One declared incident as the insights read it (db/queries/insights.ts loads them in one query). */
export interface InsightIncident {
  id: string;
  title: string;
  severity: Severity;
  componentIds: string[];
  /** When it was opened in Herald (incidents.started_at). */
  declaredAt: Date;
  impactStartedAt: Date | null;
  detectedAt: Date | null;
  acknowledgedAt: Date | null;
  mitigatedAt: Date | null;
  resolvedAt: Date | null;
  /** Published external updates, oldest first (the update cadence is measured from them). */
  externalUpdates: Date[];
  rootCauseTags: string[];
  postmortem: { state: PostmortemState; dueAt: Date | null; publishedAt: Date | null } | null;
  actionItems: { open: number; done: number };
}

/** One action item as the insights read it. */
export interface InsightActionItem {
  status: ActionItemStatus;
  createdAt: Date;
  closedAt: Date | null;
  /** 'YYYY-MM-DD' */
  dueOn: string | null;
  severity: Severity;
  /** The item's components and its incident's. */
  componentIds: string[];
}

export const PERIOD_DAYS = [30, 90, 365] as const;
export type PeriodDays = (typeof PERIOD_DAYS)[number];

export interface InsightsFilter {
  days: PeriodDays;
  componentId: string | null;
  severity: Severity | null;
}

/** [start, end): the period's instants. */
export interface Period {
  start: Date;
  end: Date;
}
