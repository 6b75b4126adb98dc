import type { CadenceTargets, Severity } from '../domain/types.ts';

/*
 * Update cadence: each severity may have a target, in minutes, between external
 * updates (defaults SEV1 30, SEV2 60, SEV3 none). The clock runs from the latest
 * published external update. An incident that is not public yet has no cadence:
 * it was kept internal on purpose, and the dashboard shows it as "internal only"
 * instead of nagging; its first external update is a decision, not a deadline.
 * The targets are read with findCadenceTargets (db/queries/cadence-targets.ts).
 */

export interface CadenceStatus {
  /** The severity's target, or null when it has none (or the incident is not public). */
  targetMinutes: number | null;
  /** Whole minutes since the last external update (since the start when there is none). */
  minutesSince: number;
  /** When the next external update is due; null without a target. */
  dueAt: Date | null;
  overdue: boolean;
}

const MINUTE = 60_000;

export function cadenceStatus(
  incident: { severity: Severity; lastExternalUpdateAt: Date | null; startedAt: Date; isPublic: boolean },
  targets: CadenceTargets,
  now: Date,
): CadenceStatus {
  const since = incident.lastExternalUpdateAt ?? incident.startedAt;
  const minutesSince = Math.max(0, Math.floor((now.getTime() - since.getTime()) / MINUTE));
  const targetMinutes = incident.isPublic ? (targets[incident.severity] ?? null) : null;
  if (targetMinutes === null) return { targetMinutes: null, minutesSince, dueAt: null, overdue: false };
  const dueAt = new Date(since.getTime() + targetMinutes * MINUTE);
  return { targetMinutes, minutesSince, dueAt, overdue: now.getTime() > dueAt.getTime() };
}
