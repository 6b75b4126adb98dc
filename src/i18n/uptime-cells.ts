import type { ComponentStatus } from '../domain/types.ts';
import { dayAgeClass, statusClass, type UptimeCell, uptimeCells } from '../status/page-view.ts';
import { incidentPath } from '../status/links.ts';
import type { UptimeDay } from '../status/snapshot.ts';
import { componentStatusText, dayText, durationText, percentText } from './format.ts';
import { type Language, translator } from './languages.ts';

// Worst first, as in English (src/status/page-view.ts).
const LABEL_ORDER: readonly ComponentStatus[] = ['major_outage', 'partial_outage', 'degraded_performance', 'under_maintenance'];

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
    const first = day.incidents[0];
    return {
      cls: statusClass(day.worst),
      day: date,
      status,
      uptime,
      durations,
      label,
      incidents: day.incidents.map((inc) => ({ title: inc.title, href: incidentPath(inc.id) })),
      href: first ? incidentPath(first.id) : null,
      age: dayAgeClass(i, days.length),
    };
  });
}
