import type { TimeZone } from '../time/time-zone.ts';
import { formatInZone, formatStartInZone, formatTimeInZone, zoneAbbreviation } from '../time/wall-clock.ts';
import { intlLocale, type Language } from './languages.ts';

export type TimeMode = 'full' | 'time' | 'start';

const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(lang: Language, zone: TimeZone, withDate: boolean): Intl.DateTimeFormat {
  const key = `${lang} ${zone} ${withDate}`;
  let format = formats.get(key);
  if (format === undefined) {
    format = new Intl.DateTimeFormat(intlLocale(lang), {
      timeZone: zone,
      ...(withDate ? { day: 'numeric', month: 'short', year: 'numeric' } : {}),
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formats.set(key, format);
  }
  return format;
}

/**
 * An instant in the page's zone, written for the language: English keeps
 * src/time/wall-clock.ts ("Nov 27, 2026, 12:40 CET"); the others use Intl
 * ("27. Nov. 2026, 12:40 CET", "27 nov. 2026, 12:40 CET"). The zone's short name
 * is the same everywhere, so it reads the same as the English page and emails.
 */
export function instantText(lang: Language, date: Date, zone: TimeZone, mode: TimeMode = 'full'): string {
  if (lang === 'en') return mode === 'time' ? formatTimeInZone(date, zone) : mode === 'start' ? formatStartInZone(date, zone) : formatInZone(date, zone);
  const text = formatFor(lang, zone, mode !== 'time').format(date);
  return mode === 'start' ? text : `${text} ${zoneAbbreviation(date, zone)}`;
}
