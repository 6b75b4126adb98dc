/**
 * Timeline sentences for alert intake's events (they follow the actor's name, which
 * for these is the API token's: "Prometheus opened this triage incident from 3 alerts").
 */

const SOURCE_WORDS: Record<string, string> = { alertmanager: 'Alertmanager', grafana: 'Grafana', generic: 'the generic endpoint' };

function count(n: unknown, one: string, many: string): string {
  const value = typeof n === 'number' ? n : 0;
  return `${value.toLocaleString('en-US')} ${value === 1 ? one : many}`;
}

function alertList(details: Record<string, unknown>): string[] {
  const listed = Array.isArray(details['alerts']) ? details['alerts'].filter((a): a is string => typeof a === 'string') : [];
  const total = typeof details['count'] === 'number' ? details['count'] : listed.length;
  return total > listed.length ? [...listed, `and ${(total - listed.length).toLocaleString('en-US')} more`] : listed;
}

export function describeAlertEvent(kind: string, details: Record<string, unknown>): { text: string; lines: string[] } | null {
  const source = SOURCE_WORDS[String(details['source'])] ?? 'alerts';
  switch (kind) {
    case 'alert.opened': {
      const route = typeof details['route'] === 'string' ? ` (route “${details['route']}”)` : '';
      return { text: `opened this triage incident from ${count(details['count'], 'alert', 'alerts')} sent by ${source}${route}`, lines: alertList(details) };
    }
    case 'alert.attached':
      return { text: `attached ${count(details['count'], 'alert', 'alerts')} from ${source} to this incident`, lines: alertList(details) };
    case 'alert.added':
      return { text: `added ${count(details['count'], 'new alert', 'new alerts')} of the same group`, lines: alertList(details) };
    case 'alert.resolved':
      return { text: `reported ${count(details['count'], 'alert', 'alerts')} resolved`, lines: alertList(details) };
    case 'alert.refired':
      return { text: `reported ${count(details['count'], 'alert', 'alerts')} firing again`, lines: alertList(details) };
    case 'alert.all_resolved':
      return { text: `reported every alert resolved (${count(details['count'], 'alert', 'alerts')}). Resolve?`, lines: [] };
    case 'alert.components_set':
      return { text: 'set the components’ status from the alert route', lines: [] };
    case 'triage.dismissed':
      return { text: 'dismissed this triage incident', lines: typeof details['reason'] === 'string' ? [`Reason: ${details['reason']}`] : [] };
    default:
      return null;
  }
}
