import { listSubscriberComponentIds } from '../../../db/queries/subscribers.ts';
import type { Subscriber } from '../../domain/subscriber.ts';
import { listSubscribersForAdmin } from '../../subscriptions/list-subscribers.ts';
import { apiError, type V1Answer, type V1Request } from './endpoint.ts';

/**
 * GET /api/v1/pages/{page_id}/subscribers: Statuspage's subscriber list, through
 * listSubscribersForAdmin, the hub's use case (the same permission, subscriber.view,
 * and the same audit entry for every look at the addresses). Herald has email
 * subscribers only; `page` as in the hub, 50 a page; `q` searches the address and
 * `state` (pending, confirmed, unsubscribed, suspended) filters.
 */

export interface V1Subscriber {
  id: string;
  email: string;
  mode: 'email';
  endpoint: null;
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
    mode: 'email',
    endpoint: null,
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
