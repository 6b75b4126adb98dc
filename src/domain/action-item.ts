import type { ActionItemPriority, ActionItemStatus } from './learning.ts';
import type { Severity } from './types.ts';

/** A follow-up from an incident, as the hub shows it (owner and components named). */
export interface ActionItem {
  id: string;
  incidentId: string;
  incidentTitle: string;
  incidentSeverity: Severity;
  title: string;
  ownerId: string | null;
  ownerName: string | null;
  /** A calendar date, 'YYYY-MM-DD', or null when none was set. */
  dueOn: string | null;
  priority: ActionItemPriority;
  status: ActionItemStatus;
  wontDoReason: string | null;
  ticketUrl: string | null;
  components: { id: string; name: string }[];
  createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
  assignedNotifiedAt: Date | null;
  overdueNotifiedAt: Date | null;
}

/** What /admin/action-items filters by (all optional). */
export interface ActionItemFilter {
  ownerId?: string | null;
  status?: ActionItemStatus | null;
  componentId?: string | null;
  /** Only items still open or in progress whose due date is before `today`. */
  overdueBefore?: string | null;
  incidentId?: string | null;
}

export const ACTION_ITEM_STATUS_WORDS: Record<ActionItemStatus, string> = {
  open: 'Open',
  in_progress: 'In progress',
  done: 'Done',
  wont_do: 'Won’t do',
};
