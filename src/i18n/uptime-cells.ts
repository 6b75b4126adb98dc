import { LABEL_ORDER, type UptimeCell, uptimeCell, uptimeCells } from '../status/page-view.ts';
import type { UptimeDay } from '../status/snapshot.ts';
import { componentStatusText, dayText, durationText, percentText } from './format.ts';
import { type Language, translator } from './languages.ts';

/** The uptime bar's days (uptimeCells) with their details written in the language. */
export function localizedUptimeCells(days: UptimeDay[], lang: Language): UptimeCell[] {
  if (lang === 'en') return uptimeCells(days);
  const tr = translator(lang);
  return days.map((day, i) => {
    const durations = day.ratio === null ? [] : LABEL_ORDER.filter((s) => (day.seconds[s] ?? 0) > 0).map((s) => `${componentStatusText(tr, s)} ${durationText(lang, day.seconds[s] ?? 0)}`);
    const uptime = day.ratio === null ? null : tr.t('uptime.percent', { percent: percentText(lang, day.ratio) });
    const status = componentStatusText(tr, day.worst);
    const date = dayText(lang, day.date);
    const label = [`${date}: ${uptime ?? status}`, ...durations].join(', ') + (day.incidents.length > 0 ? `. ${day.incidents.map((inc) => inc.title).join('; ')}` : '');
    return uptimeCell(day, i, days.length, { day: date, status, uptime, durations, label });
  });
}
