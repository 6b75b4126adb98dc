import { countSubscribersByStatus, searchSubscribers } from '../../db/queries/subscribers.ts';
import { type Actor, can, requirePermission } from '../auth/permissions.ts';
import type { Services } from '../services.ts';
import { SUBSCRIBER_STATUSES, type Subscriber, type SubscriberCounts, type SubscriberStatus } from './subscriber.ts';

export interface SubscribersView {
  counts: SubscriberCounts;
  subscribers: Subscriber[];
  query: string;
  status: SubscriberStatus | null;
  limit: number;
  /** Whether this person may remove, import and export (settings.manage). */
  canManage: boolean;
}

const LIMIT = 200;

/**
 * The admin subscribers page. Permissions: seeing counts and searching needs
 * 'internal.view' (everyone signed in); removing, importing and exporting (which
 * hand out or change personal data in bulk) need 'settings.manage' (admins).
 */
export async function listSubscribersForAdmin(services: Services, actor: Actor, filter: { query: string | null; status: string | null }): Promise<SubscribersView> {
  requirePermission(actor, 'internal.view');
  const query = (filter.query ?? '').trim().slice(0, 320);
  const status = SUBSCRIBER_STATUSES.find((s) => s === filter.status) ?? null;
  const [counts, subscribers] = await Promise.all([
    countSubscribersByStatus(services.db),
    searchSubscribers(services.db, { query, status, limit: LIMIT }),
  ]);
  return { counts, subscribers, query, status, limit: LIMIT, canManage: can(actor.role, 'settings.manage') };
}
