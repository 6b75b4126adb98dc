import { MILESTONES, type Milestone } from '../domain/learning.ts';
import type { MilestoneValues } from '../domain/milestones.ts';

/*
 * Milestones: what happened when, the instants MTTA, MTTM and MTTR are measured
 * from (src/insights/). Herald sets them where it knows:
 * - impact started and detected: when the incident was opened (a triage incident
 *   from alerts: impact started with the earliest alert, detected when the alert
 *   arrived);
 * - acknowledged: when a person declared it (the declare form, the API, or
 *   declaring a triage incident);
 * - mitigated: the first time it reached "monitoring", the explicit "Mark
 *   mitigated" action, or the resolution when it skipped both;
 * - resolved: the resolution (cleared when reopened).
 * People with the right to (comms, admin, the incident commander) correct them with
 * a reason; the order below is kept by every write.
 */

export type { IncidentMilestones, MilestoneValues } from '../domain/milestones.ts';

export const MILESTONE_LABELS: Record<Milestone, string> = {
  impact_started_at: 'Impact started',
  detected_at: 'Detected',
  acknowledged_at: 'Acknowledged',
  mitigated_at: 'Mitigated',
  resolved_at: 'Resolved',
};

/** What each milestone means, for the hub and the README. */
export const MILESTONE_HINTS: Record<Milestone, string> = {
  impact_started_at: 'when customers were first affected (may be before anyone noticed)',
  detected_at: 'when an alert or a person noticed',
  acknowledged_at: 'when a person took it on (declared it)',
  mitigated_at: 'when the impact stopped, before the root cause is fixed',
  resolved_at: 'when the incident was closed',
};

/**
 * The first milestone out of order, with a message naming both, or null when the
 * set keeps impact started ≤ detected ≤ acknowledged ≤ mitigated ≤ resolved.
 * Empty milestones are skipped. `changed` names the milestones being edited: the
 * message is put on one of them, so it shows next to the field that was typed.
 */
export function findMilestoneOrderProblem(
  values: MilestoneValues,
  changed: readonly Milestone[] = MILESTONES,
): { milestone: Milestone; message: string } | null {
  const set = MILESTONES.filter((m) => values[m] !== null);
  for (let i = 0; i < set.length; i++) {
    for (let j = i + 1; j < set.length; j++) {
      const earlier = set[i]!;
      const later = set[j]!;
      if (values[later]!.getTime() >= values[earlier]!.getTime()) continue;
      const onLater = changed.includes(later) || !changed.includes(earlier);
      const milestone = onLater ? later : earlier;
      const message = onLater
        ? `${MILESTONE_LABELS[later]} cannot be before ${MILESTONE_LABELS[earlier].toLowerCase()}: milestones go impact started ≤ detected ≤ acknowledged ≤ mitigated ≤ resolved`
        : `${MILESTONE_LABELS[earlier]} cannot be after ${MILESTONE_LABELS[later].toLowerCase()}: milestones go impact started ≤ detected ≤ acknowledged ≤ mitigated ≤ resolved`;
      return { milestone, message };
    }
  }
  return null;
}

/** Whole minutes from one milestone to another, or null when either is missing (or the order is broken). */
export function minutesBetween(from: Date | null, to: Date | null): number | null {
  if (from === null || to === null) return null;
  const ms = to.getTime() - from.getTime();
  return ms < 0 ? null : ms / 60_000;
}
