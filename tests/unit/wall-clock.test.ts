import { describe, expect, it } from 'vitest';
import { displayTimeZone, knownTimeZone, parseTimeZone, type TimeZone, UTC } from '../../src/time/time-zone.ts';
import { timeDisplayFor } from '../../src/time/time-display.ts';
import { formatInZone, formatStartInZone, formatTimeInZone, formatZoneAndUtc, isoToLocalInput, localDateTimeToIso, sameDayInZone, zoneAbbreviation } from '../../src/time/wall-clock.ts';

// Every zone used here is checked the way the forms check it, so a typo fails loudly.
const zone = (name: string): TimeZone => {
  const known = knownTimeZone(name);
  if (known === null) throw new Error(`unknown zone in a test: ${name}`);
  return known;
};
const BERLIN = zone('Europe/Berlin');
const NEW_YORK = zone('America/New_York');
const AUCKLAND = zone('Pacific/Auckland');
const PARIS = zone('Europe/Paris');

describe('a wall-clock time in a zone, as an instant', () => {
  it('reads the time with the zone\'s offset on that day', () => {
    expect(localDateTimeToIso('2026-11-27T14:30', PARIS)).toBe('2026-11-27T13:30:00.000Z'); // CET, UTC+1
    expect(localDateTimeToIso('2026-07-01T14:30', PARIS)).toBe('2026-07-01T12:30:00.000Z'); // CEST, UTC+2
    expect(localDateTimeToIso('2026-11-27T09:00', NEW_YORK)).toBe('2026-11-27T14:00:00.000Z');
    expect(localDateTimeToIso('2026-11-27T09:00:05', UTC)).toBe('2026-11-27T09:00:05.000Z');
    expect(localDateTimeToIso('2026-11-27T09:00', zone('Asia/Kolkata'))).toBe('2026-11-27T03:30:00.000Z');
    expect(localDateTimeToIso('2027-01-15T12:00', AUCKLAND)).toBe('2027-01-14T23:00:00.000Z'); // NZDT in January, UTC+13
  });

  it('answers "" for nothing and "invalid" for what is not a date, so the schema says which', () => {
    expect(localDateTimeToIso('', UTC)).toBe('');
    expect(localDateTimeToIso('  ', UTC)).toBe('');
    expect(localDateTimeToIso('tomorrow', UTC)).toBe('invalid');
    expect(localDateTimeToIso('2026-02-30T10:00', UTC)).toBe('invalid');
    expect(localDateTimeToIso('2026-11-27T25:00', UTC)).toBe('invalid');
    expect(localDateTimeToIso('2026-11-27T10:60', UTC)).toBe('invalid');
    expect(localDateTimeToIso('2026-13-01T10:00', UTC)).toBe('invalid');
  });
});

describe('spring forward: a time that does not exist moves forward by the gap', () => {
  it('America/New_York, 14 March 2027: 02:30 is 03:30 EDT, not 01:30 EST', () => {
    expect(localDateTimeToIso('2027-03-14T02:30', NEW_YORK)).toBe('2027-03-14T07:30:00.000Z');
    // Either side of the gap keeps its own offset.
    expect(localDateTimeToIso('2027-03-14T01:59', NEW_YORK)).toBe('2027-03-14T06:59:00.000Z'); // EST, UTC-5
    expect(localDateTimeToIso('2027-03-14T03:00', NEW_YORK)).toBe('2027-03-14T07:00:00.000Z'); // EDT, UTC-4
    expect(isoToLocalInput(new Date('2027-03-14T07:30:00Z'), NEW_YORK)).toBe('2027-03-14T03:30');
  });

  it('Europe/Berlin, 28 March 2027: 02:30 is 03:30 CEST', () => {
    expect(localDateTimeToIso('2027-03-28T02:30', BERLIN)).toBe('2027-03-28T01:30:00.000Z');
    expect(localDateTimeToIso('2027-03-28T02:00', BERLIN)).toBe('2027-03-28T01:00:00.000Z');
    expect(localDateTimeToIso('2027-03-28T01:59', BERLIN)).toBe('2027-03-28T00:59:00.000Z'); // CET, UTC+1
    expect(isoToLocalInput(new Date('2027-03-28T01:30:00Z'), BERLIN)).toBe('2027-03-28T03:30');
  });

  it('Pacific/Auckland (southern hemisphere), 26 September 2027: 02:30 is 03:30 NZDT', () => {
    expect(localDateTimeToIso('2027-09-26T02:30', AUCKLAND)).toBe('2027-09-25T14:30:00.000Z'); // UTC+13
    expect(localDateTimeToIso('2027-09-26T01:30', AUCKLAND)).toBe('2027-09-25T13:30:00.000Z'); // NZST, UTC+12
  });
});

describe('fall back: a time that happens twice is the first of the two', () => {
  it('Europe/Berlin, 31 October 2027: 02:30 is 02:30 CEST (00:30Z), not CET (01:30Z)', () => {
    expect(localDateTimeToIso('2027-10-31T02:30', BERLIN)).toBe('2027-10-31T00:30:00.000Z');
    expect(localDateTimeToIso('2027-10-31T03:00', BERLIN)).toBe('2027-10-31T02:00:00.000Z'); // CET from here
    // Both occurrences show as 02:30 in the field.
    expect(isoToLocalInput(new Date('2027-10-31T00:30:00Z'), BERLIN)).toBe('2027-10-31T02:30');
    expect(isoToLocalInput(new Date('2027-10-31T01:30:00Z'), BERLIN)).toBe('2027-10-31T02:30');
  });

  it('America/New_York, 7 November 2027: 01:30 is 01:30 EDT (05:30Z), not EST (06:30Z)', () => {
    expect(localDateTimeToIso('2027-11-07T01:30', NEW_YORK)).toBe('2027-11-07T05:30:00.000Z');
    expect(localDateTimeToIso('2027-11-07T02:00', NEW_YORK)).toBe('2027-11-07T07:00:00.000Z'); // EST from here
  });

  it('Pacific/Auckland, 4 April 2027: 02:30 is 02:30 NZDT (13:30Z the day before)', () => {
    expect(localDateTimeToIso('2027-04-04T02:30', AUCKLAND)).toBe('2027-04-03T13:30:00.000Z');
  });
});

describe('month end, year end and 29 February', () => {
  it('a local time on a month\'s last evening is the next month in UTC, and the other way round', () => {
    expect(localDateTimeToIso('2027-01-31T23:30', NEW_YORK)).toBe('2027-02-01T04:30:00.000Z');
    expect(localDateTimeToIso('2027-03-01T00:30', AUCKLAND)).toBe('2027-02-28T11:30:00.000Z');
    expect(localDateTimeToIso('2027-04-30T23:59', UTC)).toBe('2027-04-30T23:59:00.000Z');
    expect(localDateTimeToIso('2027-04-31T10:00', UTC)).toBe('invalid');
  });

  it('New Year\'s Eve in New York is New Year\'s Day in UTC; New Year in Auckland is still the old year', () => {
    const eve = localDateTimeToIso('2027-12-31T23:30', NEW_YORK);
    expect(eve).toBe('2028-01-01T04:30:00.000Z');
    expect(formatZoneAndUtc(new Date(eve), NEW_YORK)).toBe('Dec 31, 2027, 23:30 EST · Jan 1, 2028, 04:30 UTC');
    expect(localDateTimeToIso('2028-01-01T00:30', AUCKLAND)).toBe('2027-12-31T11:30:00.000Z');
    expect(isoToLocalInput(new Date('2027-12-31T11:30:00Z'), AUCKLAND)).toBe('2028-01-01T00:30');
  });

  it('29 February exists in 2028 only', () => {
    expect(localDateTimeToIso('2028-02-29T12:00', BERLIN)).toBe('2028-02-29T11:00:00.000Z');
    expect(localDateTimeToIso('2027-02-29T12:00', BERLIN)).toBe('invalid');
    expect(localDateTimeToIso('2028-02-30T12:00', BERLIN)).toBe('invalid');
    expect(formatZoneAndUtc(new Date('2028-02-29T23:30:00Z'), AUCKLAND)).toBe('Mar 1, 2028, 12:30 GMT+13 · Feb 29, 2028, 23:30 UTC');
    expect(isoToLocalInput(new Date('2028-02-29T23:30:00Z'), NEW_YORK)).toBe('2028-02-29T18:30');
  });
});

describe('showing an instant in the person\'s zone and in UTC', () => {
  it('round-trips through the field and names both zones', () => {
    const at = new Date('2026-11-27T13:30:00Z');
    expect(isoToLocalInput(at, PARIS)).toBe('2026-11-27T14:30');
    expect(localDateTimeToIso(isoToLocalInput(at, PARIS), PARIS)).toBe(at.toISOString());
    expect(formatZoneAndUtc(at, PARIS)).toBe('Nov 27, 2026, 14:30 CET · 13:30 UTC');
    expect(formatZoneAndUtc(new Date('2026-11-27T23:30:00Z'), PARIS)).toBe('Nov 28, 2026, 00:30 CET · Nov 27, 2026, 23:30 UTC');
    expect(formatZoneAndUtc(at, UTC)).toBe('Nov 27, 2026, 13:30 UTC');
    expect(formatInZone(at, NEW_YORK)).toBe('Nov 27, 2026, 08:30 EST');
  });

  it('shows the right local hour on both sides of each DST change', () => {
    expect(formatZoneAndUtc(new Date('2027-03-14T06:59:00Z'), NEW_YORK)).toBe('Mar 14, 2027, 01:59 EST · 06:59 UTC');
    expect(formatZoneAndUtc(new Date('2027-03-14T07:00:00Z'), NEW_YORK)).toBe('Mar 14, 2027, 03:00 EDT · 07:00 UTC');
    expect(formatZoneAndUtc(new Date('2027-11-07T05:30:00Z'), NEW_YORK)).toBe('Nov 7, 2027, 01:30 EDT · 05:30 UTC');
    expect(formatZoneAndUtc(new Date('2027-11-07T06:30:00Z'), NEW_YORK)).toBe('Nov 7, 2027, 01:30 EST · 06:30 UTC');
    expect(formatZoneAndUtc(new Date('2027-03-28T00:59:00Z'), BERLIN)).toBe('Mar 28, 2027, 01:59 CET · 00:59 UTC');
    expect(formatZoneAndUtc(new Date('2027-03-28T01:00:00Z'), BERLIN)).toBe('Mar 28, 2027, 03:00 CEST · 01:00 UTC');
    expect(formatZoneAndUtc(new Date('2027-10-31T00:30:00Z'), BERLIN)).toBe('Oct 31, 2027, 02:30 CEST · 00:30 UTC');
    expect(formatZoneAndUtc(new Date('2027-10-31T01:30:00Z'), BERLIN)).toBe('Oct 31, 2027, 02:30 CET · 01:30 UTC');
  });
});

describe('the page\'s zone on public pages and in email, with its short name', () => {
  const ETC_UTC = zone('Etc/UTC');

  it('Berlin: CET in winter, CEST in summer, on both sides of each change', () => {
    expect(formatInZone(new Date('2026-11-27T11:40:00Z'), BERLIN)).toBe('Nov 27, 2026, 12:40 CET');
    expect(formatInZone(new Date('2027-03-28T00:59:00Z'), BERLIN)).toBe('Mar 28, 2027, 01:59 CET');
    expect(formatInZone(new Date('2027-03-28T01:00:00Z'), BERLIN)).toBe('Mar 28, 2027, 03:00 CEST');
    // 02:30 happens twice on 31 October: first in summer time, then in winter time.
    expect(formatInZone(new Date('2027-10-31T00:30:00Z'), BERLIN)).toBe('Oct 31, 2027, 02:30 CEST');
    expect(formatInZone(new Date('2027-10-31T01:30:00Z'), BERLIN)).toBe('Oct 31, 2027, 02:30 CET');
  });

  it('New York: EST and EDT across the spring and autumn changes', () => {
    expect(formatInZone(new Date('2027-03-14T06:59:00Z'), NEW_YORK)).toBe('Mar 14, 2027, 01:59 EST');
    expect(formatInZone(new Date('2027-03-14T07:00:00Z'), NEW_YORK)).toBe('Mar 14, 2027, 03:00 EDT');
    expect(formatTimeInZone(new Date('2027-11-07T05:30:00Z'), NEW_YORK)).toBe('01:30 EDT');
    expect(formatTimeInZone(new Date('2027-11-07T06:30:00Z'), NEW_YORK)).toBe('01:30 EST');
  });

  it('the year end: the date is the zone\'s, not UTC\'s', () => {
    expect(formatInZone(new Date('2027-12-31T23:30:00Z'), BERLIN)).toBe('Jan 1, 2028, 00:30 CET');
    expect(formatInZone(new Date('2028-01-01T04:30:00Z'), NEW_YORK)).toBe('Dec 31, 2027, 23:30 EST');
    expect(formatStartInZone(new Date('2027-12-31T23:30:00Z'), BERLIN)).toBe('Jan 1, 2028, 00:30');
    expect(sameDayInZone(new Date('2027-12-31T22:30:00Z'), new Date('2027-12-31T23:30:00Z'), UTC)).toBe(true);
    expect(sameDayInZone(new Date('2027-12-31T22:30:00Z'), new Date('2027-12-31T23:30:00Z'), BERLIN)).toBe(false);
  });

  it('Etc/UTC, the default, still reads "UTC"', () => {
    expect(formatInZone(new Date('2026-11-27T11:40:00Z'), ETC_UTC)).toBe('Nov 27, 2026, 11:40 UTC');
    expect(formatTimeInZone(new Date('2026-11-27T11:40:00Z'), ETC_UTC)).toBe('11:40 UTC');
    expect(formatZoneAndUtc(new Date('2026-11-27T11:40:00Z'), ETC_UTC)).toBe('Nov 27, 2026, 11:40 UTC');
  });

  it('falls back to the offset where English has no name for the zone', () => {
    expect(zoneAbbreviation(new Date('2026-11-27T11:40:00Z'), zone('Asia/Kolkata'))).toBe('GMT+5:30');
    expect(zoneAbbreviation(new Date('2026-07-01T11:40:00Z'), zone('Europe/London'))).toBe('BST');
  });

  it('public pages use the page\'s zone, the hub the reader\'s', () => {
    expect(timeDisplayFor('/', 'America/New_York', 'Europe/Berlin')).toEqual({ hub: false, zone: 'Europe/Berlin' });
    expect(timeDisplayFor('/incidents/x', undefined, undefined)).toEqual({ hub: false, zone: 'UTC' });
    expect(timeDisplayFor('/admin', 'America/New_York', 'Europe/Berlin')).toEqual({ hub: true, zone: 'America/New_York' });
    expect(timeDisplayFor('/admin/audit', 'Mars/Olympus', 'Europe/Berlin')).toEqual({ hub: true, zone: 'UTC' });
    expect(timeDisplayFor('/administrators', 'America/New_York', 'Europe/Berlin').hub).toBe(false);
  });
});

describe('time zones', () => {
  it('knows IANA zones, in their canonical spelling, and refuses others', () => {
    expect(knownTimeZone('Europe/Berlin')).toBe('Europe/Berlin');
    expect(knownTimeZone('europe/berlin')).toBe('Europe/Berlin');
    expect(knownTimeZone(' UTC ')).toBe('UTC');
    expect(knownTimeZone('Mars/Olympus')).toBeNull();
    expect(knownTimeZone('')).toBeNull();
    expect(knownTimeZone(`Europe/${'x'.repeat(100)}`)).toBeNull();
  });

  it('refuses an unknown zone with a message for the form, next to the given field', () => {
    const refused = parseTimeZone('Mars/Olympus', 'scheduledFor');
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(Object.keys(refused.errors)).toEqual(['scheduledFor']);
    expect(refused.errors['scheduledFor']).toContain('Unknown time zone “Mars/Olympus”');
  });

  it('reads an empty zone as UTC (what the form says without JavaScript)', () => {
    expect(parseTimeZone('', 'scheduledFor')).toEqual({ ok: true, value: 'UTC' });
    expect(parseTimeZone('America/New_York', 'scheduledFor')).toEqual({ ok: true, value: 'America/New_York' });
  });

  it('shows stored times in UTC when the reader\'s zone is unknown (the text says UTC)', () => {
    expect(displayTimeZone('Mars/Olympus')).toBe('UTC');
    expect(displayTimeZone(undefined)).toBe('UTC');
    expect(displayTimeZone('Pacific/Auckland')).toBe('Pacific/Auckland');
  });
});
