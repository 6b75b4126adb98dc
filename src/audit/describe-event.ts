import { COMPONENT_STATUSES, type ComponentStatus } from '../domain/types.ts';
import { describeComponentStatus } from '../status/overall-status.ts';
import type { AuditEvent } from '../domain/audit-event.ts';
import { describeTimelineEntry } from '../incidents/hub-text.ts';

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
  'user.invited': 'User invited',
  'user.invite_accepted': 'Invitation accepted',
  'maintenance.edited': 'Maintenance edited',
  'maintenance.rescheduled': 'Maintenance rescheduled',
  'maintenance.cancelled': 'Maintenance cancelled',
  'maintenance.reminded': 'Maintenance reminder sent',
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

function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (isStatus(value)) return describeComponentStatus(value);
  if (typeof value === 'string') return value.length > 120 ? `${value.slice(0, 119)}…` : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.every((item) => typeof item === 'string' || typeof item === 'number') ? value.join(', ') : `${value.length} items`;
  return JSON.stringify(value).slice(0, 120);
}

const words = (key: string): string => key.replace(/([a-z])([A-Z])/g, '$1 $2').replaceAll('_', ' ').toLowerCase();

/** One line saying what happened, from the event's details. */
export function summarizeAuditEvent(event: AuditEvent): string {
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
    case 'template.updated':
      return `${name ?? '—'} (${Array.isArray(d['changed']) ? d['changed'].join(', ') : 'changed'})`;
    default:
      break;
  }
  // Generic: the readable fields, ids left out (the incident column links those that matter).
  const parts: string[] = [];
  if (name !== null) parts.push(name);
  for (const [key, value] of Object.entries(d)) {
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
