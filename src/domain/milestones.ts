import type { IncidentState } from './alerts.ts';
import type { Milestone } from './learning.ts';

/** An incident's milestones (null: not reached or not known); see src/incidents/milestones.ts. */
export type MilestoneValues = Record<Milestone, Date | null>;

export interface IncidentMilestones {
  /** When the incident was opened in Herald (incidents.started_at). */
  declaredAt: Date;
  state: IncidentState;
  values: MilestoneValues;
}
