import { Temporal } from 'temporal-polyfill';
import { UTC, type TimeZone } from './time-zone.ts';

/*
 * Wall-clock times (what a person reads on their clock, in their zone) and instants
 * (what Herald stores, in UTC). Time-zone arithmetic is left to Temporal, which
 * knows every zone's offsets and DST rules; nothing here adds or subtracts offsets.
 */

const LOCAL_INPUT = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/;

/**
 * A `datetime-local` value ("2026-11-27T14:30") read in `zone`, as an ISO instant.
 * Returns "" for an empty value and "invalid" for one that is not a date (30
 * February, 25:00), so the schema answers with its own message.
 *
 * Disambiguation is Temporal's "compatible", what calendars and `Date` do: a time
 * skipped when the clocks spring forward moves forward by the gap (02:30 on the
 * day New York jumps from 02:00 to 03:00 is 03:30 EDT), and a time that happens
 * twice when they fall back is the first of the two (the earlier offset).
 */
export function localDateTimeToIso(local: string, zone: TimeZone): string {
  const value = local.trim();
  if (value === '') return '';
  const match = LOCAL_INPUT.exec(value);
  if (!match) return 'invalid';
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number];
  let wallClock: Temporal.PlainDateTime;
  try {
    // 'reject' refuses 30 February and 25:00 instead of clamping them to another time.
    wallClock = Temporal.PlainDateTime.from({ year, month, day, hour, minute, second }, { overflow: 'reject' });
  } catch {
    return 'invalid';
  }
  const instant = wallClock.toZonedDateTime(zone, { disambiguation: 'compatible' });
  return new Date(instant.epochMilliseconds).toISOString();
}

function inZone(date: Date, zone: TimeZone): Temporal.ZonedDateTime {
  return Temporal.Instant.fromEpochMilliseconds(date.getTime()).toZonedDateTimeISO(zone);
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** The `datetime-local` value showing `date` in `zone` ("2026-11-27T14:30"). */
export function isoToLocalInput(date: Date, zone: TimeZone): string {
  const t = inZone(date, zone);
  return `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}T${pad(t.hour)}:${pad(t.minute)}`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function dayText(t: Temporal.ZonedDateTime): string {
  return `${MONTHS[t.month - 1]} ${t.day}, ${t.year}`;
}

function timeText(t: Temporal.ZonedDateTime): string {
  return `${pad(t.hour)}:${pad(t.minute)}`;
}

const namers = new Map<string, Intl.DateTimeFormat>();

function zoneNameIn(locale: string, zone: TimeZone, epochMs: number): string {
  const key = `${locale} ${zone}`;
  let namer = namers.get(key);
  if (namer === undefined) {
    namer = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'short' });
    namers.set(key, namer);
  }
  return namer.formatToParts(epochMs).find((part) => part.type === 'timeZoneName')?.value ?? zone;
}

/**
 * The zone's short name at that instant, as readers know it: "CET" in winter and
 * "CEST" in summer in Berlin, "EST"/"EDT" in New York, "UTC". American English names
 * American zones only and British English European ones, so both are asked; where
 * neither has a name (Asia/Kolkata) the offset stands in: "GMT+5:30".
 */
export function zoneAbbreviation(date: Date, zone: TimeZone): string {
  const at = date.getTime();
  const us = zoneNameIn('en-US', zone, at);
  if (!/^GMT[+-]/.test(us)) return us;
  const gb = zoneNameIn('en-GB', zone, at);
  return /^GMT[+-]/.test(gb) ? us : gb;
}

/** "Nov 27, 2026, 12:40 CET": the date and time in `zone`, with its short name. */
export function formatInZone(date: Date, zone: TimeZone): string {
  const t = inZone(date, zone);
  return `${dayText(t)}, ${timeText(t)} ${zoneAbbreviation(date, zone)}`;
}

/** "12:40 CET": the end of a range that starts the same day. */
export function formatTimeInZone(date: Date, zone: TimeZone): string {
  return `${timeText(inZone(date, zone))} ${zoneAbbreviation(date, zone)}`;
}

/** "Nov 27, 2026, 12:40": the start of a same-day range (the zone comes once, at its end). */
export function formatStartInZone(date: Date, zone: TimeZone): string {
  const t = inZone(date, zone);
  return `${dayText(t)}, ${timeText(t)}`;
}

/** Whether two instants fall on the same calendar day in `zone`. */
export function sameDayInZone(a: Date, b: Date, zone: TimeZone): boolean {
  return dayText(inZone(a, zone)) === dayText(inZone(b, zone));
}

/**
 * The hub's one way of writing a time: in the reader's zone, UTC on the side
 * ("Nov 27, 2026, 14:30 CET · 13:30 UTC"; the UTC date only when it differs).
 * In UTC itself, once: "Nov 27, 2026, 13:30 UTC".
 */
export function formatZoneAndUtc(date: Date, zone: TimeZone): string {
  const utc = formatInZone(date, UTC);
  if (zoneAbbreviation(date, zone) === 'UTC') return utc;
  const sameDay = dayText(inZone(date, zone)) === dayText(inZone(date, UTC));
  return `${formatInZone(date, zone)} · ${sameDay ? formatTimeInZone(date, UTC) : utc}`;
}
