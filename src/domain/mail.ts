/**
 * The outbox's vocabulary: what a notification is about, what a delivery carries
 * and how it stands, and what the admins are alerted about. db/schema.ts types its
 * columns with these, so the queries return them without casts.
 */

/** What the outbox says must be sent, and to which list. */
export type NotificationKind = 'incident' | 'maintenance' | 'internal';

/**
 * Update notifications, mail that belongs to no update (subscription mail, overdue-update
 * nudges, invitations, an endpoint disabled), and webhook posts.
 */
export const DELIVERY_KINDS = ['notification', 'confirmation', 'already-subscribed', 'overdue-nudge', 'invite', 'webhook', 'webhook-disabled', 'postmortem', 'action-item-assigned', 'action-item-overdue'] as const;
export type DeliveryKind = (typeof DELIVERY_KINDS)[number];

export type DeliveryStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'skipped';

/** How the deliveries of one update stand: a count per status. */
export interface DeliverySummary {
  queued: number;
  sending: number;
  sent: number;
  failed: number;
  skipped: number;
  /** False while the update's notification waits to be turned into deliveries (the counts are then all 0 for now). */
  fannedOut: boolean;
  /** Who the update's email is for: subscribers (external) or the internal list. */
  audience: 'external' | 'internal';
}

export type MailAlertKind = 'relay-outage' | 'retries-expired';
