import { Temporal } from 'temporal-polyfill';
import { fail, ok, type Result } from '../domain/result.ts';

/**
 * A time zone the runtime knows (an IANA name such as "Europe/Paris", or "UTC"),
 * in its canonical spelling. The brand means it was checked: converting a typed
 * time in an unchecked zone is how "Mars/Olympus" used to become UTC without a word.
 */
export type TimeZone = string & { readonly __timeZone: true };

export const UTC = 'UTC' as TimeZone;

// Longer than any IANA name; a guard against a form field used as a dump.
const MAX_ZONE_LENGTH = 64;

/** The zone in its canonical spelling, or null when the runtime does not know it. */
export function knownTimeZone(zone: string): TimeZone | null {
  const name = zone.trim();
  if (name === '' || name.length > MAX_ZONE_LENGTH) return null;
  try {
    return Temporal.Instant.fromEpochMilliseconds(0).toZonedDateTimeISO(name).timeZoneId as TimeZone;
  } catch {
    return null;
  }
}

/** What a form shows when the zone its times are read in is unknown. */
export function unknownTimeZoneMessage(zone: string): string {
  return `Unknown time zone “${zone.trim()}”: Herald cannot tell when this time is. Set your device to a standard time zone (such as Europe/Paris or UTC) and reload the page.`;
}

/**
 * The zone a form's times are read in. An empty value is UTC: without JavaScript
 * the form's hidden field says UTC and the page names it next to the time fields.
 * An unknown zone is refused, keyed by `field` so the form shows it next to the time.
 */
export function parseTimeZone(zone: string, field: string): Result<TimeZone> {
  if (zone.trim() === '') return ok(UTC);
  const known = knownTimeZone(zone);
  return known === null ? fail({ [field]: unknownTimeZoneMessage(zone) }) : ok(known);
}

/**
 * The zone to show stored times in (the reader's `herald_tz` cookie). Unknown or
 * missing means UTC: only for display, and every time shown names its zone, so
 * nothing is misread.
 */
export function displayTimeZone(zone: string | null | undefined): TimeZone {
  return (zone ? knownTimeZone(zone) : null) ?? UTC;
}
