import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../client.ts';
import type { NotificationKind } from '../../src/domain/mail.ts';
import type { Audience, ComponentStatus } from '../../src/domain/types.ts';

export interface PendingNotification {
  id: string;
  updateId: string;
  audience: Audience;
  kind: NotificationKind;
}

/**
 * Records the notification of an update (the outbox row), in the caller's
 * transaction. The kind comes from the update itself: internal updates go to the
 * internal list, external ones are about an incident or a maintenance. A second
 * call for the same update does nothing (unique update_id).
 */
export async function insertNotification(db: Db, notification: { id: string; updateId: string; createdAt: Date }): Promise<void> {
  await db
    .insertInto('notifications')
    .columns(['id', 'update_id', 'audience', 'kind', 'created_at'])
    .expression((eb) =>
      eb
        .selectFrom('updates')
        .select([
          sql<string>`${notification.id}::text`.as('id'),
          'id as update_id',
          'audience',
          sql<string>`case when audience = 'internal' then 'internal' when maintenance_id is not null then 'maintenance' else 'incident' end`.as('kind'),
          sql`${notification.createdAt}::timestamptz`.as('created_at'),
        ])
        .where('id', '=', notification.updateId),
    )
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function findNotificationByUpdateId(db: Db, updateId: string): Promise<PendingNotification | null> {
  const row = await db.selectFrom('notifications').select(['id', 'update_id', 'audience', 'kind']).where('update_id', '=', updateId).executeTakeFirst();
  return row ? { id: row.id, updateId: row.update_id, audience: row.audience, kind: row.kind } : null;
}

/**
 * The oldest notification not fanned out yet, locked for this transaction; rows
 * another worker is fanning out are skipped rather than waited for.
 */
export async function lockNextUnfannedNotification(trx: Db): Promise<PendingNotification | null> {
  const row = await trx
    .selectFrom('notifications')
    .select(['id', 'update_id', 'audience', 'kind'])
    .where('fanned_out_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .limit(1)
    .forUpdate()
    .skipLocked()
    .executeTakeFirst();
  return row ? { id: row.id, updateId: row.update_id, audience: row.audience, kind: row.kind } : null;
}

export async function markNotificationFannedOut(trx: Db, id: string, at: Date): Promise<void> {
  await trx.updateTable('notifications').set({ fanned_out_at: at }).where('id', '=', id).execute();
}

/**
 * Message-IDs are built in SQL from the pieces around the recipient key, so that
 * notificationMessageId (src/mail/headers.ts) stays the one definition: the caller
 * passes what it returns for a marker key, split at the marker.
 */
export interface MessageIdPattern {
  prefix: string;
  suffix: string;
}

/** The same cleaning of the key as notificationMessageId's. */
const cleanKey = (key: RawBuilder<unknown>): RawBuilder<string> => sql<string>`regexp_replace(${key}, '[^A-Za-z0-9._+-]', '_', 'g')`;

/**
 * One queued delivery per confirmed subscriber whose filter matches: everything,
 * or one of the components the update is about (the incident's components and the
 * update's changes, or the maintenance's components). insert … select … on conflict
 * do nothing: running it twice (a fan-out retried after a crash) adds nothing.
 * Returns how many deliveries were added.
 */
export async function insertExternalDeliveries(trx: Db, notification: PendingNotification, ids: MessageIdPattern): Promise<number> {
  const result = await sql`
    insert into deliveries (notification_id, subscriber_id, recipient, message_id, status)
    select ${notification.id}::text, s.id, s.email, ${ids.prefix}::text || ${cleanKey(sql`s.id`)} || ${ids.suffix}::text, 'queued'
    from subscribers s
    where s.status = 'confirmed' and s.webhook_url is null
      and (
        s.all_components
        or exists (
          select 1 from subscriber_components sc
          where sc.subscriber_id = s.id
            and sc.component_id in (
              select ic.component_id from updates u join incident_components ic on ic.incident_id = u.incident_id where u.id = ${notification.updateId}
              union
              select mc.component_id from updates u join maintenance_components mc on mc.maintenance_id = u.maintenance_id where u.id = ${notification.updateId}
              union
              select uc.component_id from update_components uc where uc.update_id = ${notification.updateId}
            )
        )
      )
    order by s.id
    on conflict do nothing`.execute(trx);
  return Number(result.numAffectedRows ?? 0n);
}

/**
 * The internal list: users who opted in and are not disabled, and the extra
 * addresses from settings. Keyed by a hash of the address (no subscriber id).
 */
export async function insertInternalDeliveries(trx: Db, notification: PendingNotification, ids: MessageIdPattern): Promise<number> {
  const result = await sql`
    insert into deliveries (notification_id, subscriber_id, recipient, message_id, status)
    select distinct on (lower(email)) ${notification.id}::text, null, email,
      ${ids.prefix}::text || ${cleanKey(sql`'r' || left(md5(lower(email)), 24)`)} || ${ids.suffix}::text, 'queued'
    from (
      select email from users where internal_notifications and disabled_at is null
      union all
      select email from internal_recipients
    ) list
    order by lower(email)
    on conflict do nothing`.execute(trx);
  return Number(result.numAffectedRows ?? 0n);
}

export interface NotificationComponent {
  name: string;
  status: ComponentStatus;
}

/**
 * The components a notification shows: the update's own changes when it has any,
 * else the incident's affected components, or the maintenance's components.
 */
export async function listNotificationComponents(db: Db, updateId: string): Promise<NotificationComponent[]> {
  const changes = await db
    .selectFrom('update_components as uc')
    .innerJoin('components as c', 'c.id', 'uc.component_id')
    .select(['c.name', 'uc.new_status as status'])
    .where('uc.update_id', '=', updateId)
    .orderBy('c.position')
    .orderBy('c.name')
    .execute();
  if (changes.length > 0) return changes.map((row) => ({ name: row.name, status: row.status }));
  const incident = await db
    .selectFrom('updates as u')
    .innerJoin('incident_components as ic', 'ic.incident_id', 'u.incident_id')
    .innerJoin('components as c', 'c.id', 'ic.component_id')
    .select(['c.name', 'ic.status'])
    .where('u.id', '=', updateId)
    .orderBy('c.position')
    .orderBy('c.name')
    .execute();
  if (incident.length > 0) return incident.map((row) => ({ name: row.name, status: row.status }));
  const maintenance = await db
    .selectFrom('updates as u')
    .innerJoin('maintenance_components as mc', 'mc.maintenance_id', 'u.maintenance_id')
    .innerJoin('components as c', 'c.id', 'mc.component_id')
    .select(['c.name', 'c.status'])
    .where('u.id', '=', updateId)
    .orderBy('c.position')
    .orderBy('c.name')
    .execute();
  return maintenance.map((row) => ({ name: row.name, status: row.status }));
}

export async function findNotificationById(db: Db, id: string): Promise<PendingNotification | null> {
  const row = await db.selectFrom('notifications').select(['id', 'update_id', 'audience', 'kind']).where('id', '=', id).executeTakeFirst();
  return row ? { id: row.id, updateId: row.update_id, audience: row.audience, kind: row.kind } : null;
}

/**
 * How many confirmed subscribers an update's notification reaches now: the same
 * filter as insertExternalDeliveries, counted when the update is published so its
 * timeline entry can say how many were notified.
 */
export async function countExternalRecipientsOfUpdate(db: Db, updateId: string): Promise<number> {
  const result = await sql<{ n: string }>`
    select count(*) as n
    from subscribers s
    where s.status = 'confirmed' and s.webhook_url is null
      and (
        s.all_components
        or exists (
          select 1 from subscriber_components sc
          where sc.subscriber_id = s.id
            and sc.component_id in (
              select ic.component_id from updates u join incident_components ic on ic.incident_id = u.incident_id where u.id = ${updateId}
              union
              select mc.component_id from updates u join maintenance_components mc on mc.maintenance_id = u.maintenance_id where u.id = ${updateId}
              union
              select uc.component_id from update_components uc where uc.update_id = ${updateId}
            )
        )
      )`.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}
