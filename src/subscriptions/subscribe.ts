import { z } from 'zod';
import { newId } from '../../db/ids.ts';
import { findPageSettings } from '../../db/queries/page.ts';
import { countSubscribeRequestsFromIp, insertSubscribeRequest, listConfirmationTimes, lockSubscribeRequestsFor } from '../../db/queries/subscribe-requests.ts';
import { findSubscriberByEmail, insertSubscriber, replaceSubscriberComponents, updateSubscriberPending } from '../../db/queries/subscribers.ts';
import { confirmSubscriptionEmail } from '../../emails/confirm-subscription.ts';
import { hashSecret, randomString } from '../auth/session.ts';
import type { FieldErrors } from '../domain/result.ts';
import { parseInput } from '../http/validation.ts';
import type { Services } from '../services.ts';
import { componentNames, knownComponentIds, listComponentChoices } from './component-choices.ts';
import { emailAddress } from './email-address.ts';
import { subscriberTokenHash } from './links.ts';

/**
 * Subscribing (double opt-in). The rules:
 *
 * - POST /subscribe with an email (and optional component checkboxes; none = all)
 *   creates or refreshes a PENDING subscriber and sends one confirmation email with
 *   /subscribe/confirm?token=<subscriberId>.<secret>. The secret is random (120 bits),
 *   stored only as a SHA-256 hash (subscribers.confirmation_hash), expires after 48 h
 *   and works once. Only confirmed subscribers are ever notified.
 * - Unsubscribe/manage links are per subscriber and unguessable: see links.ts.
 * - The answer never reveals whether the address was already subscribed: every
 *   accepted request gets the same "Check your inbox" answer, whether an email was
 *   sent, refused by a limit, or the address is confirmed already (then nothing
 *   changes and nothing is sent, so a stranger cannot alter someone's choices).
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
  components: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value])),
});

export type SubscribeResult =
  | { outcome: 'accepted' }
  | { outcome: 'invalid'; errors: FieldErrors }
  | { outcome: 'rate-limited'; message: string };

export interface SubscribeContext {
  ip: string;
}

interface PendingEmail {
  subscriberId: string;
  email: string;
  token: string;
  components: string[] | null;
}

export async function subscribe(services: Services, input: Record<string, unknown>, context: SubscribeContext): Promise<SubscribeResult> {
  const honeypot = input[HONEYPOT_FIELD];
  if (typeof honeypot === 'string' && honeypot.trim() !== '') return { outcome: 'accepted' };

  const parsed = parseInput(schema, input);
  if (!parsed.ok) return { outcome: 'invalid', errors: parsed.errors };
  const { email } = parsed.value;
  const now = services.now();
  const db = services.db;

  const fromIp = await countSubscribeRequestsFromIp(db, context.ip, new Date(now.getTime() - IP_WINDOW_MS));
  if (fromIp >= REQUESTS_PER_IP) {
    return { outcome: 'rate-limited', message: 'Too many subscribe requests from your network. Please try again in an hour.' };
  }

  const choices = await listComponentChoices(db);
  const componentIds = knownComponentIds(choices, parsed.value.components);
  const allComponents = componentIds.length === 0;
  // Prepared outside the transaction: the link key may be created on first use.
  const newSubscriberId = newId();
  const tokenHash = await subscriberTokenHash(db, newSubscriberId);

  const pending = await db.transaction().execute(async (trx): Promise<PendingEmail | null> => {
    await lockSubscribeRequestsFor(trx, email);
    const existing = await findSubscriberByEmail(trx, email);
    const sentRecently = await listConfirmationTimes(trx, email, new Date(now.getTime() - EMAIL_DAY_MS));
    const limited = sentRecently.length >= EMAILS_PER_DAY || sentRecently.some((at) => at.getTime() > now.getTime() - EMAIL_GAP_MS);
    const send = !limited && existing?.status !== 'confirmed';
    await insertSubscribeRequest(trx, { email, ip: context.ip, confirmationSent: send, at: now });
    if (!send) return null;

    const secret = randomString();
    const confirmation = { confirmationHash: hashSecret(secret), confirmationExpiresAt: new Date(now.getTime() + CONFIRMATION_LIFETIME_MS), allComponents };
    let subscriberId: string;
    if (existing) {
      subscriberId = existing.id;
      await updateSubscriberPending(trx, subscriberId, confirmation);
    } else {
      subscriberId = newSubscriberId;
      await insertSubscriber(trx, { id: subscriberId, email, status: 'pending', tokenHash, ...confirmation, now, confirmedAt: null });
    }
    await replaceSubscriberComponents(trx, subscriberId, componentIds);
    return { subscriberId, email, token: `${subscriberId}.${secret}`, components: allComponents ? null : componentNames(choices, componentIds) };
  });

  if (pending !== null) await sendConfirmation(services, pending, now);
  return { outcome: 'accepted' };
}

async function sendConfirmation(services: Services, pending: PendingEmail, now: Date): Promise<void> {
  const pageUrl = services.config.publicUrl;
  const settings = await findPageSettings(services.db);
  const rendered = confirmSubscriptionEmail({
    pageName: settings?.name ?? 'Status',
    pageUrl,
    confirmUrl: `${pageUrl}/subscribe/confirm?token=${encodeURIComponent(pending.token)}`,
    components: pending.components,
    expiresInHours: CONFIRMATION_LIFETIME_MS / 3_600_000,
  });
  const host = new URL(pageUrl).hostname;
  // A failed send is not shown to the person (the answer must not depend on the
  // address); they can ask again once the 10-minute gap has passed.
  await services.mailer.send({ to: pending.email, ...rendered, messageId: `confirm-${pending.subscriberId}-${now.getTime()}@${host}`, headers: { 'Auto-Submitted': 'auto-generated' } });
}
