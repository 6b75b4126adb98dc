import { describe, expect, it } from 'vitest';
import type { CadenceTargets, Severity } from '../../src/domain/types.ts';
import { cadenceStatus } from '../../src/incidents/cadence.ts';
import { describeCadence } from '../../src/incidents/hub-text.ts';

/*
 * The update cadence counts real minutes from the last public update to the
 * injected "now": a month end, a year end, 29 February or a DST change (when
 * the wall clock jumps an hour either way) must not move a deadline.
 */

const TARGETS: CadenceTargets = { SEV1: 30, SEV2: 60, SEV3: null };
const incident = (severity: Severity, lastUpdate: string) => ({
  severity,
  isPublic: true,
  startedAt: new Date(Date.parse(lastUpdate) - 3_600_000),
  lastExternalUpdateAt: new Date(lastUpdate),
});

describe('cadence across calendar edges', () => {
  it.each([
    // label, severity, last public update, now, minutes since, due at, overdue
    ['month end, due exactly now', 'SEV1', '2027-01-31T23:45:00Z', '2027-02-01T00:15:00Z', 30, '2027-02-01T00:15:00Z', false],
    ['month end, a minute late', 'SEV1', '2027-01-31T23:45:00Z', '2027-02-01T00:16:00Z', 31, '2027-02-01T00:15:00Z', true],
    ['year end, not yet due', 'SEV2', '2027-12-31T23:50:00Z', '2028-01-01T00:49:00Z', 59, '2028-01-01T00:50:00Z', false],
    ['year end, late', 'SEV2', '2027-12-31T23:50:00Z', '2028-01-01T00:51:00Z', 61, '2028-01-01T00:50:00Z', true],
    ['into 29 February', 'SEV1', '2028-02-28T23:40:00Z', '2028-02-29T00:20:00Z', 40, '2028-02-29T00:10:00Z', true],
    ['out of 29 February', 'SEV1', '2028-02-29T23:50:00Z', '2028-03-01T00:10:00Z', 20, '2028-03-01T00:20:00Z', false],
    // 01:50 CET to 03:25 CEST: the wall clock says 95 minutes, 35 have passed.
    ['Europe springs forward', 'SEV1', '2027-03-28T00:50:00Z', '2027-03-28T01:25:00Z', 35, '2027-03-28T01:20:00Z', true],
    // 02:50 CEST to 02:10 CET: the wall clock went back, 20 minutes have passed.
    ['Europe falls back', 'SEV1', '2027-10-31T00:50:00Z', '2027-10-31T01:10:00Z', 20, '2027-10-31T01:20:00Z', false],
    // 01:50 EST to 03:15 EDT: 25 minutes.
    ['America springs forward', 'SEV1', '2027-03-14T06:50:00Z', '2027-03-14T07:15:00Z', 25, '2027-03-14T07:20:00Z', false],
    // 01:45 EDT to 01:20 EST: 35 minutes.
    ['America falls back', 'SEV1', '2027-11-07T05:45:00Z', '2027-11-07T06:20:00Z', 35, '2027-11-07T06:15:00Z', true],
  ] as const)('%s', (_label, severity, last, now, minutesSince, dueAt, overdue) => {
    expect(cadenceStatus(incident(severity, last), TARGETS, new Date(now))).toEqual({
      targetMinutes: TARGETS[severity],
      minutesSince,
      dueAt: new Date(dueAt),
      overdue,
    });
  });

  it('says how late in real minutes when the clocks have just sprung forward', () => {
    const late = incident('SEV1', '2027-03-28T00:50:00Z');
    const now = new Date('2027-03-28T01:25:00Z');
    expect(describeCadence(late, cadenceStatus(late, TARGETS, now), now)).toBe('Last public update 35 min ago — overdue by 5 min (target every 30 min)');
  });

  it('says how long until due in real minutes when the clocks have just fallen back', () => {
    const recent = incident('SEV1', '2027-11-07T05:45:00Z');
    const now = new Date('2027-11-07T06:05:00Z');
    expect(describeCadence(recent, cadenceStatus(recent, TARGETS, now), now)).toBe('Last public update 20 min ago — next due in 10 min (target every 30 min)');
  });
});
