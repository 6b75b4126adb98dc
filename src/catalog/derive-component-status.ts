import type { ComponentStatus } from '../domain/types.ts';

/*
 * The one rule for a component's status. It is derived, never typed in directly:
 * the worst of
 * - the claims of the component's OPEN incidents: each incident's latest published
 *   external update that named the component says what that incident does to it
 *   (a resolved incident claims nothing, so resolving one incident cannot hide
 *   another that still affects the component);
 * - "under maintenance" while a maintenance covering it is in progress (or verifying);
 * - a manual status set by hand in /admin/components, which stays until someone sets
 *   the component back to operational by hand.
 *
 * "Worst" uses this order, best first:
 *   operational < degraded performance < under maintenance < partial outage < major outage
 * Maintenance ranks above degraded performance because a planned window commonly
 * slows things down and "under maintenance" tells customers why and until when; it
 * ranks below the outages because an outage is worse than anything planned, as on
 * Statuspage, where an outage is shown over a maintenance.
 */

const RANK: Readonly<Record<ComponentStatus, number>> = {
  operational: 0,
  degraded_performance: 1,
  under_maintenance: 2,
  partial_outage: 3,
  major_outage: 4,
};

/** The worse of two statuses by the order above. */
export function worseStatus(a: ComponentStatus, b: ComponentStatus): ComponentStatus {
  return RANK[b] > RANK[a] ? b : a;
}

/** Whether `a` is better (less severe) than `b` by the order above. */
export function isBetterStatus(a: ComponentStatus, b: ComponentStatus): boolean {
  return RANK[a] < RANK[b];
}

/** Statuses from best to worst, in the order above. */
export const STATUSES_BY_SEVERITY: readonly ComponentStatus[] = (Object.keys(RANK) as ComponentStatus[]).sort((a, b) => RANK[a] - RANK[b]);

export interface ComponentClaims {
  /** The status each open incident's latest published external update gave the component. */
  incidentClaims: readonly ComponentStatus[];
  /** A maintenance covering the component is in progress or being verified. */
  maintenanceInProgress: boolean;
  /** The status set by hand, or null. */
  manualOverride: ComponentStatus | null;
}

export function deriveComponentStatus(claims: ComponentClaims): ComponentStatus {
  let status: ComponentStatus = 'operational';
  for (const claim of claims.incidentClaims) status = worseStatus(status, claim);
  if (claims.maintenanceInProgress) status = worseStatus(status, 'under_maintenance');
  if (claims.manualOverride !== null) status = worseStatus(status, claims.manualOverride);
  return status;
}
