import { sql } from 'kysely';
import type { AuditEvent, AuditFilter, AuditPage } from '../../src/domain/audit-event.ts';
import type { Db } from '../client.ts';

/**
 * Timeline events, newest first, filtered, one page at a time. Paging is by keyset
 * (occurred_at, id) taken from the cursor row itself, so the database's microsecond
 * timestamps never pass through a millisecond Date and no event is skipped or repeated.
 */
export async function listAuditEvents(db: Db, filter: AuditFilter): Promise<AuditPage> {
  let query = db
    .selectFrom('timeline_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_id')
    .leftJoin('incidents as i', 'i.id', 'e.incident_id')
    .leftJoin('maintenances as m', 'm.id', 'e.maintenance_id')
    .select((eb) => [
      eb.cast<string>('e.id', 'text').as('id'),
      'e.occurred_at',
      'e.kind',
      'e.actor_id',
      eb.fn.coalesce('u.name', 'e.actor').as('actor_name'),
      'e.incident_id',
      'i.title as incident_title',
      'e.maintenance_id',
      'm.title as maintenance_title',
      'e.details',
    ]);
  if (filter.kind !== null) query = query.where('e.kind', '=', filter.kind);
  if (filter.actorId !== null) query = query.where('e.actor_id', '=', filter.actorId);
  if (filter.incidentId !== null) query = query.where('e.incident_id', '=', filter.incidentId);
  if (filter.from !== null) query = query.where('e.occurred_at', '>=', filter.from);
  if (filter.until !== null) query = query.where('e.occurred_at', '<', filter.until);
  const before = filter.before;
  const after = filter.after ?? null;
  if (after !== null) {
    // Going back: the `limit` events just newer than the cursor, read oldest first, then turned round.
    query = query.where(sql<boolean>`(e.occurred_at, e.id) > (select c.occurred_at, c.id from timeline_events c where c.id = ${after})`);
  } else if (before !== null) {
    query = query.where(sql<boolean>`(e.occurred_at, e.id) < (select c.occurred_at, c.id from timeline_events c where c.id = ${before})`);
  }
  const direction = after !== null ? 'asc' : 'desc';
  const found = await query
    .orderBy('e.occurred_at', direction)
    .orderBy('e.id', direction)
    .limit(filter.limit + 1)
    .execute();
  const more = found.length > filter.limit;
  // Back at the top: show the newest page itself, full, rather than a short remainder.
  if (after !== null && !more) return listAuditEvents(db, { ...filter, after: null, before: null });
  const rows = after !== null ? found.slice(0, filter.limit).reverse() : found.slice(0, filter.limit);
  const events: AuditEvent[] = rows.map((row) => ({
    id: row.id,
    occurredAt: row.occurred_at,
    kind: row.kind,
    actorId: row.actor_id,
    actorName: row.actor_name,
    incidentId: row.incident_id,
    incidentTitle: row.incident_title,
    maintenanceId: row.maintenance_id,
    maintenanceTitle: row.maintenance_title,
    details: row.details,
  }));
  const first = events[0];
  const last = events.at(-1);
  if (after !== null) return { events, nextCursor: last?.id ?? null, prevCursor: more && first ? first.id : null };
  return { events, nextCursor: more && last ? last.id : null, prevCursor: before !== null && first ? first.id : null };
}

/** Every kind of event recorded so far, for the filter's select. */
export async function listAuditEventKinds(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('timeline_events').select('kind').distinct().orderBy('kind').execute();
  return rows.map((row) => row.kind);
}
