import { COMPONENT_STATUSES, type ComponentStatus } from '../domain/types.ts';
import { describeComponentStatus } from '../status/overall-status.ts';
import type { AuditEvent } from '../domain/audit-event.ts';
import { describeTimelineEntry } from '../incidents/hub-text.ts';
import { describePrepEvent } from '../runbooks/timeline-text.ts';
import { formatUtcDateTime } from '../status/page-view.ts';

/**
 * Words for the audit log. Events are written by many use cases, each with its own
 * details; the log must read well for the known ones and still say something
 * useful for any other, so unknown kinds fall back to a generic rendering.
 */

const KIND_LABELS: Readonly<Record<string, string>> = {
  'component.created': 'Component created',
  'component.updated': 'Component edited',
  'component.deleted': 'Component deleted',
  'component.moved': 'Component moved',
  'component.status_changed': 'Component status changed',
  'component_group.created': 'Group created',
  'component_group.updated': 'Group edited',
  'component_group.deleted': 'Group deleted',
  'component_group.moved': 'Group moved',
  'template.created': 'Template created',
  'template.updated': 'Template edited',
  'template.deleted': 'Template deleted',
  'user.signed_in': 'Signed in',
  'user.sign_in_ceiling_reached': 'Many wrong passwords for an account',
  'subscribers.viewed': 'Subscriber list viewed',
  'subscribers.exported': 'Subscribers exported',
  'subscribers.imported': 'Subscribers imported',
  'subscribers.reactivated': 'Subscribers reactivated',
  'subscriber.removed': 'Subscriber removed',
  'settings.page_changed': 'Status page settings changed',
  'settings.logo_changed': 'Logo changed',
  'settings.favicon_changed': 'Favicon changed',
  'user.invited': 'User invited',
  'user.invite_accepted': 'Invitation accepted',
  'user.invite_resent': 'Invitation sent again',
  'user.invite_revoked': 'Invitation revoked',
  'maintenance.edited': 'Maintenance edited',
  'maintenance.rescheduled': 'Maintenance rescheduled',
  'maintenance.announcement_corrected': 'Maintenance announcement corrected',
  'maintenance.cancelled': 'Maintenance cancelled',
  'maintenance.reminded': 'Maintenance reminder sent',
  'token.created': 'API token created',
  'token.revoked': 'API token revoked',
  'alert_route.created': 'Alert route added',
  'alert_route.updated': 'Alert route edited',
  'alert_route.deleted': 'Alert route removed',
  'alert_route.moved': 'Alert route moved',
  'alert.opened': 'Triage incident opened from alerts',
  'triage.dismissed': 'Triage incident dismissed',
  'incident.deleted': 'Incident deleted',
  'incident.renamed': 'Incident renamed',
  'incident.backfilled': 'Incident recorded after the fact',
  'postmortem.started': 'Postmortem started',
  'postmortem.edited': 'Postmortem edited',
  'postmortem.timeline_regenerated': 'Postmortem timeline regenerated',
  'postmortem.submitted': 'Postmortem sent for review',
  'postmortem.published': 'Postmortem published internally',
  'postmortem.published_publicly': 'Postmortem published publicly',
  'postmortem.reverted': 'Postmortem reverted to draft',
  'settings.postmortems_changed': 'Postmortem settings changed',
  'root_cause_tag.added': 'Root-cause tag added',
  'root_cause_tag.removed': 'Root-cause tag removed',
};

/** "incident.role_assigned" → "Incident: role assigned", unless it has a label of its own. */
export function describeAuditKind(kind: string): string {
  const label = KIND_LABELS[kind];
  if (label) return label;
  const [head, ...rest] = kind.split('.');
  const words = (text: string): string => text.replaceAll('_', ' ');
  const first = words(head ?? kind);
  const capitalised = first.charAt(0).toUpperCase() + first.slice(1);
  return rest.length === 0 ? capitalised : `${capitalised}: ${words(rest.join(' '))}`;
}

const isStatus = (value: unknown): value is ComponentStatus => typeof value === 'string' && (COMPONENT_STATUSES as readonly string[]).includes(value);

/** Marks an instant inside a summary, so the page can show it in the reader's zone (see auditEventSegments). */
const MARK = '\u0001';
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A long text (an announcement) cut to what a log line can hold. */
function clip(value: unknown, max = 160): string {
  const text = typeof value === 'string' ? value.replace(/\s+/g, ' ').trim() : '';
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (isStatus(value)) return describeComponentStatus(value);
  if (typeof value === 'string' && ISO_INSTANT.test(value) && !Number.isNaN(Date.parse(value))) return `${MARK}${new Date(value).toISOString()}${MARK}`;
  if (typeof value === 'string') return value.length > 120 ? `${value.slice(0, 119)}…` : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    if (value.every((item) => typeof item === 'string' || typeof item === 'number')) return value.length === 0 ? 'none' : value.join(', ');
    return `${value.length} ${value.length === 1 ? 'entry' : 'entries'}`;
  }
  return JSON.stringify(value).slice(0, 120);
}

/** Component ids as names; an id no longer in the catalogue was a deleted component. */
type ComponentNames = ReadonlyMap<string, string>;
function componentList(ids: unknown, names: ComponentNames): string {
  if (!Array.isArray(ids)) return '—';
  if (ids.length === 0) return 'none';
  return ids.map((id) => (typeof id === 'string' ? (names.get(id) ?? 'a deleted component') : '?')).join(', ');
}

/** [{componentId, name?, status | oldStatus/newStatus}] → "API: Major outage, Web: Operational → Degraded performance". */
function componentChanges(list: unknown, names: ComponentNames): string | null {
  if (!Array.isArray(list) || list.length === 0) return null;
  return list
    .map((entry: unknown) => {
      const item = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
      const id = typeof item['componentId'] === 'string' ? item['componentId'] : '';
      const name = names.get(id) ?? (typeof item['name'] === 'string' ? item['name'] : 'a deleted component');
      if (item['newStatus'] !== undefined) return `${name}: ${show(item['oldStatus'])} → ${show(item['newStatus'])}`;
      return `${name}: ${show(item['status'])}`;
    })
    .join(', ');
}

const words = (key: string): string => key.replace(/([a-z])([A-Z])/g, '$1 $2').replaceAll('_', ' ').toLowerCase();

/** A piece of a summary: words, or an instant the page shows with <Time> (the reader's zone, UTC in its title). */
export type AuditSegment = { text: string } | { iso: string };

/** The summary in pieces, instants apart, for the page. */
export function auditEventSegments(event: AuditEvent, components: ComponentNames = new Map()): AuditSegment[] {
  return summarize(event, components)
    .split(MARK)
    .map((piece, index): AuditSegment => (index % 2 === 1 ? { iso: piece } : { text: piece }))
    .filter((segment) => !('text' in segment) || segment.text !== '');
}

/**
 * One line saying what happened, from the event's details, with component ids as
 * names (`components`: id → name, from the loader) and instants in UTC.
 */
export function summarizeAuditEvent(event: AuditEvent, components: ComponentNames = new Map()): string {
  return auditEventSegments(event, components)
    .map((segment) => ('iso' in segment ? formatUtcDateTime(segment.iso) : segment.text))
    .join('');
}

function summarize(event: AuditEvent, components: ComponentNames): string {
  const d = event.details;
  const name = typeof d['name'] === 'string' ? d['name'] : null;
  switch (event.kind) {
    case 'component.status_changed':
      // A status set by hand that an open incident or maintenance outranks is said so.
      return `${name ?? 'A component'}: ${show(d['oldStatus'])} → ${show(d['newStatus'])}${
        d['requested'] !== undefined && d['requested'] !== d['newStatus'] ? ` (set by hand: ${show(d['requested'])})` : ''
      }`;
    case 'component.moved':
    case 'component_group.moved':
      return `${name ?? '—'} moved ${d['direction'] === 'up' ? 'up' : 'down'}`;
    case 'component.updated':
    case 'component_group.updated': {
      const changes = typeof d['changes'] === 'object' && d['changes'] !== null ? (d['changes'] as Record<string, { from?: unknown; to?: unknown }>) : {};
      const parts = Object.entries(changes).map(([key, change]) => `${words(key)}: ${show(change?.from)} → ${show(change?.to)}`);
      return `${name ?? '—'} (${parts.join('; ') || 'no changes'})`;
    }
    case 'component_group.deleted': {
      const count = Array.isArray(d['ungroupedComponentIds']) ? d['ungroupedComponentIds'].length : 0;
      return `${name ?? '—'}${count > 0 ? ` (${count} component${count === 1 ? '' : 's'} now ungrouped)` : ''}`;
    }
    case 'update.published': {
      // The incident timeline's sentence, so the log never says "subscribers" of an internal update.
      const said = describeTimelineEntry(event).text;
      return said.charAt(0).toUpperCase() + said.slice(1);
    }
    case 'maintenance.edited': {
      // What changed between the before and after snapshots, in words.
      const before = (typeof d['before'] === 'object' && d['before'] !== null ? d['before'] : {}) as Record<string, unknown>;
      const after = (typeof d['after'] === 'object' && d['after'] !== null ? d['after'] : {}) as Record<string, unknown>;
      const parts: string[] = [];
      for (const key of ['title', 'scheduledFor', 'scheduledUntil']) {
        if (before[key] !== after[key]) parts.push(`${words(key)}: ${show(before[key])} → ${show(after[key])}`);
      }
      const was = componentList(before['componentIds'], components);
      const now = componentList(after['componentIds'], components);
      if (was !== now) parts.push(`components: ${was} → ${now}`);
      return parts.join(' · ') || 'reminder or notification settings changed';
    }
    case 'maintenance.announcement_corrected':
      return `announcement: “${clip(d['before'])}” → “${clip(d['after'])}” (${d['notified'] === true ? 'subscribers emailed the correction' : 'subscribers not emailed'})`;
    case 'template.updated':
      return `${name ?? '—'} (${Array.isArray(d['changed']) ? d['changed'].join(', ') : 'changed'})`;
    default: {
      // Action items, checklist ticks, runbook and checklist edits: the timeline's sentence.
      const prep = describePrepEvent(event.kind, d);
      if (prep !== null) return prep;
      break;
    }
  }
  // Generic: the readable fields, ids left out (the incident column links those that matter).
  const parts: string[] = [];
  if (name !== null) parts.push(name);
  for (const [key, value] of Object.entries(d)) {
    if (key === 'componentIds') {
      parts.push(`components: ${componentList(value, components)}`);
      continue;
    }
    if (key === 'components' || key === 'componentChanges') {
      const changes = componentChanges(value, components);
      if (changes !== null) parts.push(`components: ${changes}`);
      continue;
    }
    if (key === 'name' || /Ids?$/.test(key) || key === 'id') continue;
    if (key === 'from' && 'to' in d) {
      parts.push(`${show(value)} → ${show(d['to'])}`);
      continue;
    }
    if (key === 'to' && 'from' in d) continue;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) continue;
    parts.push(`${words(key)}: ${show(value)}`);
  }
  return parts.join(' · ');
}
