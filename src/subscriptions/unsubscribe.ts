import { markSubscriberUnsubscribed } from '../../db/queries/subscribers.ts';
import { setWebhookEndpointEnabled } from '../../db/queries/webhook-endpoints.ts';
import type { Services } from '../services.ts';
import { verifySubscriberLinkToken } from './links.ts';
import type { Subscriber } from '../domain/subscriber.ts';

export type UnsubscribeResult = { outcome: 'unsubscribed'; email: string } | { outcome: 'invalid' };

/**
 * Unsubscribes at once. The token alone is the authority: this is what an RFC 8058
 * one-click POST from a mail provider calls, with no cookie, session or Origin.
 * A fan-out that starts afterwards reads the new status and skips this address.
 */
export async function unsubscribe(services: Services, token: string | null): Promise<UnsubscribeResult> {
  const subscriber = token === null ? null : await verifySubscriberLinkToken(services.db, token);
  if (subscriber === null) return { outcome: 'invalid' };
  await markSubscriberUnsubscribed(services.db, subscriber.id, services.now());
  // A webhook subscriber's endpoint stops at once (disabled, kept for its delivery log).
  if (subscriber.webhookEndpointId !== null) await setWebhookEndpointEnabled(services.db, subscriber.webhookEndpointId, false, 'The subscriber unsubscribed.', services.now());
  return { outcome: 'unsubscribed', email: subscriber.email };
}

/** The subscriber behind an unsubscribe/manage link, for the GET pages; null when the link is not valid. */
export async function findSubscriberForLink(services: Services, token: string | null): Promise<Subscriber | null> {
  return token === null ? null : verifySubscriberLinkToken(services.db, token);
}
