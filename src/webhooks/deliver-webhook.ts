import type { ClaimedDelivery } from '../../db/queries/deliveries.ts';
import { insertDirectDelivery, markDeliveriesSent, markDeliveryFailed, markDeliveryRetry, markDeliverySkipped } from '../../db/queries/deliveries.ts';
import { insertWebhookAttempts, type NewWebhookAttempt } from '../../db/queries/webhook-attempts.ts';
import { markWebhookEndpointsHealthy, recordWebhookEndpointFailure } from '../../db/queries/webhook-endpoints.ts';
import type { WebhookAttemptOutcome, WebhookEndpoint } from '../domain/webhook.ts';
import type { Services } from '../services.ts';
import type { EndpointDisabledPayload } from './endpoint-disabled-message.ts';
import type { PostOutcome, WebhookPoster } from './http-post.ts';
import { webhookSubscriberUnsubscribeUrl } from '../subscriptions/links.ts';
import { renderWebhookBody } from './payloads/render.ts';
import { signingSecrets, signWebhook } from './signing.ts';
import { isWebhookEvent } from './webhook-event.ts';

/*
 * One attempt of one 'webhook' delivery, claimed by the delivery loop. The
 * delivery is acknowledged (sent) only on a 2xx; a retryable failure (network
 * error, 408, 429, 5xx) queues it again after a backoff that starts near 5 s and
 * grows to hours (429 and 503: at least the receiver's Retry-After), the same
 * webhook-id every time, until 24 hours after the event: then it is given up.
 * Anything else (a 3xx, which is never followed, another 4xx, an address the SSRF
 * policy refuses) fails it at once. An endpoint that has failed for a day without
 * a success in between is disabled and its owner emailed, once.
 *
 * The 2xx acknowledgements and the delivery log are written in bulk (WebhookAcks:
 * every ACK_EVERY answers and at the end of the batch), not one row at a time:
 * four writes per post would make the database, not the receivers, the limit of
 * a fan-out. A worker that dies between a 2xx and its flush leaves those
 * deliveries unacknowledged: they are posted again, with the same webhook-id, which
 * is the retry of an unacknowledged attempt that receivers dedupe on.
 */

export const WEBHOOK_GIVE_UP_MS = 24 * 60 * 60_000;
export const ENDPOINT_DISABLE_AFTER_MS = 24 * 60 * 60_000;
const BACKOFF_FIRST_MS = 5_000;
const BACKOFF_MAX_MS = 4 * 60 * 60_000;

/** 5 s after the first failed attempt, doubling, at most 4 hours (about 17 attempts in a day). */
export function webhookBackoffMs(attempts: number): number {
  return Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** Math.max(0, Math.min(attempts - 1, 30)));
}

/** Retry-After as seconds or an HTTP date, in milliseconds from now; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: Date): number | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - now.getTime());
}

export type Verdict = 'delivered' | 'retry' | 'fail';

/** Pure: what an attempt's outcome means for the delivery. */
export function judgeOutcome(outcome: PostOutcome): Verdict {
  if (outcome.kind === 'refused') return 'fail';
  if (outcome.kind === 'network') return 'retry';
  const status = outcome.status;
  if (status >= 200 && status < 300) return 'delivered';
  if (status === 408 || status === 429 || status >= 500) return 'retry';
  return 'fail';
}

function describeOutcome(outcome: PostOutcome): string {
  if (outcome.kind !== 'answer') return outcome.error;
  if (outcome.status >= 300 && outcome.status < 400) return `HTTP ${outcome.status}: a redirect, which webhooks do not follow (use the final URL)`;
  return `HTTP ${outcome.status}${outcome.snippet === '' ? '' : `: ${outcome.snippet.slice(0, 200)}`}`;
}

export interface WebhookDeliveryContext {
  services: Pick<Services, 'db' | 'config' | 'now'>;
  poster: WebhookPoster;
  log: (message: string) => void;
}

const ACK_EVERY = 50;

/** A batch's acknowledgements and log rows, written together. */
export interface WebhookAcks {
  attempt(attempt: NewWebhookAttempt): Promise<void>;
  delivered(deliveryId: string, endpoint: WebhookEndpoint): Promise<void>;
  flush(): Promise<void>;
}

export function createWebhookAcks(context: WebhookDeliveryContext, token: string): WebhookAcks {
  let attempts: NewWebhookAttempt[] = [];
  let sent: string[] = [];
  let healthy = new Set<string>();
  let flushing: Promise<void> = Promise.resolve();
  const flush = (): Promise<void> => {
    const [a, s, h] = [attempts, sent, [...healthy]];
    attempts = [];
    sent = [];
    healthy = new Set();
    if (a.length === 0 && s.length === 0) return flushing;
    // One flush at a time, in order: the log keeps its order and the pool is not flooded.
    flushing = flushing.catch(() => {}).then(async () => {
      const acknowledged = await markDeliveriesSent(context.services.db, s, token);
      if (acknowledged < s.length) context.log(`${s.length - acknowledged} webhook deliveries were posted after their claim lapsed (another worker owns them now).`);
      await insertWebhookAttempts(context.services.db, a);
      await markWebhookEndpointsHealthy(context.services.db, h);
    });
    return flushing;
  };
  return {
    async attempt(attempt) {
      attempts.push(attempt);
      if (attempts.length >= ACK_EVERY) await flush();
    },
    async delivered(deliveryId, endpoint) {
      sent.push(deliveryId);
      if (endpoint.failingSince !== null) healthy.add(endpoint.id);
      if (sent.length >= ACK_EVERY) await flush();
    },
    flush,
  };
}

/** Posts one claimed delivery and acknowledges it per the verdict, only while the claim is ours. */
export async function deliverWebhook(context: WebhookDeliveryContext, delivery: ClaimedDelivery, endpoint: WebhookEndpoint | undefined, token: string, acks: WebhookAcks): Promise<Verdict | 'skipped'> {
  const { db, config } = context.services;
  if (endpoint === undefined || endpoint.disabledAt !== null) {
    await markDeliverySkipped(db, delivery.id, token, endpoint === undefined ? 'The endpoint was deleted.' : `The endpoint is disabled${endpoint.disabledReason ? ` (${endpoint.disabledReason})` : ''}.`);
    return 'skipped';
  }
  const event = delivery.payload;
  if (!isWebhookEvent(event)) {
    await markDeliverySkipped(db, delivery.id, token, 'The event could not be read from what was queued.');
    return 'skipped';
  }
  // A public subscriber's posts point at its own unsubscribe page, not the admin's.
  const unsubscribeUrl = endpoint.createdBy === 'subscriber' && endpoint.kind === 'generic' ? await webhookSubscriberUnsubscribeUrl(db, config.publicUrl, endpoint.id) : null;
  const body = renderWebhookBody(endpoint.kind, event, { publicUrl: config.publicUrl, endpointId: endpoint.id, unsubscribeUrl });
  const now = context.services.now();
  const headers = signWebhook({ id: delivery.messageId, timestampSeconds: now.getTime() / 1000, body, secrets: signingSecrets(endpoint, now) });
  const outcome = await context.poster.post(endpoint.url, { ...headers }, body);
  const after = context.services.now();
  let verdict = judgeOutcome(outcome);
  const age = after.getTime() - (delivery.createdAt ?? now).getTime();
  if (verdict === 'retry' && age >= WEBHOOK_GIVE_UP_MS) verdict = 'fail';
  const attemptOutcome: WebhookAttemptOutcome = verdict === 'delivered' ? 'delivered' : verdict === 'retry' ? 'retrying' : 'failed';
  const attempt: NewWebhookAttempt = {
    endpointId: endpoint.id,
    webhookId: delivery.messageId,
    event: event.type,
    attemptedAt: now,
    httpStatus: outcome.kind === 'answer' ? outcome.status : null,
    latencyMs: outcome.latencyMs,
    responseSnippet: outcome.kind === 'answer' ? outcome.snippet : null,
    error: verdict === 'delivered' ? null : describeOutcome(outcome),
    outcome: attemptOutcome,
  };
  if (verdict === 'delivered') {
    await acks.delivered(delivery.id, endpoint);
    await acks.attempt(attempt);
    return verdict;
  }
  await acks.attempt(attempt);
  const error = describeOutcome(outcome);
  if (verdict === 'retry') {
    const retryAfter = outcome.kind === 'answer' ? parseRetryAfter(outcome.retryAfter, after) : null;
    // The last attempt lands at the 24-hour mark, not after it.
    const left = WEBHOOK_GIVE_UP_MS - age;
    const delayMs = Math.max(1_000, Math.min(Math.max(webhookBackoffMs(delivery.attempts), retryAfter ?? 0), left));
    await markDeliveryRetry(db, delivery.id, token, { delayMs, error });
  } else {
    await markDeliveryFailed(db, delivery.id, token, { error: age >= WEBHOOK_GIVE_UP_MS ? `Gave up after 24 hours of retrying. Last error: ${error}` : error, countBounce: false, suspendAfter: Number.POSITIVE_INFINITY });
  }
  // Failing since: for an event's first attempt, since the event (the endpoint has not
  // taken it since then), so its give-up at 24 hours and the endpoint's day of failure
  // coincide; for a retry after some success meanwhile, since now.
  await endpointFailed(context, endpoint, { at: after, since: delivery.attempts <= 1 ? (delivery.createdAt ?? now) : now }, error);
  return verdict;
}

/** Counts the failure on the endpoint; a day of failures disables it and emails its owner (through the outbox). */
async function endpointFailed(context: WebhookDeliveryContext, endpoint: WebhookEndpoint, failure: { at: Date; since: Date }, error: string): Promise<void> {
  const { db, config } = context.services;
  const at = failure.at;
  const reason = `Failing for more than 24 hours; last error: ${error}`;
  const disabled = await db.transaction().execute(async (trx) => {
    const row = await recordWebhookEndpointFailure(trx, endpoint.id, failure, ENDPOINT_DISABLE_AFTER_MS, reason);
    if (row === null) return null;
    const payload: EndpointDisabledPayload = { endpointId: row.id, name: row.name, url: row.url, reason, failingSince: (row.failingSince ?? at).toISOString() };
    await insertDirectDelivery(trx, {
      kind: 'webhook-disabled',
      subscriberId: null,
      recipient: row.ownerEmail,
      messageId: `webhook-disabled-${row.id}-${at.getTime()}@${new URL(config.publicUrl).hostname}`,
      payload: { ...payload },
      at,
    });
    return row;
  });
  if (disabled !== null) context.log(`Webhook endpoint "${disabled.name}" disabled after failing for a day; ${disabled.ownerEmail} is told by email.`);
}
