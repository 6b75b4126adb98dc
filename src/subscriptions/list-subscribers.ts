import { countSubscribersByStatus, countSubscribersMatching, listComponentNamesBySubscriber, searchSubscribers } from '../../db/queries/subscribers.ts';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { type Actor, can, requirePermission } from '../auth/permissions.ts';
import type { Services } from '../services.ts';
import { auditActor } from '../users/audit.ts';
import { SUBSCRIBER_STATUSES, type Subscriber, type SubscriberCounts, type SubscriberStatus } from '../domain/subscriber.ts';

/** A row of the admin list: the subscriber and what they follow. */
export interface SubscriberListRow extends Subscriber {
  /** Names of the components followed, by name; null when following every component. */
  componentNames: string[] | null;
}

export interface SubscribersView {
  counts: SubscriberCounts;
  subscribers: SubscriberListRow[];
  query: string;
  status: SubscriberStatus | null;
  /** 1-based page number, and how many pages the search has (at least 1). */
  page: number;
  pages: number;
  pageSize: number;
  /** How many subscribers match the search, over all pages. */
  total: number;
  /** Whether this person may remove, import and export (settings.manage). */
  canManage: boolean;
}

export const SUBSCRIBERS_PAGE_SIZE = 50;

/** "?page=3" → 3; anything else (missing, 0, "abc", huge) → 1. */
export function parsePage(value: string | null): number {
  const page = value !== null && /^\d{1,6}$/.test(value) ? Number(value) : 1;
  return page >= 1 ? page : 1;
}

/**
 * The admin subscribers page. Permissions: the list and search show addresses, so
 * they need 'subscriber.view' (admin and comms; viewers and responders are refused
 * with 403); removing, importing, exporting and reactivating (which hand out or
 * change personal data in bulk) need 'settings.manage' (admins). Every look is
 * written to the audit log (who, what they searched, which page, how many addresses
 * were shown), as access to personal data should be. Paged by offset, 50 a page:
 * a page past the end shows the last one.
 */
export async function listSubscribersForAdmin(
  services: Services,
  actor: Actor,
  filter: { query: string | null; status: string | null; page?: string | null },
): Promise<SubscribersView> {
  requirePermission(actor, 'subscriber.view');
  const query = (filter.query ?? '').trim().slice(0, 320);
  const status = SUBSCRIBER_STATUSES.find((s) => s === filter.status) ?? null;
  const [counts, total] = await Promise.all([countSubscribersByStatus(services.db), countSubscribersMatching(services.db, { query, status })]);
  const pages = Math.max(1, Math.ceil(total / SUBSCRIBERS_PAGE_SIZE));
  const page = Math.min(parsePage(filter.page ?? null), pages);
  const found = await searchSubscribers(services.db, { query, status, limit: SUBSCRIBERS_PAGE_SIZE, offset: (page - 1) * SUBSCRIBERS_PAGE_SIZE });
  const names = await listComponentNamesBySubscriber(
    services.db,
    found.filter((s) => !s.allComponents).map((s) => s.id),
  );
  const subscribers = found.map((s) => ({ ...s, componentNames: s.allComponents ? null : (names.get(s.id) ?? []) }));
  await insertTimelineEvent(services.db, {
    kind: 'subscribers.viewed',
    ...auditActor(actor),
    details: { query, status, page, shown: subscribers.length },
    occurredAt: services.now(),
  });
  return { counts, subscribers, query, status, page, pages, pageSize: SUBSCRIBERS_PAGE_SIZE, total, canManage: can(actor.role, 'settings.manage') };
}
