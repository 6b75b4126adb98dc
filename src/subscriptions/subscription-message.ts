import type { ClaimedDelivery } from '../../db/queries/deliveries.ts';
import { alreadySubscribedEmail } from '../../emails/already-subscribed.ts';
import { confirmSubscriptionEmail } from '../../emails/confirm-subscription.ts';
import type { OutgoingMessage } from '../mail/types.ts';
import { siteTitle } from '../settings/site-title.ts';

/**
 * What subscribe.ts queues with a subscription delivery (deliveries.payload): the
 * confirmation token (the only copy of its secret; cleared when the delivery is
 * done), when it expires, and the names of the components asked for.
 */
export interface ConfirmationPayload {
  token: string;
  expiresAt: string;
  components: string[] | null;
  lifetimeHours: number;
}

export function isConfirmationPayload(value: unknown): value is ConfirmationPayload {
  const payload = value as Partial<ConfirmationPayload> | null;
  return (
    typeof payload === 'object' &&
    payload !== null &&
    typeof payload.token === 'string' &&
    typeof payload.expiresAt === 'string' &&
    typeof payload.lifetimeHours === 'number' &&
    (payload.components === null || (Array.isArray(payload.components) && payload.components.every((name) => typeof name === 'string')))
  );
}

export interface SubscriptionMessageContext {
  pageName: string;
  /** The brand (notifications/page-brand.ts); absent: Herald's defaults. */
  logoUrl?: string | null;
  accent?: string | null;
  publicUrl: string;
  /** The subscriber's manage/unsubscribe token (links.ts). */
  linkToken: string;
}

/**
 * Pure: the message of a subscription delivery; null when its payload is unusable
 * (the delivery is then skipped). Confirmation links open a page with a button
 * (GET never confirms), so mail scanners that follow links confirm nothing.
 */
export function buildSubscriptionMessage(delivery: ClaimedDelivery, context: SubscriptionMessageContext): OutgoingMessage | null {
  const base = context.publicUrl;
  const headers = { 'Auto-Submitted': 'auto-generated' };
  if (delivery.kind === 'confirmation') {
    if (!isConfirmationPayload(delivery.payload)) return null;
    const rendered = confirmSubscriptionEmail({
      pageName: context.pageName,
      pageUrl: base,
      logoUrl: context.logoUrl ?? null,
      accent: context.accent ?? null,
      confirmUrl: `${base}/subscribe/confirm?token=${encodeURIComponent(delivery.payload.token)}`,
      components: delivery.payload.components,
      expiresInHours: delivery.payload.lifetimeHours,
      language: delivery.subscriberLanguage ?? 'en',
    });
    return { to: delivery.recipient, ...rendered, fromName: siteTitle(context.pageName), messageId: delivery.messageId, headers };
  }
  if (delivery.kind === 'already-subscribed') {
    const rendered = alreadySubscribedEmail({
      pageName: context.pageName,
      pageUrl: base,
      logoUrl: context.logoUrl ?? null,
      accent: context.accent ?? null,
      manageUrl: `${base}/subscribe/manage?token=${encodeURIComponent(context.linkToken)}`,
      language: delivery.subscriberLanguage ?? 'en',
    });
    return { to: delivery.recipient, ...rendered, fromName: siteTitle(context.pageName), messageId: delivery.messageId, headers };
  }
  return null;
}
