import type { Db } from '../../db/client.ts';
import { setIncidentMilestones } from '../../db/queries/incident-milestones.ts';
import type { PlannedIncident } from './demo-plan.ts';

const MINUTE = 60_000;

/**
 * Milestones for a demo incident, as a real one would have them: the impact
 * started a few minutes before anyone noticed, an alert detected it, a person
 * acknowledged it when declaring it (started_at), mitigated at its first
 * "monitoring" (or its resolution), resolved when it was. The minutes vary per
 * incident but are fixed by its start, so the demo is the same on every run.
 */
export function demoMilestones(incident: Pick<PlannedIncident, 'startedAt' | 'resolvedAt' | 'steps' | 'severity'>): {
  impact_started_at: Date;
  detected_at: Date;
  acknowledged_at: Date;
  mitigated_at: Date | null;
  resolved_at: Date | null;
} {
  const seed = Math.floor(incident.startedAt.getTime() / MINUTE);
  // SEV1 pages someone at once; lesser severities wait longer for a person.
  const toAcknowledge = { SEV1: 2, SEV2: 6, SEV3: 14 }[incident.severity] + (seed % 5);
  const unnoticed = 3 + (seed % 11);
  const acknowledged = incident.startedAt;
  const detected = new Date(acknowledged.getTime() - toAcknowledge * MINUTE);
  const impactStarted = new Date(detected.getTime() - unnoticed * MINUTE);
  const monitoring = incident.steps.find((s) => s.status === 'monitoring' || s.status === 'resolved')?.at ?? null;
  return {
    impact_started_at: impactStarted,
    detected_at: detected,
    acknowledged_at: acknowledged,
    mitigated_at: monitoring ?? incident.resolvedAt,
    resolved_at: incident.resolvedAt,
  };
}

export async function writeDemoMilestones(trx: Db, incidentId: string, incident: PlannedIncident): Promise<void> {
  await setIncidentMilestones(trx, incidentId, demoMilestones(incident));
}
