import { sql, type Selectable } from 'kysely';
import type { Subscriber, SubscriberCounts, SubscriberExportRow, SubscriberStatus } from '../../src/domain/subscriber.ts';
import type { Db } from '../client.ts';
import type { SubscribersTable } from '../schema.ts';
import type { Language } from '../../src/domain/language.ts';

function toSubscriber(row: Selectable<SubscribersTable>): Subscriber {
  return {
    id: row.id,
    email: row.email,
    status: row.status,
    allComponents: row.all_components,
    createdAt: row.created_at,
    confirmedAt: row.confirmed_at,
    unsubscribedAt: row.unsubscribed_at,
    suspendedAt: row.suspended_at,
    suspendedReason: row.suspended_reason,
    bounceCount: row.bounce_count,
    webhookUrl: row.webhook_url ?? null,
    webhookEndpointId: row.webhook_endpoint_id ?? null,
  };
}

export async function findSubscriberById(db: Db, id: string): Promise<Subscriber | null> {
  const row = await db.selectFrom('subscribers').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toSubscriber(row) : null;
}

export async function findSubscriberByEmail(db: Db, email: string): Promise<Subscriber | null> {
  const row = await db.selectFrom('subscribers').selectAll().where(sql<string>`lower(email)`, '=', email.toLowerCase()).executeTakeFirst();
  return row ? toSubscriber(row) : null;
}

/** The pending confirmation of a subscriber: only a SHA-256 hash of its secret is kept. */
export interface SubscriberConfirmation {
  id: string;
  status: SubscriberStatus;
  confirmationHash: Uint8Array | null;
  confirmationExpiresAt: Date | null;
}

export async function findSubscriberConfirmation(db: Db, id: string): Promise<SubscriberConfirmation | null> {
  const row = await db
    .selectFrom('subscribers')
    .select(['id', 'status', 'confirmation_hash', 'confirmation_expires_at'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row
    ? {
        id: row.id,
        status: row.status,
        confirmationHash: row.confirmation_hash ? new Uint8Array(row.confirmation_hash) : null,
        confirmationExpiresAt: row.confirmation_expires_at,
      }
    : null;
}

export async function insertSubscriber(
  db: Db,
  subscriber: {
    id: string;
    email: string;
    status: SubscriberStatus;
    tokenHash: Uint8Array;
    confirmationHash: Uint8Array | null;
    confirmationExpiresAt: Date | null;
    allComponents: boolean;
    now: Date;
    confirmedAt: Date | null;
    webhookUrl?: string | null;
    /** The language they subscribed in (their emails are written in it); English when absent. */
    language?: Language;
  },
): Promise<boolean> {
  const result = await db
    .insertInto('subscribers')
    .values({
      id: subscriber.id,
      email: subscriber.email,
      status: subscriber.status,
      token_hash: subscriber.tokenHash,
      confirmation_hash: subscriber.confirmationHash,
      confirmation_expires_at: subscriber.confirmationExpiresAt,
      all_components: subscriber.allComponents,
      ...(subscriber.language ? { language: subscriber.language } : {}),
      created_at: subscriber.now,
      confirmed_at: subscriber.confirmedAt,
      webhook_url: subscriber.webhookUrl ?? null,
    })
    .onConflict((oc) => oc.expression(sql`lower(email)`).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}

/** Back to pending with a new confirmation (a new subscribe request for an address not confirmed). */
export async function updateSubscriberPending(
  db: Db,
  id: string,
  pending: { confirmationHash: Uint8Array; confirmationExpiresAt: Date; allComponents: boolean; webhookUrl?: string | null; language?: Language },
): Promise<void> {
  await db
    .updateTable('subscribers')
    .set({
      status: 'pending',
      confirmation_hash: pending.confirmationHash,
      confirmation_expires_at: pending.confirmationExpiresAt,
      all_components: pending.allComponents,
      webhook_url: pending.webhookUrl ?? null,
      ...(pending.language ? { language: pending.language } : {}),
    })
    .where('id', '=', id)
    .where('status', '!=', 'confirmed')
    .execute();
}

/**
 * Confirms a pending subscriber and clears the confirmation hash, so the link works
 * once; false when the hash no longer matches (used already, or replaced).
 */
export async function markSubscriberConfirmed(db: Db, id: string, confirmationHash: Uint8Array, at: Date): Promise<boolean> {
  const result = await db
    .updateTable('subscribers')
    .set({
      status: 'confirmed',
      confirmed_at: at,
      confirmation_hash: null,
      confirmation_expires_at: null,
      unsubscribed_at: null,
      suspended_at: null,
      bounce_count: 0,
    })
    .where('id', '=', id)
    .where('confirmation_hash', '=', confirmationHash)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function markSubscriberUnsubscribed(db: Db, id: string, at: Date): Promise<void> {
  await db
    .updateTable('subscribers')
    .set({ status: 'unsubscribed', unsubscribed_at: at, confirmation_hash: null, confirmation_expires_at: null })
    .where('id', '=', id)
    .where('status', '!=', 'unsubscribed')
    .execute();
}

export async function updateSubscriberAllComponents(db: Db, id: string, allComponents: boolean): Promise<void> {
  await db.updateTable('subscribers').set({ all_components: allComponents }).where('id', '=', id).execute();
}

export async function updateSubscriberTokenHash(db: Db, id: string, tokenHash: Uint8Array): Promise<void> {
  await db.updateTable('subscribers').set({ token_hash: tokenHash }).where('id', '=', id).execute();
}

/** Replaces the components a subscriber follows. */
export async function replaceSubscriberComponents(db: Db, id: string, componentIds: readonly string[]): Promise<void> {
  await db.deleteFrom('subscriber_components').where('subscriber_id', '=', id).execute();
  if (componentIds.length === 0) return;
  await db
    .insertInto('subscriber_components')
    .values(componentIds.map((componentId) => ({ subscriber_id: id, component_id: componentId })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function listSubscriberComponentIds(db: Db, id: string): Promise<string[]> {
  const rows = await db.selectFrom('subscriber_components').select('component_id').where('subscriber_id', '=', id).execute();
  return rows.map((row) => row.component_id);
}

export async function countSubscribersByStatus(db: Db): Promise<SubscriberCounts> {
  const rows = await db
    .selectFrom('subscribers')
    .select(['status', (eb) => eb.fn.countAll<string>().as('n')])
    .groupBy('status')
    .execute();
  const counts: SubscriberCounts = { pending: 0, confirmed: 0, suspended: 0, unsubscribed: 0 };
  for (const row of rows) counts[row.status] = Number(row.n);
  return counts;
}

export interface SubscriberSearch {
  query: string;
  status: SubscriberStatus | null;
}

// One WHERE for the page and its count, so "of N" always counts what the pages show.
function subscribersMatching(db: Db, search: SubscriberSearch) {
  let query = db.selectFrom('subscribers');
  if (search.query !== '') {
    const pattern = `%${search.query.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where(sql<string>`lower(email)`, 'like', pattern);
  }
  if (search.status !== null) query = query.where('status', '=', search.status);
  return query;
}

/** Subscribers whose address contains `query` (case-insensitive), newest first, one page of them. */
export async function searchSubscribers(db: Db, options: SubscriberSearch & { limit: number; offset?: number }): Promise<Subscriber[]> {
  const rows = await subscribersMatching(db, options)
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(options.limit)
    .offset(options.offset ?? 0)
    .execute();
  return rows.map(toSubscriber);
}

/** How many subscribers the same search finds in all (for "51–100 of 420"). */
export async function countSubscribersMatching(db: Db, search: SubscriberSearch): Promise<number> {
  const row = await subscribersMatching(db, search)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The names of the components each of these subscribers follows, by name; subscribers following none are absent. */
export async function listComponentNamesBySubscriber(db: Db, subscriberIds: readonly string[]): Promise<Map<string, string[]>> {
  const names = new Map<string, string[]>();
  if (subscriberIds.length === 0) return names;
  const links = await db
    .selectFrom('subscriber_components')
    .innerJoin('components', 'components.id', 'subscriber_components.component_id')
    .select(['subscriber_components.subscriber_id as subscriberId', 'components.name as name'])
    .where('subscriber_components.subscriber_id', 'in', [...subscriberIds])
    .orderBy('components.name')
    .execute();
  for (const link of links) names.set(link.subscriberId, [...(names.get(link.subscriberId) ?? []), link.name]);
  return names;
}

/**
 * Suspended subscribers back to confirmed with no bounces counted: the chosen ones,
 * or all suspended at or after a time. Others are not touched. Returns who changed.
 */
export async function reactivateSuspendedSubscribers(db: Db, selection: { ids: string[] } | { suspendedSince: Date }): Promise<{ id: string; email: string }[]> {
  let query = db
    .updateTable('subscribers')
    .set({ status: 'confirmed', bounce_count: 0, suspended_at: null, suspended_reason: null })
    .where('status', '=', 'suspended');
  query = 'ids' in selection ? query.where('id', 'in', selection.ids) : query.where('suspended_at', '>=', selection.suspendedSince);
  const rows = await query.returning(['id', 'email']).execute();
  return rows.sort((a, b) => a.email.localeCompare(b.email));
}

/** Deletes these subscribers; returns who was deleted (those already gone are not). */
export async function deleteSubscribers(db: Db, ids: readonly string[]): Promise<{ id: string; email: string; status: SubscriberStatus; webhookEndpointId: string | null }[]> {
  if (ids.length === 0) return [];
  const rows = await db.deleteFrom('subscribers').where('id', 'in', [...ids]).returning(['id', 'email', 'status', 'webhook_endpoint_id']).execute();
  return rows
    .map((row) => ({ id: row.id, email: row.email, status: row.status, webhookEndpointId: row.webhook_endpoint_id ?? null }))
    .sort((a, b) => a.email.localeCompare(b.email));
}

export async function deleteSubscriber(db: Db, id: string): Promise<boolean> {
  const result = await db.deleteFrom('subscribers').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/** Every subscriber with the names of the components they follow, oldest first. */
export async function listSubscribersForExport(db: Db): Promise<SubscriberExportRow[]> {
  const [rows, links] = await Promise.all([
    db.selectFrom('subscribers').selectAll().orderBy('created_at').orderBy('id').execute(),
    db
      .selectFrom('subscriber_components')
      .innerJoin('components', 'components.id', 'subscriber_components.component_id')
      .select(['subscriber_components.subscriber_id as subscriberId', 'components.name as name'])
      .orderBy('components.name')
      .execute(),
  ]);
  const names = new Map<string, string[]>();
  for (const link of links) names.set(link.subscriberId, [...(names.get(link.subscriberId) ?? []), link.name]);
  return rows.map((row) => ({
    email: row.email,
    status: row.status,
    components: row.all_components ? null : (names.get(row.id) ?? []),
    createdAt: row.created_at,
    confirmedAt: row.confirmed_at,
  }));
}

/**
 * Confirmed subscribers an external update about these components would email:
 * those following every component, or one of them. The same filter as the fan-out
 * (insertExternalDeliveries), counted before publishing for the composer's button.
 */
export async function countSubscribersForComponents(db: Db, componentIds: readonly string[]): Promise<number> {
  const row = await db
    .selectFrom('subscribers as s')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('s.status', '=', 'confirmed')
    .where((eb) =>
      componentIds.length === 0
        ? eb('s.all_components', '=', true)
        : eb.or([
            eb('s.all_components', '=', true),
            eb.exists(
              eb
                .selectFrom('subscriber_components as sc')
                .select(sql`1`.as('one'))
                .whereRef('sc.subscriber_id', '=', 's.id')
                .where('sc.component_id', 'in', [...componentIds]),
            ),
          ]),
    )
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Links a confirmed webhook subscriber to the endpoint created for it. */
export async function setSubscriberWebhookEndpoint(db: Db, id: string, endpointId: string): Promise<void> {
  await db.updateTable('subscribers').set({ webhook_endpoint_id: endpointId }).where('id', '=', id).execute();
}

/** The subscriber a webhook endpoint was created for (a public webhook subscriber), or null. */
export async function findSubscriberIdByWebhookEndpoint(db: Db, endpointId: string): Promise<string | null> {
  const row = await db.selectFrom('subscribers').select('id').where('webhook_endpoint_id', '=', endpointId).executeTakeFirst();
  return row?.id ?? null;
}
