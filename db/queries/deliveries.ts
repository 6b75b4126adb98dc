import { sql } from 'kysely';
import type { Db } from '../client.ts';
import type { DeliveryKind, DeliverySummary } from '../../src/domain/mail.ts';
import type { Language } from '../../src/domain/language.ts';

/** One (notification, recipient) message, as a worker holds it after claiming it. */
export interface ClaimedDelivery {
  id: string;
  kind: DeliveryKind;
  /** Null for subscription mail (confirmation, already subscribed). */
  notificationId: string | null;
  /** What a subscription message needs (the confirmation token, the component names). */
  payload: Record<string, unknown> | null;
  subscriberId: string | null;
  recipient: string;
  messageId: string;
  attempts: number;
  /** The subscriber's status now (null without a subscriber: the internal list). */
  subscriberStatus: string | null;
  /** The language the subscriber subscribed in (null without a subscriber). */
  subscriberLanguage?: Language | null;
  /** The endpoint a 'webhook' delivery posts to (set by claimDueDeliveries; absent in previews). */
  webhookEndpointId?: string | null;
  /** When it was queued (by the application's clock): webhooks are given up 24 hours later. */
  createdAt?: Date;
}

/** Email and webhooks are claimed apart: a relay outage must not hold webhooks back, nor a slow receiver email. */
export type DeliveryChannel = 'mail' | 'webhook';

/**
 * Claims up to `limit` due deliveries for this worker: queued ones whose time has
 * come, and 'sending' ones whose claim lapsed (their worker died). Rows another
 * worker is claiming right now are skipped, not waited for. Only the holder of
 * `token` may acknowledge them (see markDeliverySent).
 */
export async function claimDueDeliveries(db: Db, options: { token: string; limit: number; leaseMs: number; channel?: DeliveryChannel }): Promise<ClaimedDelivery[]> {
  const webhooks = (options.channel ?? 'mail') === 'webhook';
  const rows = await db
    .updateTable('deliveries')
    .set({
      status: 'sending',
      claim_token: options.token,
      claim_expires_at: sql`now() + ${options.leaseMs} * interval '1 millisecond'`,
      attempts: sql`attempts + 1`,
    })
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('deliveries')
        .select('id')
        .where((w) =>
          w.or([
            w.and([w('status', '=', 'queued'), w('next_attempt_at', '<=', sql<Date>`now()`)]),
            w.and([w('status', '=', 'sending'), w('claim_expires_at', '<', sql<Date>`now()`)]),
          ]),
        )
        .where('kind', webhooks ? '=' : '!=', 'webhook')
        // Subscription mail first: someone is waiting for it now, and a 10,000-message
        // fan-out must not hold a confirmation back for minutes.
        .orderBy(sql`kind = 'notification'`)
        .orderBy('id')
        .limit(options.limit)
        .forUpdate()
        .skipLocked(),
    )
    .returning(['id', 'kind', 'notification_id', 'payload', 'subscriber_id', 'recipient', 'message_id', 'attempts', 'webhook_endpoint_id', 'created_at'])
    .execute();
  if (rows.length === 0) return [];
  const subscriberIds = [...new Set(rows.flatMap((row) => (row.subscriber_id === null ? [] : [row.subscriber_id])))];
  const statuses = new Map<string, string>();
  const languages = new Map<string, Language>();
  if (subscriberIds.length > 0) {
    for (const row of await db.selectFrom('subscribers').select(['id', 'status', 'language']).where('id', 'in', subscriberIds).execute()) {
      statuses.set(row.id, row.status);
      languages.set(row.id, row.language);
    }
  }
  return rows
    .map((row) => ({
      id: String(row.id),
      kind: row.kind,
      notificationId: row.notification_id,
      payload: row.payload,
      subscriberId: row.subscriber_id,
      recipient: row.recipient,
      messageId: row.message_id,
      attempts: row.attempts,
      subscriberStatus: row.subscriber_id === null ? null : (statuses.get(row.subscriber_id) ?? 'removed'),
      subscriberLanguage: row.subscriber_id === null ? null : (languages.get(row.subscriber_id) ?? null),
      webhookEndpointId: row.webhook_endpoint_id,
      createdAt: row.created_at,
    }))
    // The claim's order (subscription mail first, then oldest), which UPDATE … RETURNING does not keep.
    .sort((a, b) => Number(a.kind === 'notification') - Number(b.kind === 'notification') || Number(BigInt(a.id) - BigInt(b.id)));
}

/** Keeps this worker's claim alive while it is still working through the batch. */
export async function extendClaim(db: Db, token: string, leaseMs: number): Promise<void> {
  await db
    .updateTable('deliveries')
    .set({ claim_expires_at: sql`now() + ${leaseMs} * interval '1 millisecond'` })
    .where('claim_token', '=', token)
    .where('status', '=', 'sending')
    .execute();
}

/** Acknowledges a send; false when the claim is no longer ours (it lapsed and someone else holds it). */
export async function markDeliverySent(db: Db, id: string, token: string): Promise<boolean> {
  const result = await db
    .updateTable('deliveries')
    .set({ status: 'sent', sent_at: sql`now()`, claim_token: null, claim_expires_at: null, last_error: null, payload: null })
    .where('id', '=', id)
    .where('claim_token', '=', token)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Acknowledges several sends at once (a webhook batch's 2xx answers); only those whose claim is still ours. */
export async function markDeliveriesSent(db: Db, ids: readonly string[], token: string): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await db
    .updateTable('deliveries')
    .set({ status: 'sent', sent_at: sql`now()`, claim_token: null, claim_expires_at: null, last_error: null, payload: null })
    .where('id', 'in', [...ids])
    .where('claim_token', '=', token)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Not sent on purpose (the subscriber left or was suspended since the fan-out). */
export async function markDeliverySkipped(db: Db, id: string, token: string, reason: string): Promise<boolean> {
  const result = await db
    .updateTable('deliveries')
    .set({ status: 'skipped', claim_token: null, claim_expires_at: null, last_error: reason, payload: null })
    .where('id', '=', id)
    .where('claim_token', '=', token)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Queued again, due after `delayMs`: a transient failure of the delivery, or (with
 * `relayFailure`) of the relay (relay-failure.ts), whose claim's attempt is given
 * back, so an outage neither grows the delivery's own backoff nor counts against
 * the address.
 */
export async function markDeliveryRetry(
  db: Db,
  id: string,
  token: string,
  retry: { delayMs: number; error: string; relayFailure?: boolean },
): Promise<boolean> {
  const result = await db
    .updateTable('deliveries')
    .set({
      status: 'queued',
      ...(retry.relayFailure ? { attempts: sql<number>`greatest(attempts - 1, 0)` } : {}),
      next_attempt_at: sql`now() + ${retry.delayMs} * interval '1 millisecond'`,
      claim_token: null,
      claim_expires_at: null,
      last_error: retry.error.slice(0, 1000),
    })
    .where('id', '=', id)
    .where('claim_token', '=', token)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export interface FailureOutcome {
  error: string;
  /** A bounce (the address is bad): counted on the subscriber, suspended at `suspendAfter`. */
  countBounce: boolean;
  suspendAfter: number;
}

/**
 * A permanent failure: the delivery is failed and, when it is a bounce, its
 * subscriber's bounce counted; at `suspendAfter` bounces a confirmed subscriber is
 * suspended, with the last bounce as the reason. Both in one transaction, and only
 * if the claim is still ours, so a bounce counts once. (The subscribers update lives
 * here rather than in subscribers.ts because it is one step of acknowledging a
 * delivery, guarded by the claim.)
 */
export async function markDeliveryFailed(db: Db, id: string, token: string, outcome: FailureOutcome): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('deliveries')
      .set({ status: 'failed', claim_token: null, claim_expires_at: null, last_error: outcome.error.slice(0, 1000), payload: null })
      .where('id', '=', id)
      .where('claim_token', '=', token)
      .returning('subscriber_id')
      .executeTakeFirst();
    if (!row) return false;
    if (row.subscriber_id !== null && outcome.countBounce) {
      const suspends = sql<boolean>`status = 'confirmed' and bounce_count + 1 >= ${outcome.suspendAfter}`;
      const reason = `${outcome.suspendAfter} bounces; the last: ${outcome.error}`.slice(0, 1000);
      await trx
        .updateTable('subscribers')
        .set({
          bounce_count: sql`bounce_count + 1`,
          status: sql`case when ${suspends} then 'suspended' else status end`,
          suspended_at: sql`case when ${suspends} then now() else suspended_at end`,
          suspended_reason: sql`case when ${suspends} then ${reason}::text else suspended_reason end`,
        })
        .where('id', '=', row.subscriber_id)
        .execute();
    }
    return true;
  });
}

export interface ExpiredDeliveries {
  count: number;
  /** Up to five of their last errors, for the admins' notice. */
  lastErrors: string[];
}

/**
 * Gives up on deliveries first queued before `cutoff` and still not sent (queued,
 * or held by a worker whose claim lapsed): failed, with why. Never counted as a
 * bounce: nobody knows whether the address is good.
 */
export async function expireStaleDeliveries(db: Db, cutoff: Date, hours: number): Promise<ExpiredDeliveries> {
  const rows = await db
    .updateTable('deliveries')
    .set({
      status: 'failed',
      claim_token: null,
      claim_expires_at: null,
      payload: null,
      last_error: sql`left(${`Gave up after ${hours} hours of retrying. Last error: `}::text || coalesce(last_error, 'none'), 1000)`,
    })
    .where('created_at', '<', cutoff)
    // Webhooks are given up by their own rule (24 hours, at their last attempt: deliver-webhook.ts).
    .where('kind', '!=', 'webhook')
    .where((w) => w.or([w('status', '=', 'queued'), w.and([w('status', '=', 'sending'), w('claim_expires_at', '<', sql<Date>`now()`)])]))
    .returning('last_error')
    .execute();
  return { count: rows.length, lastErrors: [...new Set(rows.map((row) => row.last_error ?? ''))].slice(0, 5) };
}

/**
 * A message that belongs to no update: subscription mail (a confirmation, "already
 * subscribed") to a subscriber, or mail to a hub user (an overdue-update nudge).
 */
export interface NewDirectDelivery {
  kind: Exclude<DeliveryKind, 'notification'>;
  /** The subscriber it is for; null for mail to a hub user. */
  subscriberId: string | null;
  recipient: string;
  messageId: string;
  payload: Record<string, unknown>;
  at: Date;
}

/** Queues one message that belongs to no update; the delivery loop builds and sends it. */
export async function insertDirectDelivery(db: Db, delivery: NewDirectDelivery): Promise<void> {
  await db
    .insertInto('deliveries')
    .values({
      kind: delivery.kind,
      notification_id: null,
      subscriber_id: delivery.subscriberId,
      recipient: delivery.recipient,
      message_id: delivery.messageId,
      status: 'queued',
      payload: JSON.stringify(delivery.payload),
      // Due at once by the database's clock (the claim compares with it); the age
      // for the 72-hour cap is by the application's clock, like the cutoff.
      created_at: delivery.at,
    })
    .execute();
}

/** How the deliveries of one update stand (the hub shows it next to the update). */
export async function deliverySummary(db: Db, updateId: string): Promise<DeliverySummary> {
  const rows = await db
    .selectFrom('deliveries as d')
    .innerJoin('notifications as n', 'n.id', 'd.notification_id')
    .select((eb) => ['d.status', eb.fn.countAll<string>().as('count')])
    .where('n.update_id', '=', updateId)
    // Email only: webhooks have their own log (the integrations page).
    .where('d.kind', '!=', 'webhook')
    .groupBy('d.status')
    .execute();
  // An update has one notification (none when nobody was to be told: then nothing is pending).
  const notification = await db
    .selectFrom('notifications')
    .select(['audience', 'fanned_out_at'])
    .where('update_id', '=', updateId)
    .orderBy('created_at')
    .executeTakeFirst();
  const summary: DeliverySummary = {
    queued: 0,
    sending: 0,
    sent: 0,
    failed: 0,
    skipped: 0,
    fannedOut: notification === undefined || notification.fanned_out_at !== null,
    audience: notification?.audience ?? 'external',
  };
  for (const row of rows) {
    const status = row.status;
    if (status in summary) summary[status] = Number(row.count);
  }
  return summary;
}
