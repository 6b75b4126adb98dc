import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { findSubscriberById, findSubscriberConfirmation, markSubscriberConfirmed, setSubscriberWebhookEndpoint } from '../../db/queries/subscribers.ts';
import { findWebhookEndpointById } from '../../db/queries/webhook-endpoints.ts';
import { addSubscriberWebhookEndpoint } from '../webhooks/add-endpoint.ts';
import { hashSecret } from '../auth/session.ts';
import type { Services } from '../services.ts';
import { subscriberLinkToken } from './links.ts';

export type ConfirmResult =
  | { outcome: 'confirmed'; email: string; webhook: { url: string; secret: string } | null; manageToken: string }
  /** Unknown, forged, or used already (the hash is cleared on use, so these look alike). */
  | { outcome: 'invalid' }
  | { outcome: 'expired' };

export type ConfirmationCheck = { outcome: 'valid'; email: string; webhookUrl: string | null } | { outcome: 'invalid' } | { outcome: 'expired' };

/** The subscriber a well-formed, unused token belongs to; checks the secret in constant time. */
async function checkToken(services: Pick<Services, 'db' | 'now'>, token: string | null): Promise<{ id: string; hash: Uint8Array; outcome: 'valid' } | { outcome: 'invalid' | 'expired' }> {
  const [id, secret, extra] = (token ?? '').split('.');
  if (!id || !secret || extra !== undefined || id.length > 64 || secret.length > 64) return { outcome: 'invalid' };
  const row = await findSubscriberConfirmation(services.db, id);
  const hash = hashSecret(secret);
  if (!row || row.confirmationHash === null || !constantTimeEqual(hash, row.confirmationHash)) return { outcome: 'invalid' };
  if (row.confirmationExpiresAt === null || row.confirmationExpiresAt.getTime() <= services.now().getTime()) return { outcome: 'expired' };
  return { outcome: 'valid', id, hash };
}

/**
 * What GET /subscribe/confirm shows: whether the link can still confirm, and for
 * which address. It changes nothing: link-scanning mail filters open every link in
 * a message, and must not confirm on the person's behalf. Only the page's button
 * (a POST, confirmSubscription) confirms.
 */
export async function checkConfirmation(services: Pick<Services, 'db' | 'now'>, token: string | null): Promise<ConfirmationCheck> {
  const checked = await checkToken(services, token);
  if (checked.outcome !== 'valid') return { outcome: checked.outcome };
  const subscriber = await findSubscriberById(services.db, checked.id);
  return subscriber === null ? { outcome: 'invalid' } : { outcome: 'valid', email: subscriber.email, webhookUrl: subscriber.webhookUrl };
}

/**
 * Confirms (the POST of the confirmation page) (`<subscriberId>.<secret>`): the subscriber becomes
 * confirmed and the hash is cleared in the same statement, so a link works once
 * even when opened twice at the same moment.
 *
 * A webhook subscriber: only now, confirmed by its contact, does its URL become an
 * endpoint (generic, external), in the same transaction as the confirmation, so
 * there is never a confirmed webhook subscriber without its endpoint (nor an
 * endpoint for an unconfirmed one). One who comes back after unsubscribing, or
 * with another URL, gets a new endpoint (the old one stays disabled, with its
 * delivery log). The signing secret is shown once, on the confirmation page, for
 * the receiver to verify posts.
 */
export async function confirmSubscription(services: Services, token: string | null): Promise<ConfirmResult> {
  const checked = await checkToken(services, token);
  if (checked.outcome !== 'valid') return { outcome: checked.outcome };
  const { id, hash } = checked;
  const now = services.now();
  const confirmed = await services.db.transaction().execute(async (trx) => {
    if (!(await markSubscriberConfirmed(trx, id, hash, now))) return null;
    const subscriber = await findSubscriberById(trx, id);
    if (subscriber === null) return null;
    let webhook: { url: string; secret: string } | null = null;
    if (subscriber.webhookUrl !== null) {
      const current = subscriber.webhookEndpointId === null ? null : await findWebhookEndpointById(trx, subscriber.webhookEndpointId);
      if (current === null || current.url !== subscriber.webhookUrl || current.disabledAt !== null) {
        const endpoint = await addSubscriberWebhookEndpoint(trx, now, { id, email: subscriber.email, url: subscriber.webhookUrl });
        await setSubscriberWebhookEndpoint(trx, id, endpoint.id);
        webhook = { url: subscriber.webhookUrl, secret: endpoint.secret };
      }
    }
    return { email: subscriber.email, webhook };
  });
  if (confirmed === null) return { outcome: 'invalid' };
  return { outcome: 'confirmed', ...confirmed, manageToken: await subscriberLinkToken(services.db, id) };
}
