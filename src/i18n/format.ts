import type { ComponentStatus, Impact, IncidentStatus, MaintenanceStatus } from '../domain/types.ts';
import { formatDay, formatDuration, formatMonth } from '../status/page-view.ts';
import type { OverallStatus } from '../status/snapshot.ts';
import { formatUptimePercent } from '../status/uptime.ts';
import { intlLocale, type Language, type Translator } from './languages.ts';

/*
 * Words and numbers of the public page in the reader's language. English keeps the
 * page's existing helpers (src/status/page-view.ts), so its text is unchanged; the
 * other languages use Intl for dates, months and percentages.
 */

export function componentStatusText(tr: Translator, status: ComponentStatus | null): string {
  return tr.t(status === null ? 'component.none' : `component.${status}`);
}

export function incidentStatusText(tr: Translator, status: IncidentStatus | MaintenanceStatus): string {
  return tr.t(`incident.${status}`);
}

/** "Minor impact", "Maintenance". */
export function impactText(tr: Translator, impact: Impact | 'maintenance'): string {
  return tr.t(`impact.${impact}`);
}

/** The banner's words: Statuspage's, in the language. */
export function overallText(tr: Translator, overall: Pick<OverallStatus, 'indicator' | 'underMaintenance'>): string {
  return tr.t(overall.indicator === 'none' && overall.underMaintenance ? 'indicator.maintenance' : `indicator.${overall.indicator}`);
}

const dayFormats = new Map<Language, Intl.DateTimeFormat>();
const monthFormats = new Map<Language, Intl.DateTimeFormat>();
const percentFormats = new Map<Language, Intl.NumberFormat>();

function cached<T>(map: Map<Language, T>, lang: Language, make: () => T): T {
  let found = map.get(lang);
  if (found === undefined) {
    found = make();
    map.set(lang, found);
  }
  return found;
}

/** A YYYY-MM-DD (UTC) date: "Nov 3, 2026", "3. Nov. 2026", "3 nov. 2026". */
export function dayText(lang: Language, date: string): string {
  if (lang === 'en') return formatDay(date);
  const format = cached(dayFormats, lang, () => new Intl.DateTimeFormat(intlLocale(lang), { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }));
  return format.format(new Date(`${date}T12:00:00Z`));
}

/** A YYYY-MM month: "November 2026", "November 2026", "novembre 2026", "noviembre de 2026". */
export function monthText(lang: Language, month: string): string {
  if (lang === 'en') return formatMonth(month);
  const format = cached(monthFormats, lang, () => new Intl.DateTimeFormat(intlLocale(lang), { month: 'long', year: 'numeric', timeZone: 'UTC' }));
  return format.format(new Date(`${month}-15T12:00:00Z`));
}

/** An uptime ratio, floored to hundredths as in English: "99.70%", "99,70 %". */
export function percentText(lang: Language, ratio: number | null): string {
  const english = formatUptimePercent(ratio);
  if (lang === 'en' || !english.endsWith('%')) return english;
  const format = cached(percentFormats, lang, () => new Intl.NumberFormat(intlLocale(lang), { style: 'percent', minimumFractionDigits: 2, maximumFractionDigits: 2 }));
  return format.format(Number(english.slice(0, -1)) / 100);
}

/** Day units: "3 d 4 h" in English, "3 T 4 h" in German, "3 j 4 h" in French. */
const DAY_UNIT: Readonly<Record<Language, string>> = { en: 'd', de: 'T', fr: 'j', es: 'd' };

/** "25 min", "2 h 24 min", "3 d 4 h" (h and min are the same in all four languages). */
export function durationText(lang: Language, seconds: number): string {
  const english = formatDuration(seconds);
  return lang === 'en' ? english : english.replace(/(\d+) d\b/, `$1 ${DAY_UNIT[lang]}`);
}

export function durationBetweenText(lang: Language, startIso: string, endIso: string): string {
  return durationText(lang, Math.max(0, (Date.parse(endIso) - Date.parse(startIso)) / 1000));
}

/** The list separator of the language's prose ("A, B and C" is kept simple: commas). */
export function listText(names: string[]): string {
  return names.join(', ');
}
