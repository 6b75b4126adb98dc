import { ACTION_ITEM_STATUS_WORDS } from '../domain/action-item.ts';
import type { ActionItemStatus } from '../domain/learning.ts';

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

const FIELD_WORDS: Record<string, string> = {
  title: 'title',
  owner: 'owner',
  dueOn: 'due date',
  priority: 'priority',
  status: 'status',
  wontDoReason: 'reason',
  ticketUrl: 'ticket',
  components: 'components',
};

const valueWords = (field: string, value: unknown): string => {
  if (value === null || value === undefined || value === '') return 'none';
  if (field === 'status') return ACTION_ITEM_STATUS_WORDS[value as ActionItemStatus] ?? String(value);
  return String(value);
};

/**
 * Sentences for the timeline and audit log about preparation and follow-up: action
 * items, checklist ticks, runbook and checklist edits. Null for any other kind.
 */
export function describePrepEvent(kind: string, d: Record<string, unknown>): string | null {
  const title = text(d['title']) ?? 'an action item';
  switch (kind) {
    case 'action_item.created': {
      const facts = [text(d['priority']), text(d['owner']) ? `owner ${text(d['owner'])}` : 'no owner yet', text(d['dueOn']) ? `due ${text(d['dueOn'])}` : null].filter(Boolean).join(', ');
      return `added the action item “${title}” (${facts})`;
    }
    case 'action_item.updated': {
      const changes = (typeof d['changes'] === 'object' && d['changes'] !== null ? d['changes'] : {}) as Record<string, unknown>;
      const parts = Object.entries(changes).map(([field, pair]) => {
        const [from, to] = Array.isArray(pair) ? pair : [null, null];
        return `${FIELD_WORDS[field] ?? field} ${valueWords(field, from)} → ${valueWords(field, to)}`;
      });
      return `changed the action item “${title}”${parts.length > 0 ? `: ${parts.join('; ')}` : ''}`;
    }
    case 'action_item.overdue_reminded':
      return `reminded ${text(d['emailed']) ?? 'the owner'} by email that the action item “${title}” is overdue (due ${text(d['dueOn']) ?? '—'})`;
    case 'checklist.ticked':
      return `ticked “${text(d['item']) ?? 'an item'}” on the ${text(d['severity']) ?? ''} checklist`.replace('the  checklist', 'the checklist');
    case 'checklist.unticked':
      return `unticked “${text(d['item']) ?? 'an item'}” on the ${text(d['severity']) ?? ''} checklist`.replace('the  checklist', 'the checklist');
    case 'runbook.saved':
      return `saved version ${typeof d['version'] === 'number' ? d['version'] : '?'} of the ${text(d['component']) ?? 'component'} runbook`;
    case 'checklist.saved':
      return `edited the ${text(d['severity']) ?? ''} checklist (${Array.isArray(d['after']) ? d['after'].length : 0} items)`;
    default:
      return null;
  }
}
