import { randomBytes } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import {
  type ClaimedDelivery,
  claimDueDeliveries,
  extendClaim,
  markDeliveryFailed,
  markDeliveryRetry,
  markDeliverySent,
  markDeliverySkipped,
} from '../../db/queries/deliveries.ts';
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
import { findUpdateById } from '../../db/queries/updates.ts';
import { notificationMessageId } from '../mail/headers.ts';
import type { Services } from '../services.ts';
import { subscriberLinkToken } from '../subscriptions/links.ts';
import { buildMessage, type NotificationContent } from './build-message.ts';

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
 *    Failures: a 4xx or network error queues the delivery again with exponential
 *    backoff (2 s, 4 s, 8 s … capped at 5 min); a 5xx fails it for good and counts
 *    a bounce on the subscriber, suspended at the third. A subscriber who is no
 *    longer confirmed when their delivery comes up is skipped: unsubscribing takes
 *    effect even for deliveries already queued.
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

/** Fans out one pending notification; false when there is none left to take. */
async function fanOutOne(db: Db, publicUrl: string, now: Date, log: (message: string) => void): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const notification = await lockNextUnfannedNotification(trx);
    if (notification === null) return false;
    const pattern = messageIdPattern(notification.updateId, publicUrl);
    const added =
      notification.audience === 'internal'
        ? await insertInternalDeliveries(trx, notification, pattern)
        : await insertExternalDeliveries(trx, notification, pattern);
    await markNotificationFannedOut(trx, notification.id, now);
    log(`Notification of update ${notification.updateId}: ${added} deliveries queued.`);
    return true;
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
  const settings = await findPageSettings(db);
  return {
    kind: notification.kind,
    pageName: settings?.name ?? 'Status',
    publicUrl: config.publicUrl,
    unsubscribeMailto: config.unsubscribeMailto,
    update: { id: update.id, status: update.status, body: update.body, publishedAt: update.publishedAt ?? update.createdAt },
    incident: incident === null ? null : { id: incident.id, title: incident.title, impact: incident.impact },
    maintenance:
      maintenance === null ? null : { id: maintenance.id, title: maintenance.title, scheduledFor: maintenance.scheduledFor, scheduledUntil: maintenance.scheduledUntil },
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

export function startDeliveryLoop(options: DeliveryLoopOptions): DeliveryLoop {
  const { services } = options;
  const log = options.log ?? ((): void => {});
  const pollMs = options.pollMs ?? 500;
  const batchSize = options.batchSize ?? 200;
  // Twice the SMTP pool: while one message's acknowledgement goes to the database,
  // another is already waiting for the connection, so the pool never idles.
  const concurrency = options.concurrency ?? services.config.smtpPoolSize * 2;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;

  async function deliver(delivery: ClaimedDelivery, token: string, content: NotificationContent | null): Promise<void> {
    const { db, mailer } = services;
    if (content === null) {
      await markDeliverySkipped(db, delivery.id, token, 'The update or its notification no longer exists.');
      return;
    }
    if (content.kind !== 'internal' && (delivery.subscriberId === null || delivery.subscriberStatus !== 'confirmed')) {
      await markDeliverySkipped(db, delivery.id, token, `Subscriber is ${delivery.subscriberStatus ?? 'gone'}.`);
      return;
    }
    const linkToken = delivery.subscriberId === null ? null : await subscriberLinkToken(db, delivery.subscriberId);
    const result = await mailer.send(buildMessage(content, delivery, linkToken));
    if (result.ok) {
      if (!(await markDeliverySent(db, delivery.id, token))) log(`Delivery ${delivery.id} was sent after its claim lapsed (another worker owns it now).`);
    } else if (result.permanent) {
      await markDeliveryFailed(db, delivery.id, token, result.error, BOUNCES_BEFORE_SUSPENSION);
    } else {
      await markDeliveryRetry(db, delivery.id, token, backoffMs(delivery.attempts), result.error);
    }
  }

  async function runOnce(): Promise<number> {
    while (await fanOutOne(services.db, services.config.publicUrl, services.now(), log)) {
      // one notification per transaction, until none is left
    }
    const token = randomBytes(16).toString('base64url');
    const batch = await claimDueDeliveries(services.db, { token, limit: batchSize, leaseMs });
    if (batch.length === 0) return 0;

    const renew = setInterval(() => {
      extendClaim(services.db, token, leaseMs).catch((error: Error) => log(`Could not renew a delivery claim: ${error.message}`));
    }, Math.max(1_000, Math.floor(leaseMs / 3)));
    try {
      const contents = new Map<string, Promise<NotificationContent | null>>();
      const contentOf = (id: string): Promise<NotificationContent | null> => {
        let found = contents.get(id);
        if (found === undefined) {
          found = loadContent(services, id);
          contents.set(id, found);
        }
        return found;
      };
      await eachLimited(batch, concurrency, async (delivery) => {
        try {
          await deliver(delivery, token, await contentOf(delivery.notificationId));
        } catch (error) {
          // Unexpected (database gone): the claim lapses and another pass retries it.
          log(`Delivery ${delivery.id} failed unexpectedly: ${(error as Error).message}`);
        }
      });
    } finally {
      clearInterval(renew);
    }
    return batch.length;
  }

  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let wake: (() => void) | null = null;

  const loop = async (): Promise<void> => {
    while (!stopped) {
      let handled = 0;
      try {
        handled = await runOnce();
      } catch (error) {
        log(`Delivery loop error: ${(error as Error).message}`);
      }
      if (handled === 0 && !stopped) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          timer = setTimeout(resolve, pollMs);
        });
        wake = null;
      }
    }
  };
  if (options.background ?? true) running = loop();

  return {
    runOnce,
    async stop(): Promise<void> {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
      wake?.();
      await running;
    },
  };
}
