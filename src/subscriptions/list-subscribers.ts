import { countSubscribersByStatus, searchSubscribers } from '../../db/queries/subscribers.ts';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { type Actor, can, requirePermission } from '../auth/permissions.ts';
import type { Services } from '../services.ts';
import { auditActor } from '../users/audit.ts';
import { SUBSCRIBER_STATUSES, type Subscriber, type SubscriberCounts, type SubscriberStatus } from '../domain/subscriber.ts';

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
 * The admin subscribers page. Permissions: the list and search show addresses, so
 * they need 'subscriber.view' (admin and comms; viewers and responders are refused
 * with 403); removing, importing, exporting and reactivating (which hand out or
 * change personal data in bulk) need 'settings.manage' (admins). Every look is
 * written to the audit log (who, what they searched, how many addresses were shown),
 * as access to personal data should be.
 */
export async function listSubscribersForAdmin(services: Services, actor: Actor, filter: { query: string | null; status: string | null }): Promise<SubscribersView> {
  requirePermission(actor, 'subscriber.view');
  const query = (filter.query ?? '').trim().slice(0, 320);
  const status = SUBSCRIBER_STATUSES.find((s) => s === filter.status) ?? null;
  const [counts, subscribers] = await Promise.all([
    countSubscribersByStatus(services.db),
    searchSubscribers(services.db, { query, status, limit: LIMIT }),
  ]);
  await insertTimelineEvent(services.db, {
    kind: 'subscribers.viewed',
    ...auditActor(actor),
    details: { query, status, shown: subscribers.length },
    occurredAt: services.now(),
  });
  return { counts, subscribers, query, status, limit: LIMIT, canManage: can(actor.role, 'settings.manage') };
}
