import type { Db } from '../../db/client.ts';
import type { ClaimedDelivery } from '../../db/queries/deliveries.ts';
import { insertDirectDelivery } from '../../db/queries/deliveries.ts';
import { actionItemEmail } from '../../emails/action-item.ts';
import type { OutgoingMessage } from '../mail/types.ts';
import { siteTitle } from '../settings/site-title.ts';
import { formatDay } from './due-dates.ts';

/** What an 'action-item-assigned' or 'action-item-overdue' delivery carries (deliveries.payload). */
export interface ActionItemMailPayload {
  itemId: string;
  title: string;
  incidentId: string;
  incidentTitle: string;
  /** The owner's id when queued: a message for someone who no longer owns the item is not sent. */
  ownerId: string;
  name: string;
  priority: string;
  dueOn: string | null;
  /** Who assigned it (assigned mail only). */
  assignedBy: string | null;
}

export function isActionItemMailPayload(value: unknown): value is ActionItemMailPayload {
  const p = value as Partial<ActionItemMailPayload> | null;
  return (
    typeof p === 'object' &&
    p !== null &&
    ['itemId', 'title', 'incidentId', 'incidentTitle', 'ownerId', 'name', 'priority'].every((key) => typeof p[key as keyof ActionItemMailPayload] === 'string') &&
    (p.dueOn === null || typeof p.dueOn === 'string') &&
    (p.assignedBy === null || typeof p.assignedBy === 'string')
  );
}

/** Queues the owner's email in the caller's transaction (the outbox sends it after the commit). */
export async function queueActionItemMail(
  db: Db,
  kind: 'action-item-assigned' | 'action-item-overdue',
  recipient: string,
  payload: ActionItemMailPayload,
  context: { publicUrl: string; at: Date },
): Promise<void> {
  const host = new URL(context.publicUrl).hostname;
  await insertDirectDelivery(db, {
    kind,
    subscriberId: null,
    recipient,
    messageId: `${kind}-${payload.itemId}-${context.at.getTime()}-${payload.ownerId}@${host}`,
    payload: { ...payload },
    at: context.at,
  });
}

/** Pure: the owner's message; null when the payload is unusable (the delivery is then skipped). */
export function buildActionItemMessage(
  delivery: ClaimedDelivery,
  context: { pageName: string; publicUrl: string; logoUrl?: string | null; accent?: string | null; today: string },
): OutgoingMessage | null {
  const payload = delivery.payload;
  if (!isActionItemMailPayload(payload) || (delivery.kind !== 'action-item-assigned' && delivery.kind !== 'action-item-overdue')) return null;
  const rendered = actionItemEmail({
    kind: delivery.kind === 'action-item-assigned' ? 'assigned' : 'overdue',
    pageName: context.pageName,
    pageUrl: context.publicUrl,
    logoUrl: context.logoUrl ?? null,
    accent: context.accent ?? null,
    name: payload.name,
    title: payload.title,
    priority: payload.priority,
    dueText: payload.dueOn === null ? null : formatDay(payload.dueOn),
    dueOn: payload.dueOn,
    today: context.today,
    incidentTitle: payload.incidentTitle,
    assignedBy: payload.assignedBy,
    itemUrl: `${context.publicUrl}/admin/action-items/${encodeURIComponent(payload.itemId)}`,
  });
  return { to: delivery.recipient, ...rendered, fromName: siteTitle(context.pageName), messageId: delivery.messageId, headers: { 'Auto-Submitted': 'auto-generated' } };
}
