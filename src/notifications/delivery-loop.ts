import { randomBytes } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import {
  type ClaimedDelivery,
  claimDueDeliveries,
  expireStaleDeliveries,
  extendClaim,
  markDeliveryFailed,
  markDeliveryRetry,
  markDeliverySent,
  markDeliverySkipped,
} from '../../db/queries/deliveries.ts';
import { addToOpenRelayOutage, closeRelayOutage, insertExpiredRetriesAlert, openRelayOutage } from '../../db/queries/mail-alerts.ts';
import { findIncidentById } from '../../db/queries/incidents.ts';
import { findMaintenanceById } from '../../db/queries/maintenances.ts';
import {
  findNotificationById,
  insertExternalDeliveries,
  insertInternalDeliveries,
  listNotificationComponents,
  lockNextUnfannedNotification,
  markNotificationFannedOut,
  type MessageIdPattern,
} from '../../db/queries/notifications.ts';
import { findPageSettings } from '../../db/queries/page.ts';
import { pageBrandOf } from './page-brand.ts';
import { findUpdateById } from '../../db/queries/updates.ts';
import type { SendFailure } from '../mail/classify-failure.ts';
import { notificationMessageId } from '../mail/headers.ts';
import type { OutgoingMessage } from '../mail/types.ts';
import type { Services } from '../services.ts';
import { buildOverdueNudgeMessage, isOverdueNudgePayload } from '../incidents/overdue-nudge-message.ts';
import { actionItemMessageFor } from '../action-items/action-item-delivery.ts';
import { buildPostmortemMessage } from '../postmortems/postmortem-message.ts';
import { checkConfirmation } from '../subscriptions/confirm-subscription.ts';
import { subscriberLinkToken } from '../subscriptions/links.ts';
import { buildSubscriptionMessage, isConfirmationPayload } from '../subscriptions/subscription-message.ts';
import { checkInvite } from '../users/accept-invite.ts';
import { buildInviteMessage, isInvitePayload } from '../users/invite-message.ts';
import { findWebhookEndpointsByIds } from '../../db/queries/webhook-endpoints.ts';
import { createWebhookAcks, deliverWebhook } from '../webhooks/deliver-webhook.ts';
import { buildEndpointDisabledMessage } from '../webhooks/endpoint-disabled-message.ts';
import { createWebhookPoster, type WebhookPoster } from '../webhooks/http-post.ts';
import { recordUpdateWebhooks } from '../webhooks/record-webhook-event.ts';
import { buildMessage, type NotificationContent } from './build-message.ts';
import { createRelayBreaker, REFUSAL_WINDOW, refusalsLookLikeRelay } from './relay-breaker.ts';

/*
 * Notifications are a transactional outbox.
 *
 * 1. RECORD. publishUpdateNow (and the maintenance announcement and transitions)
 *    call recordNotification in the publishing transaction: one `notifications`
 *    row per update that must reach someone. Publishing sends nothing, so it
 *    returns at once whatever the subscriber count, and a publish that rolls back
 *    leaves no notification behind.
 *
 * 2. FAN OUT. Each worker process runs this loop. It locks a notification not yet
 *    fanned out (FOR UPDATE SKIP LOCKED: two workers never fan out the same one at
 *    once) and, in ONE transaction, inserts one `deliveries` row per recipient with
 *    insert … select … on conflict do nothing (unique per notification and
 *    address) and sets fanned_out_at. External: confirmed subscribers whose filter
 *    matches; internal: the internal list. Each delivery gets its Message-ID now,
 *    stable per (update, recipient), so a resend after a crash carries the same id
 *    and mail clients drop the duplicate.
 *
 * 3. SEND. The loop claims a batch of due deliveries (queued and due, or 'sending'
 *    with a lapsed claim) by setting a random claim_token and a lease, sends them
 *    `concurrency` at a time through services.mailer, and acknowledges each one
 *    ONLY IF the claim is still its own (`… where claim_token = $token`): a worker
 *    whose lease lapsed cannot mark anything. A delivery is marked sent only after
 *    the SMTP server accepted it; so a crash between the two re-sends exactly the
 *    messages in flight at that moment (at most `concurrency`), never loses one, and
 *    never sends again one recorded as sent.
 *
 *    The lease is short (30 s) and renewed every 10 s while the batch is worked:
 *    long enough never to lapse under a live worker (a slow SMTP server cannot make
 *    a live worker lose its batch), short enough that deliveries held by a killed
 *    worker are picked up again within half a minute, not minutes.
 *
 *    Failures are classified (src/mail/classify-failure.ts):
 *    - relay (connection, greeting, AUTH, MAIL FROM, network; or a batch the relay
 *      refused almost whole, see refusalsLookLikeRelay): the delivery is queued again
 *      with its attempt given back and never counted against the address; the
 *      process's circuit breaker (relay-breaker.ts) opens, so nothing more is sent
 *      until a single probe gets through; the first worker to see the outage records
 *      it in mail_alerts (the admin dashboard and outbox show it) and logs it, once.
 *    - bounce (5xx at RCPT TO, or a 5.1.x/5.2.x code): failed, a bounce counted on
 *      the subscriber, suspended at the third with the reason kept.
 *    - rejected (a 5xx that is not about the address, e.g. 5.7.1 policy): failed,
 *      not counted.
 *    - transient (4xx at RCPT TO or DATA): queued again with exponential backoff
 *      (2 s, 4 s, 8 s … capped at 5 min), for at most 72 hours from when it was
 *      queued; then failed, and the admins told once (mail_alerts, log).
 *    Refusals are acknowledged at the end of their batch, once it is known whether
 *    the batch as a whole was the relay's. A subscriber who is no longer confirmed
 *    when their delivery comes up is skipped: unsubscribing takes effect even for
 *    deliveries already queued.
 *
 * Subscription mail (confirmations, "already subscribed"), overdue-update nudges and
 * invitations to the hub go through the same queue, claimed before notifications:
 * the use case only inserts the delivery.
 *
 * Webhooks (src/webhooks/) are deliveries too: the fan-out queues one per endpoint
 * that wants the update's event (record-webhook-event.ts), component changes and
 * overdue nudges queue theirs in their own transactions, and this loop claims them
 * apart from email (the relay breaker never holds them back) and posts them with
 * the same claim, lease and acknowledge-only-if-still-ours rule
 * (deliver-webhook.ts: acknowledged only on a 2xx).
 */

export interface DeliveryLoopOptions {
  services: Omit<Services, 'jobs'>;
  log?: (message: string) => void;
  /** How long an idle loop waits before looking again. */
  pollMs?: number;
  /** Deliveries claimed at a time. */
  batchSize?: number;
  /** Messages sent in parallel (default: the SMTP pool size). */
  concurrency?: number;
  /** How long a claim lasts without renewal. */
  leaseMs?: number;
  /** False: no background polling, only runOnce() (tests drive it step by step). */
  background?: boolean;
  /** The relay breaker's first cool-down, doubled per failed probe up to relayRetryMaxMs. */
  relayRetryBaseMs?: number;
  relayRetryMaxMs?: number;
  /** How long a delivery is retried before it is given up (72 hours). */
  maxRetryAgeMs?: number;
  /** How often the loop looks for deliveries past maxRetryAgeMs. */
  expiryCheckEveryMs?: number;
  /** Webhook deliveries claimed at a time, and posted in parallel. */
  webhookBatchSize?: number;
  webhookConcurrency?: number;
  /** Posts webhooks (default: one built from the config's SSRF policy, closed by stop()). */
  webhookPoster?: WebhookPoster;
}

export interface DeliveryLoop {
  /** Stops polling and waits for the messages in flight to be sent and acknowledged. */
  stop(): Promise<void>;
  /** Fans out what is pending and works one batch; returns how many deliveries it handled. */
  runOnce(): Promise<number>;
}

export const BOUNCES_BEFORE_SUSPENSION = 3;
const BACKOFF_FIRST_MS = 2_000;
const BACKOFF_MAX_MS = 5 * 60_000;
const DEFAULT_LEASE_MS = 30_000;
export const MAX_RETRY_AGE_MS = 72 * 60 * 60_000;
const RELAY_RETRY_BASE_MS = 5_000;
const RELAY_RETRY_MAX_MS = 5 * 60_000;

/** 2 s after the first failed attempt, doubling, at most 5 minutes. */
export function backoffMs(attempts: number): number {
  return Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** Math.max(0, Math.min(attempts - 1, 20)));
}

const RECIPIENT_MARKER = 'RECIPIENTKEYMARKER';

/** notificationMessageId split around the recipient key, for the fan-out's SQL. */
function messageIdPattern(updateId: string, publicUrl: string): MessageIdPattern {
  const [prefix, suffix, extra] = notificationMessageId({ updateId, recipientKey: RECIPIENT_MARKER, publicUrl }).split(RECIPIENT_MARKER);
  if (prefix === undefined || suffix === undefined || extra !== undefined) throw new Error('Unexpected Message-ID shape');
  return { prefix, suffix };
}

/** Fans out one pending notification; null when there is none left to take, else the webhooks it queued. */
async function fanOutOne(db: Db, publicUrl: string, now: Date, log: (message: string) => void): Promise<number | null> {
  return db.transaction().execute(async (trx) => {
    const notification = await lockNextUnfannedNotification(trx);
    if (notification === null) return null;
    const pattern = messageIdPattern(notification.updateId, publicUrl);
    const added =
      notification.audience === 'internal'
        ? await insertInternalDeliveries(trx, notification, pattern)
        : await insertExternalDeliveries(trx, notification, pattern);
    const webhooks = await recordUpdateWebhooks(trx, notification, now);
    await markNotificationFannedOut(trx, notification.id, now);
    log(`Notification of update ${notification.updateId}: ${added} deliveries queued${webhooks > 0 ? `, and ${webhooks} webhooks` : ''}.`);
    return webhooks;
  });
}

async function loadContent(services: DeliveryLoopOptions['services'], notificationId: string): Promise<NotificationContent | null> {
  const { db, config } = services;
  const notification = await findNotificationById(db, notificationId);
  if (notification === null) return null;
  const update = await findUpdateById(db, notification.updateId);
  if (update === null) return null;
  const incident = update.incidentId === null ? null : await findIncidentById(db, update.incidentId);
  const maintenance = update.maintenanceId === null ? null : await findMaintenanceById(db, update.maintenanceId);
  const brand = pageBrandOf(await findPageSettings(db), config.publicUrl);
  return {
    kind: notification.kind,
    ...brand,
    publicUrl: config.publicUrl,
    unsubscribeMailto: config.unsubscribeMailto,
    update: { id: update.id, status: update.status, body: update.body, publishedAt: update.publishedAt ?? update.createdAt },
    incident: incident === null ? null : { id: incident.id, title: incident.title, impact: incident.impact },
    maintenance:
      maintenance === null ? null : { id: maintenance.id, title: maintenance.title, scheduledFor: maintenance.scheduledFor, scheduledUntil: maintenance.scheduledUntil, createdAt: maintenance.createdAt, startedAt: maintenance.startedAt, remindedAt: maintenance.remindedAt, correctionSentAt: maintenance.correctionSentAt },
    components: await listNotificationComponents(db, update.id),
  };
}

/** Runs `work` over `items`, at most `limit` at a time. */
async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await work(item);
    }
  });
  await Promise.all(runners);
}

/** A permanent refusal held until its batch is judged. */
interface Refusal {
  delivery: ClaimedDelivery;
  failure: SendFailure;
}

type Sent = 'accepted' | 'refused' | 'other';

export function startDeliveryLoop(options: DeliveryLoopOptions): DeliveryLoop {
  const { services } = options;
  const log = options.log ?? ((): void => {});
  const pollMs = options.pollMs ?? 500;
  const batchSize = options.batchSize ?? 200;
  // Twice the SMTP pool: while one message's acknowledgement goes to the database,
  // another is already waiting for the connection, so the pool never idles.
  const concurrency = options.concurrency ?? services.config.smtpPoolSize * 2;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const maxRetryAgeMs = options.maxRetryAgeMs ?? MAX_RETRY_AGE_MS;
  const expiryCheckEveryMs = options.expiryCheckEveryMs ?? 60_000;
  const breaker = createRelayBreaker({ baseMs: options.relayRetryBaseMs ?? RELAY_RETRY_BASE_MS, maxMs: options.relayRetryMaxMs ?? RELAY_RETRY_MAX_MS });
  /** The last REFUSAL_WINDOW answered messages: true refused, false accepted. */
  const recent: boolean[] = [];
  let lastExpiryCheck = Number.NEGATIVE_INFINITY;
  const nowMs = (): number => services.now().getTime();

  const remember = (refused: boolean): void => {
    recent.push(refused);
    if (recent.length > REFUSAL_WINDOW) recent.shift();
  };

  /** The relay failed: open the breaker; the first worker to see an outage tells the admins. */
  async function relayFailed(error: string): Promise<void> {
    const now = services.now();
    if (!breaker.recordFailure(now.getTime())) return;
    log(`SMTP relay failing (${error}); sending paused, retrying in ${Math.round(breaker.waitMs(now.getTime()) / 1000)} s.`);
    if (await openRelayOutage(services.db, now, error)) {
      log(`ALERT: email relay outage began at ${now.toISOString()}: ${error}. Shown to admins on the dashboard and in the outbox; no subscriber is counted as bouncing.`);
    }
  }

  async function relayWorks(): Promise<void> {
    if (!breaker.recordSuccess()) return;
    log('SMTP relay accepts mail again; sending resumed.');
    if (await closeRelayOutage(services.db, services.now())) log('Email relay outage over.');
  }

  async function defer(delivery: ClaimedDelivery, token: string, error: string, probe = false): Promise<void> {
    // Due when the breaker next lets a probe through (at least a second from now). A
    // failed probe waits one turn longer, so the next probe is another message: one
    // message the relay refuses on its own cannot hold all mail back.
    const wait = Math.max(1_000, breaker.waitMs(nowMs()));
    await markDeliveryRetry(services.db, delivery.id, token, { delayMs: probe ? wait * 2 : wait, error: `Relay failure (not counted against the address): ${error}`, relayFailure: true });
  }

  async function messageFor(delivery: ClaimedDelivery, token: string, content: NotificationContent | null): Promise<OutgoingMessage | null> {
    const { db } = services;
    if (delivery.kind === 'webhook-disabled') {
      const message = buildEndpointDisabledMessage(delivery, { pageName: (await findPageSettings(db))?.name ?? 'Status', publicUrl: services.config.publicUrl });
      if (message === null) await markDeliverySkipped(db, delivery.id, token, 'The message could not be built from what was queued.');
      return message;
    }
    if (delivery.kind === 'overdue-nudge') {
      // Resolved while the message waited (a relay outage): the reminder would only confuse.
      const incidentId = isOverdueNudgePayload(delivery.payload) ? delivery.payload.incidentId : null;
      const incident = incidentId === null ? null : await findIncidentById(db, incidentId);
      if (incident === null || incident.resolvedAt !== null) {
        await markDeliverySkipped(db, delivery.id, token, incident === null ? 'The incident no longer exists.' : 'The incident was resolved since.');
        return null;
      }
      const message = buildOverdueNudgeMessage(delivery, { ...pageBrandOf(await findPageSettings(db), services.config.publicUrl), publicUrl: services.config.publicUrl });
      if (message === null) await markDeliverySkipped(db, delivery.id, token, 'The message could not be built from what was queued.');
      return message;
    }
    if (delivery.kind === 'action-item-assigned' || delivery.kind === 'action-item-overdue') return actionItemMessageFor(services, delivery, token);
    if (delivery.kind === 'invite') {
      // A link replaced by "Resend", revoked, used or expired while the message waited
      // (a relay outage) would only disappoint: not sent.
      const check = isInvitePayload(delivery.payload) ? await checkInvite(db, delivery.payload.token, services.now()) : null;
      if (check === null || check.state !== 'valid') {
        await markDeliverySkipped(db, delivery.id, token, `The invitation link is ${check?.state === 'expired' ? 'expired' : check?.state === 'used' ? 'already used' : 'no longer valid (resent or revoked)'}.`);
        return null;
      }
      const message = buildInviteMessage(delivery, { pageName: (await findPageSettings(db))?.name ?? 'Status', publicUrl: services.config.publicUrl });
      if (message === null) await markDeliverySkipped(db, delivery.id, token, 'The message could not be built from what was queued.');
      return message;
    }
    if (delivery.kind === 'postmortem') {
      // To a subscriber, like an update: not sent once they left.
      if (delivery.subscriberId === null || delivery.subscriberStatus !== 'confirmed') {
        await markDeliverySkipped(db, delivery.id, token, `Subscriber is ${delivery.subscriberStatus ?? 'gone'}.`);
        return null;
      }
      const message = buildPostmortemMessage(delivery, {
        ...pageBrandOf(await findPageSettings(db), services.config.publicUrl),
        publicUrl: services.config.publicUrl,
        unsubscribeMailto: services.config.unsubscribeMailto,
        linkToken: await subscriberLinkToken(db, delivery.subscriberId),
      });
      if (message === null) await markDeliverySkipped(db, delivery.id, token, 'The message could not be built from what was queued.');
      return message;
    }
    if (delivery.kind !== 'notification') {
      const wanted = delivery.kind === 'confirmation' ? 'pending' : 'confirmed';
      if (delivery.subscriberId === null || delivery.subscriberStatus !== wanted) {
        await markDeliverySkipped(db, delivery.id, token, `Subscriber is ${delivery.subscriberStatus ?? 'gone'}.`);
        return null;
      }
      // A link replaced by a newer request, used, or expired while the message waited
      // (a relay outage) would only disappoint: not sent.
      if (delivery.kind === 'confirmation' && isConfirmationPayload(delivery.payload)) {
        const check = await checkConfirmation(services, delivery.payload.token);
        if (check.outcome !== 'valid') {
          await markDeliverySkipped(db, delivery.id, token, `The confirmation link is ${check.outcome === 'expired' ? 'expired' : 'no longer valid (replaced or used)'}.`);
          return null;
        }
      }
      const message = buildSubscriptionMessage(delivery, {
        ...pageBrandOf(await findPageSettings(db), services.config.publicUrl),
        publicUrl: services.config.publicUrl,
        linkToken: await subscriberLinkToken(db, delivery.subscriberId),
      });
      if (message === null) await markDeliverySkipped(db, delivery.id, token, 'The message could not be built from what was queued.');
      return message;
    }
    if (content === null) {
      await markDeliverySkipped(db, delivery.id, token, 'The update or its notification no longer exists.');
      return null;
    }
    if (content.kind !== 'internal' && (delivery.subscriberId === null || delivery.subscriberStatus !== 'confirmed')) {
      await markDeliverySkipped(db, delivery.id, token, `Subscriber is ${delivery.subscriberStatus ?? 'gone'}.`);
      return null;
    }
    const linkToken = delivery.subscriberId === null ? null : await subscriberLinkToken(db, delivery.subscriberId);
    return buildMessage(content, delivery, linkToken);
  }

  /** Sends one delivery; permanent refusals are returned, to be judged with their batch. */
  async function deliver(delivery: ClaimedDelivery, token: string, content: NotificationContent | null, refusals: Refusal[]): Promise<Sent> {
    const { db, mailer } = services;
    const probe = breaker.state(nowMs()) === 'half-open';
    // The relay failed earlier in this batch: don't send into it.
    if (breaker.state(nowMs()) === 'open') {
      await defer(delivery, token, 'sending paused while the relay fails');
      return 'other';
    }
    const message = await messageFor(delivery, token, content);
    if (message === null) return 'other';
    const result = await mailer.send(message);
    if (result.ok) {
      await relayWorks();
      if (!(await markDeliverySent(db, delivery.id, token))) log(`Delivery ${delivery.id} was sent after its claim lapsed (another worker owns it now).`);
      return 'accepted';
    }
    switch (result.kind) {
      case 'relay':
        await relayFailed(result.error);
        await defer(delivery, token, result.error, probe);
        return 'other';
      case 'transient':
        await markDeliveryRetry(db, delivery.id, token, { delayMs: backoffMs(delivery.attempts), error: result.error });
        return 'other';
      case 'bounce':
      case 'rejected':
        refusals.push({ delivery, failure: result });
        return 'refused';
    }
  }

  /** A batch's permanent refusals: the relay's when it refused almost everything, else each address's. */
  async function settleRefusals(refusals: readonly Refusal[], accepted: number, token: string): Promise<void> {
    if (refusals.length === 0) return;
    if (refusalsLookLikeRelay({ accepted, refused: refusals.length }, recent)) {
      const first = refusals[0]!.failure.error;
      await relayFailed(`${refusals.length} of ${accepted + refusals.length} recipients refused at once: ${first}`);
      for (const { delivery, failure } of refusals) await defer(delivery, token, failure.error);
      await addToOpenRelayOutage(services.db, refusals.length);
      return;
    }
    for (const { delivery, failure } of refusals) {
      await markDeliveryFailed(services.db, delivery.id, token, {
        error: failure.error,
        countBounce: failure.kind === 'bounce',
        suspendAfter: BOUNCES_BEFORE_SUSPENSION,
      });
    }
  }

  /** Gives up deliveries retried for longer than maxRetryAgeMs; the admins are told once per sweep. */
  async function expireStale(): Promise<void> {
    const now = services.now();
    if (now.getTime() - lastExpiryCheck < expiryCheckEveryMs) return;
    lastExpiryCheck = now.getTime();
    const hours = Math.round(maxRetryAgeMs / 3_600_000);
    const expired = await expireStaleDeliveries(services.db, new Date(now.getTime() - maxRetryAgeMs), hours);
    if (expired.count === 0) return;
    const detail = `${expired.count} ${expired.count === 1 ? 'message' : 'messages'} could not be delivered within ${hours} hours and ${expired.count === 1 ? 'was' : 'were'} given up. Last errors: ${expired.lastErrors.join(' | ')}`;
    await insertExpiredRetriesAlert(services.db, now, expired.count, detail);
    log(`ALERT: ${detail}`);
  }

  /** The idle loops' wake-up calls (stop, and webhooks just queued by a fan-out). */
  const wakers = new Set<() => void>();
  const webhookBatchSize = options.webhookBatchSize ?? 200;
  const webhookConcurrency = options.webhookConcurrency ?? 32;
  const ownPoster = options.webhookPoster === undefined;
  const poster = options.webhookPoster ?? createWebhookPoster({ allowPrivate: services.config.webhookAllowPrivate, maxSocketsPerHost: webhookConcurrency });

  /** Claims and posts one batch of due webhook deliveries; returns how many. */
  async function runWebhooks(): Promise<number> {
    const token = randomBytes(16).toString('base64url');
    const batch = await claimDueDeliveries(services.db, { token, limit: webhookBatchSize, leaseMs, channel: 'webhook' });
    if (batch.length === 0) return 0;
    const renew = setInterval(() => {
      extendClaim(services.db, token, leaseMs).catch((error: Error) => log(`Could not renew a delivery claim: ${error.message}`));
    }, Math.max(1_000, Math.floor(leaseMs / 3)));
    try {
      const endpoints = await findWebhookEndpointsByIds(services.db, [...new Set(batch.flatMap((d) => (d.webhookEndpointId ? [d.webhookEndpointId] : [])))]);
      const context = { services, poster, log };
      const acks = createWebhookAcks(context, token);
      await eachLimited(batch, webhookConcurrency, async (delivery) => {
        try {
          await deliverWebhook(context, delivery, endpoints.get(delivery.webhookEndpointId ?? ''), token, acks);
        } catch (error) {
          // Unexpected (database gone): the claim lapses and another pass retries it.
          log(`Webhook delivery ${delivery.id} failed unexpectedly: ${(error as Error).message}`);
        }
      });
      await acks.flush();
    } finally {
      clearInterval(renew);
    }
    return batch.length;
  }

  /** Fans out what is pending, then works one batch of email. */
  async function runMailOnce(): Promise<number> {
    let webhooks: number | null;
    // One notification per transaction, until none is left; webhooks queued wake their loop.
    while ((webhooks = await fanOutOne(services.db, services.config.publicUrl, services.now(), log)) !== null) {
      if (webhooks > 0) for (const wake of wakers) wake();
    }
    await expireStale();
    return runMail();
  }

  async function runOnce(): Promise<number> {
    const mail = await runMailOnce();
    return mail + (await runWebhooks());
  }

  async function runMail(): Promise<number> {
    const state = breaker.state(nowMs());
    // Open: nothing is sent until the cool-down ends. Half-open: one message probes the relay.
    if (state === 'open') return 0;
    const token = randomBytes(16).toString('base64url');
    const batch = await claimDueDeliveries(services.db, { token, limit: state === 'half-open' ? Math.min(1, batchSize) : batchSize, leaseMs });
    if (batch.length === 0) return 0;

    const renew = setInterval(() => {
      extendClaim(services.db, token, leaseMs).catch((error: Error) => log(`Could not renew a delivery claim: ${error.message}`));
    }, Math.max(1_000, Math.floor(leaseMs / 3)));
    try {
      const contents = new Map<string, Promise<NotificationContent | null>>();
      const contentOf = (id: string | null): Promise<NotificationContent | null> => {
        if (id === null) return Promise.resolve(null);
        let found = contents.get(id);
        if (found === undefined) {
          found = loadContent(services, id);
          contents.set(id, found);
        }
        return found;
      };
      const refusals: Refusal[] = [];
      let accepted = 0;
      await eachLimited(batch, concurrency, async (delivery) => {
        try {
          const sent = await deliver(delivery, token, await contentOf(delivery.notificationId), refusals);
          if (sent !== 'other') remember(sent === 'refused');
          if (sent === 'accepted') accepted += 1;
        } catch (error) {
          // Unexpected (database gone): the claim lapses and another pass retries it.
          log(`Delivery ${delivery.id} failed unexpectedly: ${(error as Error).message}`);
        }
      });
      await settleRefusals(refusals, accepted, token);
    } finally {
      clearInterval(renew);
    }
    return batch.length;
  }

  let stopped = false;
  const timers = new Set<NodeJS.Timeout>();
  let running: Promise<unknown> | null = null;

  // Email and webhooks loop apart, so a slow SMTP relay never holds webhooks back,
  // nor a receiver that takes its 10 seconds to answer holds email back.
  const loop = async (work: () => Promise<number>): Promise<void> => {
    while (!stopped) {
      let handled = 0;
      try {
        handled = await work();
      } catch (error) {
        log(`Delivery loop error: ${(error as Error).message}`);
      }
      if (handled === 0 && !stopped) {
        let timer: NodeJS.Timeout | null = null;
        let wake: (() => void) | null = null;
        await new Promise<void>((resolve) => {
          wake = resolve;
          timer = setTimeout(resolve, pollMs);
          timers.add(timer);
          wakers.add(resolve);
        });
        if (timer !== null) timers.delete(timer);
        if (wake !== null) wakers.delete(wake);
      }
    }
  };
  if (options.background ?? true) running = Promise.all([loop(runMailOnce), loop(runWebhooks)]);

  return {
    runOnce,
    async stop(): Promise<void> {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      for (const wake of wakers) wake();
      await running;
      if (ownPoster) poster.close();
    },
  };
}
