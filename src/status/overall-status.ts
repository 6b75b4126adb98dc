import type { ComponentStatus, Impact, IncidentStatus, MaintenanceStatus } from '../domain/types.ts';
import type { Indicator, OverallStatus } from './snapshot.ts';

const INDICATOR_RANK: Readonly<Record<Indicator, number>> = { none: 0, minor: 1, major: 2, critical: 3 };

/** Maintenance is planned, so it does not raise the indicator; it gets its own banner. */
const COMPONENT_INDICATOR: Readonly<Record<ComponentStatus, Indicator>> = {
  operational: 'none',
  under_maintenance: 'none',
  degraded_performance: 'minor',
  partial_outage: 'major',
  major_outage: 'critical',
};

// Statuspage's own wording, so that anyone used to it reads the banner the same way.
const INDICATOR_DESCRIPTION: Readonly<Record<Indicator, string>> = {
  none: 'All Systems Operational',
  minor: 'Minor Service Outage',
  major: 'Partial System Outage',
  critical: 'Major Service Outage',
};

export interface OverallStatusInput {
  componentStatuses: ComponentStatus[];
  openIncidentImpacts: Impact[];
  maintenanceInProgress: boolean;
}

export function computeOverallStatus(input: OverallStatusInput): OverallStatus {
  let indicator: Indicator = 'none';
  const raise = (candidate: Indicator): void => {
    if (INDICATOR_RANK[candidate] > INDICATOR_RANK[indicator]) indicator = candidate;
  };
  for (const status of input.componentStatuses) raise(COMPONENT_INDICATOR[status]);
  // Impact and Indicator share their values.
  for (const impact of input.openIncidentImpacts) raise(impact);

  const description =
    indicator === 'none' && input.maintenanceInProgress
      ? 'Service Under Maintenance'
      : INDICATOR_DESCRIPTION[indicator];
  return { indicator, description, underMaintenance: input.maintenanceInProgress };
}

const COMPONENT_STATUS_LABEL: Readonly<Record<ComponentStatus, string>> = {
  operational: 'Operational',
  degraded_performance: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
  under_maintenance: 'Under maintenance',
};

/** The words pages, feeds and emails all use for a component status. */
export function describeComponentStatus(status: ComponentStatus): string {
  return COMPONENT_STATUS_LABEL[status];
}

const INCIDENT_STATUS_LABEL: Readonly<Record<IncidentStatus | MaintenanceStatus, string>> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
  scheduled: 'Scheduled',
  in_progress: 'In progress',
  verifying: 'Verifying',
  completed: 'Completed',
  cancelled: 'Cancelled',
};

/** The words pages, feeds and emails all use for an incident or maintenance status. */
export function describeIncidentStatus(status: IncidentStatus | MaintenanceStatus): string {
  return INCIDENT_STATUS_LABEL[status];
}
