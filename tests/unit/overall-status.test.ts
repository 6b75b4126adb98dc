import { describe, it, expect } from 'vitest';
import {
  COMPONENT_STATUSES,
  INCIDENT_STATUSES,
  MAINTENANCE_STATUSES,
} from '../../src/domain/types.ts';
import {
  computeOverallStatus,
  describeComponentStatus,
  describeIncidentStatus,
} from '../../src/status/overall-status.ts';

describe('computeOverallStatus', () => {
  it('is all operational with nothing going on', () => {
    expect(
      computeOverallStatus({
        componentStatuses: ['operational', 'operational'],
        openIncidentImpacts: [],
        maintenanceInProgress: false,
      }),
    ).toEqual({ indicator: 'none', description: 'All Systems Operational', underMaintenance: false });
  });

  it('maps component statuses to indicators', () => {
    const indicatorFor = (status: (typeof COMPONENT_STATUSES)[number]): string =>
      computeOverallStatus({ componentStatuses: [status], openIncidentImpacts: [], maintenanceInProgress: false })
        .indicator;
    expect(indicatorFor('operational')).toBe('none');
    expect(indicatorFor('under_maintenance')).toBe('none');
    expect(indicatorFor('degraded_performance')).toBe('minor');
    expect(indicatorFor('partial_outage')).toBe('major');
    expect(indicatorFor('major_outage')).toBe('critical');
  });

  it('takes the worst of components and open incidents', () => {
    expect(
      computeOverallStatus({
        componentStatuses: ['degraded_performance'],
        openIncidentImpacts: ['major', 'none'],
        maintenanceInProgress: false,
      }),
    ).toEqual({ indicator: 'major', description: 'Partial System Outage', underMaintenance: false });
    expect(
      computeOverallStatus({
        componentStatuses: ['major_outage'],
        openIncidentImpacts: ['minor'],
        maintenanceInProgress: false,
      }),
    ).toMatchObject({ indicator: 'critical', description: 'Major Service Outage' });
    expect(
      computeOverallStatus({ componentStatuses: [], openIncidentImpacts: ['minor'], maintenanceInProgress: false }),
    ).toMatchObject({ indicator: 'minor', description: 'Minor Service Outage' });
  });

  it('says maintenance only when nothing is broken', () => {
    expect(
      computeOverallStatus({
        componentStatuses: ['under_maintenance', 'operational'],
        openIncidentImpacts: [],
        maintenanceInProgress: true,
      }),
    ).toEqual({ indicator: 'none', description: 'Service Under Maintenance', underMaintenance: true });
    expect(
      computeOverallStatus({
        componentStatuses: ['under_maintenance', 'partial_outage'],
        openIncidentImpacts: [],
        maintenanceInProgress: true,
      }),
    ).toEqual({ indicator: 'major', description: 'Partial System Outage', underMaintenance: true });
  });
});

describe('status words', () => {
  it('describes component statuses', () => {
    expect(COMPONENT_STATUSES.map(describeComponentStatus)).toEqual([
      'Operational',
      'Degraded performance',
      'Partial outage',
      'Major outage',
      'Under maintenance',
    ]);
  });

  it('describes incident and maintenance statuses', () => {
    expect([...INCIDENT_STATUSES, ...MAINTENANCE_STATUSES].map(describeIncidentStatus)).toEqual([
      'Investigating',
      'Identified',
      'Monitoring',
      'Resolved',
      'Scheduled',
      'In progress',
      'Verifying',
      'Completed',
      'Cancelled',
    ]);
  });
});
