import type { Language } from '../i18n/languages.ts';
import { z } from 'zod';
import { newId } from '../../db/ids.ts';
import { insertDirectDelivery } from '../../db/queries/deliveries.ts';
import { countSubscribeRequestsFromIp, insertSubscribeRequest, listConfirmationTimes, lockSubscribeRequestsFor } from '../../db/queries/subscribe-requests.ts';
import { findSubscriberByEmail, insertSubscriber, replaceSubscriberComponents, updateSubscriberPending } from '../../db/queries/subscribers.ts';
import { hashSecret, randomString } from '../auth/session.ts';
import type { FieldErrors } from '../domain/result.ts';
import { parseInput } from '../domain/validation.ts';
import type { Services } from '../services.ts';
import { componentNames, formList, knownComponentIds, listComponentChoices } from './component-choices.ts';
import { emailAddress } from './email-address.ts';
import { subscriberTokenHash } from './links.ts';
import type { ConfirmationPayload } from './subscription-message.ts';
import { checkWebhookUrl } from '../webhooks/check-webhook-url.ts';

/**
 * Subscribing (double opt-in). The rules:
 *
 * - POST /subscribe with an email (and optional component checkboxes; none = all)
 *   creates or refreshes a PENDING subscriber and queues one confirmation email with
 *   /subscribe/confirm?token=<subscriberId>.<secret>. The secret is random (120 bits),
 *   stored as a SHA-256 hash (subscribers.confirmation_hash), expires after 48 h and
 *   works once; its only clear copy is the queued delivery's payload, cleared once
 *   the delivery is done. The link opens a page with a button: only its POST
 *   confirms, so mail scanners that open links confirm nothing.
 *   Only confirmed subscribers are ever notified.
 * - Unsubscribe/manage links are per subscriber and unguessable: see links.ts.
 * - The answer never reveals whether the address was already subscribed: every
 *   accepted request gets the same "Check your inbox" answer, whether an email was
 *   queued, refused by a limit, or the address is confirmed already (then nothing
 *   changes, so a stranger cannot alter someone's choices; the owner gets an
 *   "already subscribed" email with their manage link, under the same limits).
 * - Anti-bombing, counted in the database (subscribe_requests) so every process agrees:
 *   at most one confirmation email per address per 10 minutes and 3 per 24 hours
 *   (beyond: the same answer, no email); at most 10 requests per IP per hour
 *   (beyond: "too many", HTTP 429). A honeypot field people never see: filled in,
 *   the same success answer, nothing stored or sent.
 * - A malformed address (including CR/LF: header injection) is a field error.
 */

export const CONFIRMATION_LIFETIME_MS = 48 * 60 * 60 * 1000;
const EMAIL_GAP_MS = 10 * 60 * 1000;
const EMAIL_DAY_MS = 24 * 60 * 60 * 1000;
const EMAILS_PER_DAY = 3;
const IP_WINDOW_MS = 60 * 60 * 1000;
const REQUESTS_PER_IP = 10;
/** The honeypot field: hidden from people, filled in by naive bots. */
export const HONEYPOT_FIELD = 'website';

const schema = z.object({
  email: emailAddress,
  components: z.union([z.string(), z.array(z.string())]).optional().transform(formList),
  /** Ids of groups ticked as a whole ("whole group"): expanded to their components. */
  groups: z.union([z.string(), z.array(z.string())]).optional().transform(formList),
  /** "webhook": updates are posted to webhookUrl instead of emailed; email is the contact. */
  mode: z.preprocess((v) => (v === undefined || v === '' ? 'email' : v), z.enum(['email', 'webhook'], { message: 'Choose email or webhook.' })),
  webhookUrl: z.string({ message: 'Enter the URL to post to.' }).trim().max(2000, 'The URL is too long (2,000 characters at most).').optional(),
});

export type SubscribeResult =
  | { outcome: 'accepted' }
  | { outcome: 'invalid'; errors: FieldErrors }
  | { outcome: 'rate-limited'; message: string; retryAfterSeconds: number };

export interface SubscribeContext {
  ip: string;
  /** The language the page was shown in: stored, so their emails are written in it. */
  language?: Language;
}

/**
 * The request does the same work whatever the address — new, pending, confirmed or
 * unsubscribed: one subscribe_requests row, one subscriber write, one queued delivery
 * (a confirmation, or for a confirmed address an "already subscribed" note with
 * their manage link). Nothing is sent during the request: the delivery loop sends it
 * (src/notifications/delivery-loop.ts), so a slow relay cannot make the answer's
 * timing tell whether an address is subscribed.
 */
export async function subscribe(services: Services, input: Record<string, unknown>, context: SubscribeContext): Promise<SubscribeResult> {
  const honeypot = input[HONEYPOT_FIELD];
  if (typeof honeypot === 'string' && honeypot.trim() !== '') return { outcome: 'accepted' };

  const parsed = parseInput(schema, input);
  if (!parsed.ok) return { outcome: 'invalid', errors: parsed.errors };
  const { email } = parsed.value;
  let webhookUrl: string | null = null;
  if (parsed.value.mode === 'webhook') {
    webhookUrl = parsed.value.webhookUrl ?? '';
    const problem = webhookUrl === '' ? 'Enter the URL to post updates to.' : await checkWebhookUrl(webhookUrl, services.config.webhookAllowPrivate, undefined, { forPublic: true });
    if (problem !== null) return { outcome: 'invalid', errors: { webhookUrl: problem } };
  }
  const now = services.now();
  const db = services.db;

  const fromIp = await countSubscribeRequestsFromIp(db, context.ip, new Date(now.getTime() - IP_WINDOW_MS));
  if (fromIp >= REQUESTS_PER_IP) {
    return { outcome: 'rate-limited', message: 'Too many subscribe requests from your network. Please try again in an hour.', retryAfterSeconds: IP_WINDOW_MS / 1000 };
  }

  const choices = await listComponentChoices(db);
  const componentIds = knownComponentIds(choices, parsed.value.components, parsed.value.groups);
  const allComponents = componentIds.length === 0;
  // Prepared outside the transaction: the link key may be created on first use.
  const newSubscriberId = newId();
  const tokenHash = await subscriberTokenHash(db, newSubscriberId);
  const host = new URL(services.config.publicUrl).hostname;
  // Prepared whatever the address, so every path does the same work.
  const secret = randomString();
  const expiresAt = new Date(now.getTime() + CONFIRMATION_LIFETIME_MS);

  await db.transaction().execute(async (trx): Promise<void> => {
    await lockSubscribeRequestsFor(trx, email);
    const existing = await findSubscriberByEmail(trx, email);
    const sentRecently = await listConfirmationTimes(trx, email, new Date(now.getTime() - EMAIL_DAY_MS));
    const limited = sentRecently.length >= EMAILS_PER_DAY || sentRecently.some((at) => at.getTime() > now.getTime() - EMAIL_GAP_MS);
    await insertSubscribeRequest(trx, { email, ip: context.ip, confirmationSent: !limited, at: now });
    // Over the per-address limit: the same answer, nothing changes and nothing is queued
    // (a refused request must not replace the link already sent).
    if (limited) return;

    const subscriberId = existing?.id ?? newSubscriberId;
    if (existing?.status === 'confirmed') {
      // Confirmed already: a stranger must not change their choices, and the owner
      // learns of the request with a link to manage the subscription.
      await insertDirectDelivery(trx, {
        kind: 'already-subscribed',
        subscriberId,
        recipient: existing.email,
        messageId: `subscribed-${subscriberId}-${now.getTime()}@${host}`,
        payload: {},
        at: now,
      });
      return;
    }
    const confirmation = { confirmationHash: hashSecret(secret), confirmationExpiresAt: expiresAt, allComponents, webhookUrl, language: context.language ?? 'en' };
    if (existing) await updateSubscriberPending(trx, subscriberId, confirmation);
    else await insertSubscriber(trx, { id: subscriberId, email, status: 'pending', tokenHash, ...confirmation, now, confirmedAt: null });
    await replaceSubscriberComponents(trx, subscriberId, componentIds);
    const payload: ConfirmationPayload = {
      token: `${subscriberId}.${secret}`,
      expiresAt: expiresAt.toISOString(),
      components: allComponents ? null : componentNames(choices, componentIds),
      lifetimeHours: CONFIRMATION_LIFETIME_MS / 3_600_000,
    };
    await insertDirectDelivery(trx, {
      kind: 'confirmation',
      subscriberId,
      recipient: email,
      messageId: `confirm-${subscriberId}-${now.getTime()}@${host}`,
      payload: { ...payload },
      at: now,
    });
  });
  return { outcome: 'accepted' };
}
