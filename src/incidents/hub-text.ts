import { describeMilestoneEvent } from './milestone-text.ts';
import { COMPONENT_STATUSES, type ComponentStatus, type IncidentStatus, type MaintenanceStatus, type Severity } from '../domain/types.ts';
import { describePrepEvent } from '../runbooks/timeline-text.ts';
import { describeComponentStatus, describeIncidentStatus } from '../status/overall-status.ts';
import { formatDuration } from '../status/page-view.ts';
import type { CadenceStatus } from './cadence.ts';
import type { TimelineEntry, UpdateView } from '../domain/incident-views.ts';
import { describeAlertEvent } from '../alerts/timeline-text.ts';
import { describePostmortemEvent } from '../postmortems/timeline-text.ts';

/**
 * The words of the signed-in hub: severities, cadence, update states and one
 * sentence per timeline event. Pure, so the wording is tested once and every page
 * says the same thing. Status is always said in words, never by colour alone.
 */

export const SEVERITY_WORDS: Readonly<Record<Severity, string>> = {
  SEV1: 'Critical',
  SEV2: 'Major',
  SEV3: 'Minor',
};

export const SEVERITY_HINTS: Readonly<Record<Severity, string>> = {
  SEV1: 'customers cannot use a core service; all hands',
  SEV2: 'a service is degraded or a feature is down for many',
  SEV3: 'limited impact, a workaround exists',
};

/** "SEV1 · Critical". */
export function describeSeverity(severity: Severity): string {
  return `${severity} · ${SEVERITY_WORDS[severity]}`;
}

const ROLE_WORDS: Readonly<Record<string, string>> = {
  commander: 'incident commander',
  comms_lead: 'communications lead',
  expert: 'subject-matter expert',
};

/** "42 min", "2 h 5 min": whole minutes, as people say them. */
export function formatMinutes(minutes: number): string {
  return minutes < 1 ? 'less than a minute' : formatDuration(minutes * 60);
}

/** "42 min ago", "just now". */
export function ago(from: Date, now: Date): string {
  const minutes = Math.floor((now.getTime() - from.getTime()) / 60_000);
  return minutes < 1 ? 'just now' : `${formatMinutes(minutes)} ago`;
}

/**
 * The cadence line of the dashboard:
 * "Last public update 42 min ago — overdue by 12 min (target every 30 min)".
 */
export function describeCadence(
  incident: { severity: Severity; isPublic: boolean; lastExternalUpdateAt: Date | null; startedAt: Date },
  cadence: CadenceStatus,
  now: Date,
): string {
  if (!incident.isPublic || incident.lastExternalUpdateAt === null) {
    return `Internal only: no public update yet (declared ${ago(incident.startedAt, now)})`;
  }
  const last = `Last public update ${ago(incident.lastExternalUpdateAt, now)}`;
  if (cadence.targetMinutes === null || cadence.dueAt === null) return `${last} (no update target for ${incident.severity})`;
  const target = `(target every ${formatMinutes(cadence.targetMinutes)})`;
  const diff = Math.abs(Math.round((now.getTime() - cadence.dueAt.getTime()) / 60_000));
  if (cadence.overdue) return `${last} — overdue by ${formatMinutes(Math.max(1, diff))} ${target}`;
  return `${last} — next due in ${formatMinutes(diff)} ${target}`;
}

/** "External", "Internal". */
export function describeAudience(audience: string): string {
  return audience === 'internal' ? 'Internal' : 'External';
}

/** "Draft", "Scheduled", "Published", "Cancelled" (the time is added by the page). */
export function describeUpdateState(state: UpdateView['state']): string {
  return { draft: 'Draft', scheduled: 'Scheduled', published: 'Published', cancelled: 'Cancelled' }[state];
}

const isComponentStatus = (value: unknown): value is ComponentStatus =>
  typeof value === 'string' && (COMPONENT_STATUSES as readonly string[]).includes(value);

const statusWords = (value: unknown): string => {
  if (isComponentStatus(value)) return describeComponentStatus(value);
  if (typeof value === 'string') {
    try {
      return describeIncidentStatus(value as IncidentStatus | MaintenanceStatus) ?? value;
    } catch {
      return value;
    }
  }
  return '—';
};

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** "API: Operational → Major outage" for each component change in an event's details. */
function componentLines(value: unknown, componentName: (id: string) => string | null): string[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown) => {
    if (typeof item !== 'object' || item === null) return [];
    const c = item as Record<string, unknown>;
    const id = text(c['componentId']);
    const name = text(c['name']) ?? (id ? componentName(id) : null) ?? 'A component';
    if ('newStatus' in c) return [`${name}: ${statusWords(c['oldStatus'])} → ${statusWords(c['newStatus'])}`];
    if ('status' in c) return [`${name}: ${statusWords(c['status'])}`];
    return [name];
  });
}

export interface TimelineSentence {
  /** What happened, without the actor: "published an external update (Identified)". */
  text: string;
  /** Extra lines: component changes. */
  lines: string[];
  /** A note's Markdown body, to render. */
  note: string | null;
}

/** Generic words for an event nobody taught the hub: "incident.foo_bar" → "incident: foo bar". */
function genericSentence(kind: string, details: Record<string, unknown>): TimelineSentence {
  const words = kind.replaceAll('_', ' ').replace('.', ': ');
  const lines = Object.entries(details)
    .filter(([, v]) => v !== null && v !== undefined && (typeof v !== 'object' || Array.isArray(v)))
    .slice(0, 6)
    .map(([k, v]) => `${k.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()}: ${Array.isArray(v) ? `${v.length} item(s)` : String(v)}`);
  return { text: words, lines, note: null };
}

/**
 * One sentence per timeline event, to follow the actor's name: "Casey Comms
 * published an external update (Investigating)". `zoneTime` formats a time for
 * the reader (scheduled times).
 */
export function describeTimelineEntry(
  entry: Pick<TimelineEntry, 'kind' | 'details'>,
  options: { zoneTime?: (date: Date) => string; componentName?: (id: string) => string | null } = {},
): TimelineSentence {
  const zoneTime = options.zoneTime ?? ((date: Date): string => date.toISOString());
  const componentName = options.componentName ?? ((): null => null);
  const d = entry.details;
  const audience = text(d['audience']) === 'internal' ? 'an internal' : 'an external';
  const status = text(d['status']);
  const withStatus = status ? ` (${statusWords(status)})` : '';
  const plain = (words: string, lines: string[] = []): TimelineSentence => ({ text: words, lines, note: null });
  switch (entry.kind) {
    case 'incident.declared': {
      const severity = text(d['severity']);
      const impact = text(d['impact']);
      const facts = [severity, impact ? `${impact} impact` : null].filter(Boolean).join(', ');
      return plain(`declared the incident${facts ? ` as ${facts}` : ''}${withStatus}`, componentLines(d['components'], componentName));
    }
    case 'incident.severity_changed':
      return plain(`changed the severity from ${text(d['from']) ?? '—'} to ${text(d['to']) ?? '—'}`);
    case 'incident.role_assigned': {
      const who = text(d['userName']) ?? 'someone';
      const role = ROLE_WORDS[text(d['role']) ?? ''] ?? 'a role';
      return plain(d['action'] === 'unassigned' ? `removed ${who} as ${role}` : `made ${who} ${role}`);
    }
    case 'incident.status_changed':
      return plain(`moved the incident from ${statusWords(d['from'])} to ${statusWords(d['to'])}`);
    case 'incident.resolved': {
      if (d['automatic'] === true) return plain('resolved the incident by itself: every alert resolved and its route resolves automatically');
      const minutes = typeof d['durationMinutes'] === 'number' ? d['durationMinutes'] : null;
      return plain(`resolved the incident${minutes !== null ? ` after ${formatMinutes(minutes)}` : ''}`);
    }
    case 'update.drafted':
      return plain(`drafted ${audience} update${withStatus}`);
    case 'update.edited':
      return plain(`edited ${audience} draft${withStatus}`);
    case 'update.scheduled': {
      const at = text(d['scheduledFor']);
      return plain(`scheduled ${audience} update${withStatus}${at ? ` for ${zoneTime(new Date(at))}` : ''}`);
    }
    case 'update.published': {
      const count = typeof d['recipients'] === 'number' ? ` (${d['recipients'].toLocaleString('en-US')})` : '';
      const asScheduled = d['scheduled'] === true ? ' (as scheduled)' : '';
      // Internal updates always go to the internal list and never to subscribers: say so, in other words.
      if (text(d['audience']) === 'internal') return plain(`posted an internal update${withStatus}${asScheduled} · internal list notified${count}`);
      return plain(
        `published an external update${withStatus}${asScheduled}${d['notify'] === true ? ` · subscribers notified${count}` : ' · no email sent'}`,
        componentLines(d['componentChanges'], componentName),
      );
    }
    case 'update.publish_blocked':
      return plain(`did not publish ${audience} scheduled update: ${text(d['reason']) ?? 'its author may no longer publish it'}`);
    case 'update.cancelled':
      return plain(`cancelled ${audience} ${text(d['previousState']) === 'scheduled' ? 'scheduled update' : 'draft'}`);
    case 'incident.update_overdue': {
      const at = text(d['dueAt']);
      const emailed = Array.isArray(d['emailed']) ? d['emailed'].filter((name): name is string => typeof name === 'string') : [];
      const due = `the external update was due${at ? ` at ${zoneTime(new Date(at))}` : ''}`;
      return plain(emailed.length > 0 ? `sent a reminder: ${due}; emailed ${emailed.join(' and ')}` : `noted that ${due}; nobody to email (no commander or comms lead)`);
    }
    case 'incident.renamed':
      return plain(`renamed the incident from “${text(d['from']) ?? '—'}” to “${text(d['to']) ?? '—'}”`);
    case 'incident.metadata_changed':
      return plain('changed the incident’s API metadata');
    case 'incident.backfilled': {
      const at = text(d['resolvedAt']);
      return plain(`recorded the incident after the fact${at ? `, resolved at ${zoneTime(new Date(at))}` : ''} · no email sent`);
    }
    case 'note.added':
      return { text: 'added a note', lines: [], note: text(d['body']) };
    case 'user.signed_in':
      return plain('signed in');
    default: {
      const prep = describePrepEvent(entry.kind, d);
      if (prep !== null) return plain(prep);
      const alert = describeAlertEvent(entry.kind, d) ?? describeMilestoneEvent(entry.kind, d, zoneTime);
      if (alert) return plain(alert.text, alert.lines);
      const postmortem = describePostmortemEvent(entry.kind, d);
      return postmortem ? plain(postmortem) : genericSentence(entry.kind, d);
    }
  }
}
