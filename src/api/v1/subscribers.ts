import { z } from 'zod';
import { listComponents } from '../../../db/queries/components.ts';
import { findSubscriberByEmail, findSubscriberById, listSubscriberComponentIds } from '../../../db/queries/subscribers.ts';
import type { Subscriber } from '../../domain/subscriber.ts';
import { importSubscribers } from '../../subscriptions/import-subscribers.ts';
import { listSubscribersForAdmin } from '../../subscriptions/list-subscribers.ts';
import { removeSubscriber } from '../../subscriptions/remove-subscriber.ts';
import { subscribe } from '../../subscriptions/subscribe.ts';
import { apiError, type V1Answer, type V1Request } from './endpoint.ts';
import { apiBoolean, apiIdList, parseBody, useCaseRefusal } from './input.ts';

/**
 * GET /api/v1/pages/{page_id}/subscribers: Statuspage's subscriber list, through
 * listSubscribersForAdmin, the hub's use case (the same permission, subscriber.view,
 * and the same audit entry for every look at the addresses). Email and webhook
 * subscribers (mode, endpoint); `page` as in the hub, 50 a page; `q` searches the address and
 * `state` (pending, confirmed, unsubscribed, suspended) filters.
 */

export interface V1Subscriber {
  id: string;
  email: string;
  mode: 'email' | 'webhook';
  /** A webhook subscriber's URL (its email is the contact who confirmed it). */
  endpoint: string | null;
  skip_confirmation_notification: boolean;
  quarantined_at: string | null;
  purge_at: null;
  /** The ids of the components followed; empty when following every component. */
  components: string[];
  created_at: string;
  herald: { status: Subscriber['status']; confirmed_at: string | null };
}

export function v1Subscriber(s: Subscriber, componentIds: readonly string[]): V1Subscriber {
  return {
    id: s.id,
    email: s.email,
    mode: s.webhookUrl === null ? 'email' : 'webhook',
    endpoint: s.webhookUrl,
    skip_confirmation_notification: false,
    quarantined_at: s.suspendedAt?.toISOString() ?? null,
    purge_at: null,
    components: s.allComponents ? [] : [...componentIds],
    created_at: s.createdAt.toISOString(),
    herald: { status: s.status, confirmed_at: s.confirmedAt?.toISOString() ?? null },
  };
}

export async function listSubscribersAnswer(request: V1Request): Promise<V1Answer> {
  const params = request.url.searchParams;
  const page = params.get('page');
  if (page !== null && !/^\d{1,6}$/.test(page)) return apiError(422, 'page: must be a whole number from 1');
  const view = await listSubscribersForAdmin(request.services, request.actor, { query: params.get('q'), status: params.get('state'), page });
  const components = await Promise.all(view.subscribers.map((s) => (s.allComponents ? Promise.resolve([]) : listSubscriberComponentIds(request.services.db, s.id))));
  return { status: 200, body: view.subscribers.map((s, i) => v1Subscriber(s, components[i] ?? [])) };
}

export const subscriberBody = z.object({
  subscriber: z.object(
    {
      email: z.string({ error: 'must be text' }).optional(),
      endpoint: z.string({ error: 'must be text' }).optional(),
      component_ids: apiIdList.optional(),
      skip_confirmation_notification: apiBoolean.optional(),
    },
    { error: 'is required: send {"subscriber": {"email": …}} or subscriber[email]=… fields' },
  ),
});

/**
 * POST /subscribers: an email subscriber through `subscribe`, the public sign-up's
 * use case (double opt-in: a pending subscriber and a confirmation email through
 * the outbox, the same limits, counted per token instead of per address).
 * With `endpoint`: a webhook subscriber, `email` its contact; nothing is posted to
 * the URL until the contact confirms (then a generic external endpoint is created).
 * `skip_confirmation_notification: true` goes through importSubscribers, the
 * hub's import of confirmed addresses (every component): admins in the hub,
 * `subscribers:write` here (the subscriber.manage permission).
 */
export async function createSubscriberAnswer(request: V1Request): Promise<V1Answer> {
  const parsed = parseBody(subscriberBody, request.body);
  if (!parsed.ok) return parsed.answer;
  const input = parsed.value.subscriber;
  const endpoint = (input.endpoint ?? '').trim();
  const email = (input.email ?? '').trim();
  if (email === '') return apiError(422, endpoint === '' ? 'subscriber.email: is required' : 'subscriber.email: is required (the contact who confirms a webhook subscriber by email)');
  if (endpoint !== '' && input.skip_confirmation_notification === true) return apiError(422, 'subscriber.skip_confirmation_notification: a webhook subscriber is confirmed by its contact first');
  const componentIds = input.component_ids ?? [];
  const known = new Set((await listComponents(request.services.db)).map((c) => c.id));
  const unknown = componentIds.find((id) => !known.has(id));
  if (unknown !== undefined) return apiError(404, `subscriber.component_ids: there is no component "${unknown}".`);
  if (input.skip_confirmation_notification === true) {
    if (componentIds.length > 0) return apiError(422, 'subscriber.component_ids: a subscriber added without confirmation follows every component for now');
    const imported = await importSubscribers(request.services, request.actor, email);
    if (!imported.ok) return apiError(422, `subscriber.email: ${imported.error}`);
    const line = imported.lines[0];
    if (line?.status === 'error') return apiError(422, `subscriber.email: ${line.message}`);
  } else {
    const webhook = endpoint === '' ? {} : { mode: 'webhook', webhookUrl: endpoint };
    const result = await subscribe(request.services, { email, components: componentIds, ...webhook }, { ip: `api-token:${request.principal.tokenId}` });
    if (result.outcome === 'invalid') return useCaseRefusal(result.errors, 'subscriber', { email: 'email', components: 'component_ids', webhookUrl: 'endpoint' });
    if (result.outcome === 'rate-limited') return apiError(429, result.message, { 'retry-after': String(result.retryAfterSeconds) });
  }
  const subscriber = await findSubscriberByEmail(request.services.db, email);
  if (subscriber === null) return apiError(422, 'subscriber.email: the address was not accepted');
  const ids = subscriber.allComponents ? [] : await listSubscriberComponentIds(request.services.db, subscriber.id);
  return { status: 201, body: { ...v1Subscriber(subscriber, ids), skip_confirmation_notification: input.skip_confirmation_notification === true } };
}

/** DELETE /subscribers/{id}: through removeSubscriber, the hub's removal (admins there, `subscribers:write` here). */
export async function deleteSubscriberAnswer(request: V1Request): Promise<V1Answer> {
  const id = request.params['subscriber_id'] ?? '';
  const subscriber = await findSubscriberById(request.services.db, id);
  if (subscriber === null) return apiError(404, `There is no subscriber "${id}".`);
  const ids = subscriber.allComponents ? [] : await listSubscriberComponentIds(request.services.db, id);
  if (!(await removeSubscriber(request.services, request.actor, id))) return apiError(404, `There is no subscriber "${id}".`);
  return { status: 200, body: v1Subscriber(subscriber, ids) };
}
