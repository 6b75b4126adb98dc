import type { Db } from '../../db/client.ts';
import { newId } from '../../db/ids.ts';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { findDefaultOwnerEmail, insertWebhookEndpoint } from '../../db/queries/webhook-endpoints.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import { parseInput } from '../domain/validation.ts';
import type { Services } from '../services.ts';
import { auditActor } from '../users/audit.ts';
import { checkWebhookUrl } from './check-webhook-url.ts';
import { endpointSchema } from './endpoint-input.ts';
import { newWebhookSecret } from './signing.ts';
import type { WebhookEventType } from '../domain/webhook.ts';

/** What a public webhook subscriber is told: every external event but the team's overdue nudges. */
export const SUBSCRIBER_WEBHOOK_EVENTS: readonly WebhookEventType[] = ['incident.created', 'incident.updated', 'incident.resolved', 'component.updated', 'maintenance'];

/**
 * Adds an integration (admins only) and returns its signing secret, which the
 * receiver needs to verify requests. The URL is checked now for a clear message
 * (http(s), not a private address unless allowed); the poster checks again at
 * every connection. The owner (told by email if the endpoint gets disabled) is
 * whoever is named, else the admin adding it.
 */
export async function addWebhookEndpoint(
  services: Pick<Services, 'db' | 'config' | 'now'>,
  actor: Actor,
  input: Record<string, unknown>,
  options: { resolve?: (host: string) => Promise<string[]> } = {},
): Promise<Result<{ id: string; secret: string }>> {
  requirePermission(actor, 'settings.manage');
  const owner = typeof input['ownerEmail'] === 'string' && input['ownerEmail'].trim() !== '' ? input['ownerEmail'] : await findDefaultOwnerEmail(services.db, auditActor(actor).actorId);
  if (owner === null) return fail({ ownerEmail: 'Name who owns this integration (they are emailed if it gets disabled): nobody is an admin yet.' });
  const parsed = parseInput(endpointSchema, { ...input, ownerEmail: owner });
  if (!parsed.ok) return parsed;
  const value = parsed.value;
  const urlProblem = await checkWebhookUrl(value.url, services.config.webhookAllowPrivate, options.resolve);
  if (urlProblem !== null) return fail({ url: urlProblem });
  const id = newId();
  const secret = newWebhookSecret();
  const now = services.now();
  await services.db.transaction().execute(async (trx) => {
    await insertWebhookEndpoint(trx, { id, ...value, secret, createdBy: actor.name, at: now });
    await insertTimelineEvent(trx, { kind: 'integration.added', ...auditActor(actor), details: { endpointId: id, name: value.name, kind: value.kind, audience: value.audience, events: value.events }, occurredAt: now });
  });
  return ok({ id, secret });
}

/**
 * The endpoint of a public webhook subscriber, created when its contact confirms by
 * email (src/subscriptions/confirm-subscription.ts), inside the confirmation's
 * transaction: generic (Statuspage's payload shape), external updates only,
 * incidents, components and maintenance; the contact owns it (told by email if it
 * gets disabled). No permission: the confirmed double opt-in is the authority. The
 * URL was checked at subscribe time; the poster checks the address again at every
 * connection.
 */
export async function addSubscriberWebhookEndpoint(
  trx: Db,
  now: Date,
  subscriber: { id: string; email: string; url: string },
): Promise<{ id: string; secret: string }> {
  const id = newId();
  const secret = newWebhookSecret();
  const value = {
    name: `Subscriber ${subscriber.email}`.slice(0, 100),
    url: subscriber.url,
    kind: 'generic' as const,
    audience: 'external' as const,
    events: SUBSCRIBER_WEBHOOK_EVENTS,
    ownerEmail: subscriber.email,
  };
  await insertWebhookEndpoint(trx, { id, ...value, secret, createdBy: 'subscriber', at: now });
  await insertTimelineEvent(trx, { kind: 'integration.added', actor: 'subscriber', actorId: null, details: { endpointId: id, name: value.name, kind: value.kind, audience: value.audience, events: value.events, subscriberId: subscriber.id }, occurredAt: now });
  return { id, secret };
}
