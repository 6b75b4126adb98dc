import { sql } from 'kysely';
import type { AlertSource, AlertStatus, IncidentAlert, IncidentState, IncomingAlert } from '../../src/domain/alerts.ts';
import type { Db } from '../client.ts';
import { newId } from '../ids.ts';

/**
 * Alert groups (one Alertmanager groupKey or generic dedup_key per source) and the
 * alerts they hold, tied to the incident they opened or joined.
 */

/** Serialises notifications of one group, so two at once cannot open two incidents. */
export async function lockAlertGroupKey(db: Db, source: AlertSource, dedupeKey: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(3, hashtext(${`${source}:${dedupeKey}`}))`.execute(db);
}

export interface AlertGroupWithIncident {
  id: string;
  incidentId: string;
  routeId: string | null;
  status: AlertStatus;
  incidentState: IncidentState;
  incidentResolved: boolean;
}

/** The newest group of this key, with its incident's state. */
export async function findLatestAlertGroup(db: Db, source: AlertSource, dedupeKey: string): Promise<AlertGroupWithIncident | null> {
  const row = await db
    .selectFrom('alert_groups')
    .innerJoin('incidents', 'incidents.id', 'alert_groups.incident_id')
    .select(['alert_groups.id', 'alert_groups.incident_id', 'alert_groups.route_id', 'alert_groups.status', 'incidents.state', 'incidents.resolved_at'])
    .where('alert_groups.source', '=', source)
    .where('alert_groups.dedupe_key', '=', dedupeKey)
    .orderBy('alert_groups.created_at', 'desc')
    .orderBy('alert_groups.id')
    .limit(1)
    .executeTakeFirst();
  if (!row) return null;
  return { id: row.id, incidentId: row.incident_id, routeId: row.route_id, status: row.status, incidentState: row.state, incidentResolved: row.resolved_at !== null };
}

export async function insertAlertGroup(
  db: Db,
  group: { source: AlertSource; dedupeKey: string; incidentId: string; routeId: string | null; status: AlertStatus },
  now: Date,
): Promise<string> {
  const id = newId();
  await db
    .insertInto('alert_groups')
    .values({ id, source: group.source, dedupe_key: group.dedupeKey, incident_id: group.incidentId, route_id: group.routeId, status: group.status, created_at: now, updated_at: now })
    .execute();
  return id;
}

/** Counts a notification on the group; with `status`, also records whether it still fires. */
export async function touchAlertGroup(db: Db, id: string, status: AlertStatus | null, now: Date): Promise<void> {
  await db
    .updateTable('alert_groups')
    .set((eb) => ({ ...(status === null ? {} : { status }), updated_at: now, notifications: eb('notifications', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

export interface StoredAlertState {
  fingerprint: string;
  status: AlertStatus;
}

/**
 * Of a notification's alerts (fingerprint → status), those the group does not hold
 * yet (stored null) or holds with another status. Compared in the database, so a
 * repeated notification of a thousand alerts sends back nothing.
 */
export async function findChangedAlerts(db: Db, groupId: string, alerts: { fingerprint: string; status: AlertStatus }[]): Promise<Map<string, AlertStatus | null>> {
  if (alerts.length === 0) return new Map();
  const result = await sql<{ fingerprint: string; stored: AlertStatus | null }>`
    select n.fingerprint, a.status as stored
    from unnest(${alerts.map((a) => a.fingerprint)}::text[], ${alerts.map((a) => a.status)}::text[]) as n(fingerprint, status)
    left join incident_alerts a on a.group_id = ${groupId} and a.fingerprint = n.fingerprint
    where a.status is distinct from n.status`.execute(db);
  return new Map(result.rows.map((row) => [row.fingerprint, row.stored]));
}

/** Inserts new alerts (in chunks: a storm may bring a thousand at once). */
export async function insertIncidentAlerts(db: Db, groupId: string, incidentId: string, alerts: IncomingAlert[], now: Date): Promise<void> {
  for (let i = 0; i < alerts.length; i += 200) {
    await db
      .insertInto('incident_alerts')
      .values(
        alerts.slice(i, i + 200).map((alert) => ({
          group_id: groupId,
          fingerprint: alert.fingerprint,
          incident_id: incidentId,
          status: alert.status,
          name: alert.name.slice(0, 500),
          labels: JSON.stringify(alert.labels),
          annotations: JSON.stringify(alert.annotations),
          starts_at: alert.startsAt,
          ends_at: alert.endsAt,
          generator_url: alert.generatorUrl,
          created_at: now,
          updated_at: now,
        })),
      )
      .onConflict((oc) => oc.columns(['group_id', 'fingerprint']).doNothing())
      .execute();
  }
}

/** Records a status change of alerts already in the group. */
export async function updateIncidentAlertStatus(db: Db, groupId: string, alert: IncomingAlert, now: Date): Promise<void> {
  await db
    .updateTable('incident_alerts')
    .set({ status: alert.status, ends_at: alert.endsAt, annotations: JSON.stringify(alert.annotations), updated_at: now })
    .where('group_id', '=', groupId)
    .where('fingerprint', '=', alert.fingerprint)
    .execute();
}

/** How many of the incident's alerts still fire. */
export async function countFiringAlerts(db: Db, incidentId: string): Promise<{ firing: number; total: number }> {
  const row = await db
    .selectFrom('incident_alerts')
    .select((eb) => [eb.fn.countAll<string>().as('total'), eb.fn.count<string>(eb.case().when('status', '=', 'firing').then(1).end()).as('firing')])
    .where('incident_id', '=', incidentId)
    .executeTakeFirstOrThrow();
  return { firing: Number(row.firing), total: Number(row.total) };
}

export async function listIncidentAlerts(db: Db, incidentId: string, limit = 200): Promise<IncidentAlert[]> {
  const rows = await db
    .selectFrom('incident_alerts')
    .select(['fingerprint', 'status', 'name', 'labels', 'annotations', 'starts_at', 'ends_at', 'generator_url'])
    .where('incident_id', '=', incidentId)
    .orderBy('status') // firing before resolved
    .orderBy('starts_at')
    .orderBy('fingerprint')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    fingerprint: row.fingerprint,
    status: row.status,
    name: row.name,
    labels: row.labels,
    annotations: row.annotations,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    generatorUrl: row.generator_url,
  }));
}

/** The alert counts of several incidents (the dashboard's Triage section). */
export async function countAlertsByIncident(db: Db, incidentIds: string[]): Promise<Map<string, { firing: number; total: number }>> {
  if (incidentIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('incident_alerts')
    .select((eb) => ['incident_id', eb.fn.countAll<string>().as('total'), eb.fn.count<string>(eb.case().when('status', '=', 'firing').then(1).end()).as('firing')])
    .where('incident_id', 'in', incidentIds)
    .groupBy('incident_id')
    .execute();
  return new Map(rows.map((row) => [row.incident_id, { firing: Number(row.firing), total: Number(row.total) }]));
}

/** The open incident affecting any of these components that alerts join (a route's "attach" action): declared ones first, then the newest. */
export async function findOpenIncidentOfComponents(db: Db, componentIds: string[]): Promise<string | null> {
  if (componentIds.length === 0) return null;
  const row = await db
    .selectFrom('incidents')
    .innerJoin('incident_components', 'incident_components.incident_id', 'incidents.id')
    .select('incidents.id')
    .where('incident_components.component_id', 'in', componentIds)
    .where('incidents.resolved_at', 'is', null)
    .where('incidents.state', '!=', 'dismissed')
    .orderBy(sql`case when incidents.state = 'active' then 0 else 1 end`)
    .orderBy('incidents.started_at', 'desc')
    .orderBy('incidents.id')
    .limit(1)
    .executeTakeFirst();
  return row?.id ?? null;
}

/** Whether a person (a signed-in user) has done anything on the incident: auto-resolve then stays off. */
export async function hasPersonTouchedIncident(db: Db, incidentId: string): Promise<boolean> {
  const row = await db
    .selectFrom('timeline_events')
    .select('id')
    .where('incident_id', '=', incidentId)
    .where('actor_id', 'is not', null)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Counts one notification for a token against its rolling minute; returns how many
 * it had in the last minute (this one included) and when the oldest of them ages out.
 * Under an advisory lock per token, so parallel requests count exactly.
 */
export async function countAlertIntakeHit(db: Db, tokenId: string, now: Date, windowMs: number): Promise<{ count: number; oldest: Date }> {
  await sql`select pg_advisory_xact_lock(4, hashtext(${tokenId}))`.execute(db);
  const since = new Date(now.getTime() - windowMs);
  await db.deleteFrom('alert_intake_hits').where('token_id', '=', tokenId).where('at', '<=', since).execute();
  const row = await db
    .selectFrom('alert_intake_hits')
    .select((eb) => [eb.fn.countAll<string>().as('count'), eb.fn.min('at').as('oldest')])
    .where('token_id', '=', tokenId)
    .executeTakeFirstOrThrow();
  const count = Number(row.count);
  return { count, oldest: row.oldest === null ? now : new Date(row.oldest as Date | string) };
}

export async function insertAlertIntakeHit(db: Db, tokenId: string, now: Date): Promise<void> {
  await db.insertInto('alert_intake_hits').values({ token_id: tokenId, at: now }).execute();
}
