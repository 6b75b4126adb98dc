import { ACTION_ITEM_STATUS_WORDS } from '../domain/action-item.ts';
import { toCsv } from '../subscriptions/csv.ts';
import type { ActionItemRow } from './action-items-page.ts';

export const ACTION_ITEMS_CSV_HEADER = ['id', 'title', 'incident_id', 'incident_title', 'owner', 'priority', 'status', 'due_on', 'overdue', 'components', 'ticket_url', 'wont_do_reason', 'created_at', 'closed_at'];

/** Pure: the rows of /admin/action-items.csv (RFC 4180, CRLF, header line; formulas defused by toCsv). */
export function buildActionItemsCsv(items: readonly ActionItemRow[]): string {
  return toCsv([
    ACTION_ITEMS_CSV_HEADER,
    ...items.map((item) => [
      item.id,
      item.title,
      item.incidentId,
      item.incidentTitle,
      item.ownerName ?? '',
      item.priority,
      ACTION_ITEM_STATUS_WORDS[item.status],
      item.dueOn ?? '',
      item.overdue ? item.dueText : '',
      item.components.map((c) => c.name).join('; '),
      item.ticketUrl ?? '',
      item.wontDoReason ?? '',
      item.createdAt.toISOString(),
      item.closedAt?.toISOString() ?? '',
    ]),
  ]);
}
