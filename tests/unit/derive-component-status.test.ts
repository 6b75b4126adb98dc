import { describe, expect, it } from 'vitest';
import { deriveComponentStatus, isBetterStatus, STATUSES_BY_SEVERITY, worseStatus } from '../../src/catalog/derive-component-status.ts';

const none = { incidentClaims: [], maintenanceInProgress: false, manualOverride: null };

describe('deriveComponentStatus', () => {
  it('is operational with no claims at all', () => {
    expect(deriveComponentStatus(none)).toBe('operational');
  });

  it('takes the worst of overlapping open incidents, whatever their order', () => {
    expect(deriveComponentStatus({ ...none, incidentClaims: ['degraded_performance', 'major_outage', 'partial_outage'] })).toBe('major_outage');
    expect(deriveComponentStatus({ ...none, incidentClaims: ['partial_outage', 'degraded_performance'] })).toBe('partial_outage');
    // One incident already says "recovered" while the other still claims an outage.
    expect(deriveComponentStatus({ ...none, incidentClaims: ['operational', 'partial_outage'] })).toBe('partial_outage');
    expect(deriveComponentStatus({ ...none, incidentClaims: ['operational', 'operational'] })).toBe('operational');
  });

  it('shows maintenance over operational and degraded performance, but an outage over maintenance', () => {
    expect(deriveComponentStatus({ ...none, maintenanceInProgress: true })).toBe('under_maintenance');
    expect(deriveComponentStatus({ ...none, maintenanceInProgress: true, incidentClaims: ['degraded_performance'] })).toBe('under_maintenance');
    expect(deriveComponentStatus({ ...none, maintenanceInProgress: true, incidentClaims: ['partial_outage'] })).toBe('partial_outage');
    expect(deriveComponentStatus({ ...none, maintenanceInProgress: true, incidentClaims: ['degraded_performance', 'major_outage'] })).toBe('major_outage');
  });

  it('counts a manual status as one more claim: it can raise the status but never hide an incident', () => {
    expect(deriveComponentStatus({ ...none, manualOverride: 'degraded_performance' })).toBe('degraded_performance');
    expect(deriveComponentStatus({ ...none, manualOverride: 'major_outage', incidentClaims: ['degraded_performance'] })).toBe('major_outage');
    expect(deriveComponentStatus({ ...none, manualOverride: 'degraded_performance', incidentClaims: ['partial_outage'] })).toBe('partial_outage');
    expect(deriveComponentStatus({ ...none, manualOverride: 'operational', incidentClaims: ['partial_outage'] })).toBe('partial_outage');
    expect(deriveComponentStatus({ incidentClaims: ['degraded_performance'], maintenanceInProgress: true, manualOverride: 'major_outage' })).toBe('major_outage');
  });

  it('orders statuses from best to worst', () => {
    expect(STATUSES_BY_SEVERITY).toEqual(['operational', 'degraded_performance', 'under_maintenance', 'partial_outage', 'major_outage']);
    expect(worseStatus('under_maintenance', 'degraded_performance')).toBe('under_maintenance');
    expect(worseStatus('under_maintenance', 'partial_outage')).toBe('partial_outage');
    expect(isBetterStatus('operational', 'degraded_performance')).toBe(true);
    expect(isBetterStatus('partial_outage', 'partial_outage')).toBe(false);
  });
});
