import { describe, expect, it } from 'vitest';
import { parseScheduleMaintenanceInput } from '../../src/maintenance/schedule-maintenance.ts';
import { knownTimeZone } from '../../src/time/time-zone.ts';
import { localDateTimeToIso } from '../../src/time/wall-clock.ts';

/*
 * A maintenance window is typed as two wall-clock times in the person's zone (the
 * form converts them as the page does) and checked by the use case's input rules.
 * Across a DST change the real duration differs from the wall-clock one.
 */

const HOUR = 3_600_000;

function window(zoneName: string, start: string, end: string): ReturnType<typeof parseScheduleMaintenanceInput> {
  const zone = knownTimeZone(zoneName);
  if (zone === null) throw new Error(`unknown zone in a test: ${zoneName}`);
  return parseScheduleMaintenanceInput({
    title: 'Database upgrade',
    scheduledFor: localDateTimeToIso(start, zone),
    scheduledUntil: localDateTimeToIso(end, zone),
    componentIds: ['api'],
    body: 'We are upgrading the database.',
    autoStart: true,
    autoComplete: true,
  });
}

function hoursOf(result: ReturnType<typeof parseScheduleMaintenanceInput>): { from: string; until: string; hours: number } {
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.errors)}`);
  const { scheduledFor, scheduledUntil } = result.value;
  return { from: scheduledFor.toISOString(), until: scheduledUntil.toISOString(), hours: (scheduledUntil.getTime() - scheduledFor.getTime()) / HOUR };
}

describe('a maintenance window typed in a zone, across a DST change', () => {
  it.each([
    // zone, start, end, UTC start, UTC end, real hours
    ['Europe/Berlin', '2027-03-28T01:00', '2027-03-28T04:00', '2027-03-28T00:00:00.000Z', '2027-03-28T02:00:00.000Z', 2],
    ['Europe/Berlin', '2027-10-31T01:00', '2027-10-31T04:00', '2027-10-30T23:00:00.000Z', '2027-10-31T03:00:00.000Z', 4],
    ['America/New_York', '2027-03-14T01:00', '2027-03-14T04:00', '2027-03-14T06:00:00.000Z', '2027-03-14T08:00:00.000Z', 2],
    ['America/New_York', '2027-11-07T00:30', '2027-11-07T02:30', '2027-11-07T04:30:00.000Z', '2027-11-07T07:30:00.000Z', 3],
    ['Pacific/Auckland', '2027-09-26T01:00', '2027-09-26T04:00', '2027-09-25T13:00:00.000Z', '2027-09-25T15:00:00.000Z', 2],
    ['Pacific/Auckland', '2027-04-04T01:00', '2027-04-04T04:00', '2027-04-03T12:00:00.000Z', '2027-04-03T16:00:00.000Z', 4],
  ])('%s %s – %s lasts the real time between them', (zone, start, end, from, until, hours) => {
    expect(hoursOf(window(zone, start, end))).toEqual({ from, until, hours });
  });

  it('a window starting in the spring-forward gap starts when the clocks show its time', () => {
    // 02:00–04:00 in Berlin on 28 March 2027: 02:00 does not exist, the window opens at 03:00 CEST.
    expect(hoursOf(window('Europe/Berlin', '2027-03-28T02:00', '2027-03-28T04:00'))).toEqual({ from: '2027-03-28T01:00:00.000Z', until: '2027-03-28T02:00:00.000Z', hours: 1 });
  });

  it('refuses a window whose end, once the gap is skipped, is not after its start', () => {
    // 02:30 moves to 03:30 CEST, after the 03:00 end.
    const result = window('Europe/Berlin', '2027-03-28T02:30', '2027-03-28T03:00');
    expect(result).toEqual({ ok: false, errors: { scheduledUntil: 'The end must be after the start.' } });
    expect(window('America/New_York', '2027-03-14T02:30', '2027-03-14T03:00').ok).toBe(false);
  });

  it('refuses an end before the start within a repeated hour (both read as the first occurrence)', () => {
    expect(window('America/New_York', '2027-11-07T01:30', '2027-11-07T01:15')).toEqual({ ok: false, errors: { scheduledUntil: 'The end must be after the start.' } });
    expect(hoursOf(window('Europe/Berlin', '2027-10-31T02:15', '2027-10-31T02:45')).hours).toBe(0.5);
  });
});

describe('a maintenance window across calendar edges', () => {
  it.each([
    ['a month end', 'America/New_York', '2027-01-31T22:00', '2027-02-01T02:00', '2027-02-01T03:00:00.000Z', 4],
    ['a year end', 'Pacific/Auckland', '2027-12-31T22:00', '2028-01-01T02:00', '2027-12-31T09:00:00.000Z', 4],
    ['29 February', 'Europe/Berlin', '2028-02-29T23:00', '2028-03-01T01:00', '2028-02-29T22:00:00.000Z', 2],
  ])('%s: %s %s – %s', (_label, zone, start, end, from, hours) => {
    const window_ = hoursOf(window(zone, start, end));
    expect(window_.from).toBe(from);
    expect(window_.hours).toBe(hours);
  });

  it('refuses 29 February in a year without one, next to the field', () => {
    const result = window('Europe/Berlin', '2027-02-29T23:00', '2027-03-01T01:00');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors['scheduledFor']).toBe('Enter the start as a date and time.');
  });
});
