import { describeComponentStatus, describeIncidentStatus } from '../../status/overall-status.ts';
import { latestUpdate, type WebhookEvent } from '../webhook-event.ts';

/** What a chat message says about an event, before Slack's or Teams' own markup. */
export interface ChatSummary {
  title: string;
  /** Markdown, as written (an update's body), or Herald's sentence. */
  body: string;
  facts: { title: string; value: string }[];
  link: { label: string; url: string } | null;
  /** One line for notifications and clients that show no cards. */
  fallback: string;
}

function titleOf(event: WebhookEvent): string {
  const name = event.incident?.name ?? '';
  switch (event.type) {
    case 'incident.created':
      return `New incident: ${name}`;
    case 'incident.resolved':
      return `Resolved: ${name}`;
    case 'incident.updated':
      return `Update: ${name}`;
    case 'maintenance':
      return `Maintenance: ${name}`;
    case 'postmortem.published':
      return `Postmortem: ${name}`;
    case 'update.overdue':
      return `Update overdue: ${event.incident?.severity ?? ''} ${name}`.replace(/\s+/g, ' ');
    case 'component.updated': {
      const change = event.componentChange;
      return change === null ? 'Component status changed' : `${change.component.name}: ${describeComponentStatus(change.newStatus)}`;
    }
    case 'test':
      return `Test event from ${event.page.name}`;
  }
}

function bodyOf(event: WebhookEvent): string {
  if (event.type === 'test') return 'Herald can reach this endpoint. Incident and component notifications will look like this.';
  if (event.type === 'update.overdue' && event.overdue !== null) {
    return `The next external update was due at ${event.overdue.dueAt.replace('T', ' ').slice(0, 16)} UTC (cadence: every ${event.overdue.targetMinutes} minutes). Customers are waiting for news.`;
  }
  if (event.type === 'postmortem.published' && event.postmortem) return event.postmortem.body;
  if (event.componentChange !== null) {
    const change = event.componentChange;
    return `${change.component.name} changed from ${describeComponentStatus(change.oldStatus)} to ${describeComponentStatus(change.newStatus)}.`;
  }
  return latestUpdate(event)?.body ?? '';
}

/** Pure: the parts every chat message is built from. */
export function summarizeEvent(event: WebhookEvent): ChatSummary {
  const internal = event.audience === 'internal';
  const title = `${internal ? '[Internal] ' : ''}${titleOf(event)}`.slice(0, 150);
  const facts: { title: string; value: string }[] = [];
  const incident = event.incident;
  if (incident !== null) {
    facts.push({ title: 'Status', value: describeIncidentStatus(latestUpdate(event)?.status ?? incident.status) });
    if (incident.severity !== null) facts.push({ title: 'Severity', value: incident.severity });
    const components = latestUpdate(event)?.affectedComponents.map((c) => `${c.name} (${describeComponentStatus(c.newStatus)})`) ?? [];
    const listed = components.length > 0 ? components : incident.components.map((c) => `${c.name} (${describeComponentStatus(c.status)})`);
    if (listed.length > 0) facts.push({ title: 'Components', value: listed.join(', ') });
    if (incident.scheduledFor !== null && incident.scheduledUntil !== null) {
      facts.push({ title: 'Window', value: `${incident.scheduledFor.replace('T', ' ').slice(0, 16)} – ${incident.scheduledUntil.replace('T', ' ').slice(0, 16)} UTC` });
    }
  }
  if (event.componentChange !== null) {
    facts.push({ title: 'Status', value: describeComponentStatus(event.componentChange.newStatus) });
    facts.push({ title: 'Was', value: describeComponentStatus(event.componentChange.oldStatus) });
  }
  if (internal) facts.push({ title: 'Audience', value: 'Internal: not shown on the public page' });
  const link =
    incident !== null
      ? { label: event.type === 'update.overdue' ? 'Write the update' : event.type === 'postmortem.published' ? 'Read the postmortem' : internal ? 'Open in Herald' : 'View incident', url: incident.url }
      : { label: 'View status page', url: event.page.url };
  const fallback = `${title}${facts.length > 0 ? ` — ${facts.map((f) => `${f.title}: ${f.value}`).join('; ')}` : ''}`;
  return { title, body: bodyOf(event), facts, link, fallback };
}
