import { sql } from 'kysely';
import type { Db } from '../client.ts';

/**
 * Which public incidents and maintenances the snapshot holds, and what the pages
 * rendered from the database (older history) need. Public: with at least one
 * published external update, as the snapshot has always defined it.
 */

/** Public: an incident (alias `i`) or maintenance (alias `m`) with a published external update. */
const INCIDENT_IS_PUBLIC = sql`exists (select 1 from updates u where u.incident_id = i.id and u.audience = 'external' and u.state = 'published')`;
const MAINTENANCE_IS_PUBLIC = sql`exists (select 1 from updates u where u.maintenance_id = m.id and u.audience = 'external' and u.state = 'published')`;
/** When the history page files a maintenance (alias `m`): a cancelled one by its cancel time. */
const MAINTENANCE_HISTORY_TIME = sql`(case when m.status = 'cancelled' then m.updated_at else m.scheduled_for end)`;

export interface PublicIds {
  incidentIds: string[];
  maintenanceIds: string[];
}

/** How much history the snapshot keeps besides everything open and everything since `since`. */
export interface HotLimits {
  /** The newest public incidents and maintenances (feeds, the API's lists). */
  latest: number;
  /** The newest public incidents of each component (its page and feeds). */
  perComponent: number;
}

/**
 * The incidents and maintenances the snapshot holds: every open one, every one
 * that started or had an update or its postmortem published since `since`, the
 * `latest` newest, and each component's `perComponent` newest. The count does not grow with the length
 * of the history.
 */
export async function listHotIds(db: Db, since: Date, limits: HotLimits): Promise<PublicIds> {
  const incidents = await sql<{ id: string }>`
    with public as (
      select i.id, i.started_at, i.status, max(u.published_at) as last_published from incidents i
      join updates u on u.incident_id = i.id and u.audience = 'external' and u.state = 'published'
      group by i.id
    ),
    ranked as (
      select ic.incident_id, row_number() over (partition by ic.component_id order by p.started_at desc, p.id) as rank
      from incident_components ic join public p on p.id = ic.incident_id
    )
    select id from public where status <> 'resolved' or started_at >= ${since} or last_published >= ${since}
    union select id from (select id from public order by started_at desc, id limit ${limits.latest}) as latest
    union select incident_id from ranked where rank <= ${limits.perComponent}
    union select incident_id from postmortems where public_published_at >= ${since} and incident_id in (select id from public)`.execute(db);
  const maintenances = await sql<{ id: string }>`
    with public as (
      select m.id, m.scheduled_for, m.updated_at, m.status, max(u.published_at) as last_published from maintenances m
      join updates u on u.maintenance_id = m.id and u.audience = 'external' and u.state = 'published'
      group by m.id
    ),
    ranked as (
      select mc.maintenance_id, row_number() over (partition by mc.component_id order by p.scheduled_for desc, p.id) as rank
      from maintenance_components mc join public p on p.id = mc.maintenance_id
    )
    select id from public
    where status not in ('completed', 'cancelled') or scheduled_for >= ${since} or updated_at >= ${since} or last_published >= ${since}
    union select id from (select id from public order by scheduled_for desc, id limit ${limits.latest}) as latest
    union select maintenance_id from ranked where rank <= ${limits.perComponent}`.execute(db);
  return { incidentIds: incidents.rows.map((row) => row.id), maintenanceIds: maintenances.rows.map((row) => row.id) };
}

/** The public incidents and maintenances of one month (UTC; a cancelled maintenance by its cancel time, as the history page files it). */
export async function listMonthIds(db: Db, start: Date, end: Date): Promise<PublicIds> {
  const incidents = await sql<{ id: string }>`
    select i.id from incidents i
    where i.started_at >= ${start} and i.started_at < ${end}
      and ${INCIDENT_IS_PUBLIC}`.execute(db);
  const maintenances = await sql<{ id: string }>`
    select m.id from maintenances m
    where ${MAINTENANCE_HISTORY_TIME} >= ${start} and ${MAINTENANCE_HISTORY_TIME} < ${end} and ${MAINTENANCE_IS_PUBLIC}`.execute(db);
  return { incidentIds: incidents.rows.map((row) => row.id), maintenanceIds: maintenances.rows.map((row) => row.id) };
}

/** Every month (YYYY-MM, UTC) with a public incident or past maintenance, newest first. */
export async function listHistoryMonths(db: Db): Promise<string[]> {
  const result = await sql<{ month: string }>`
    select to_char(i.started_at at time zone 'UTC', 'YYYY-MM') as month from incidents i
    where ${INCIDENT_IS_PUBLIC}
    union
    select to_char(${MAINTENANCE_HISTORY_TIME} at time zone 'UTC', 'YYYY-MM') from maintenances m
    where m.status <> 'scheduled' and ${MAINTENANCE_IS_PUBLIC}
    order by month desc`.execute(db);
  return result.rows.map((row) => row.month);
}

/**
 * The ids of every public incident: which `/incidents/<id>`
 * pages exist. Small (a few bytes an incident) and read once per change at most.
 */
export async function listPublicIncidentIds(db: Db): Promise<Set<string>> {
  const result = await sql<{ id: string }>`
    select distinct incident_id as id from updates
    where incident_id is not null and audience = 'external' and state = 'published'`.execute(db);
  return new Set(result.rows.map((row) => row.id));
}

/**
 * A fingerprint of what a page rendered from these incidents and maintenances
 * shows: every column of them, their affected components, their published
 * external updates (with component changes) and their postmortems' public part. It changes whenever one of them is
 * added, edited or removed, and with nothing else, so a cached rendering whose
 * fingerprint still matches is still right. Costs one query over that page's rows.
 */
export async function fingerprintOf(db: Db, ids: PublicIds): Promise<string> {
  const incidentIds = sql.join(ids.incidentIds.length === 0 ? [''] : ids.incidentIds);
  const maintenanceIds = sql.join(ids.maintenanceIds.length === 0 ? [''] : ids.maintenanceIds);
  const result = await sql<{ fingerprint: string }>`
    select md5(concat_ws('|',
      (select string_agg(row_to_json(i)::text, ',' order by i.id) from incidents i where i.id in (${incidentIds})),
      (select string_agg(row_to_json(c)::text, ',' order by c.incident_id, c.component_id) from incident_components c where c.incident_id in (${incidentIds})),
      (select string_agg(row_to_json(m)::text, ',' order by m.id) from maintenances m where m.id in (${maintenanceIds})),
      (select string_agg(row_to_json(c)::text, ',' order by c.maintenance_id, c.component_id) from maintenance_components c where c.maintenance_id in (${maintenanceIds})),
      (select string_agg(row_to_json(u)::text, ',' order by u.id) from updates u
        where (u.incident_id in (${incidentIds}) or u.maintenance_id in (${maintenanceIds})) and u.audience = 'external' and u.state = 'published'),
      (select string_agg(row_to_json(c)::text, ',' order by c.update_id, c.component_id) from update_components c join updates u on u.id = c.update_id
        where (u.incident_id in (${incidentIds}) or u.maintenance_id in (${maintenanceIds})) and u.audience = 'external' and u.state = 'published'),
      (select string_agg(concat_ws(',', p.incident_id, p.state, p.public_body, p.public_published_at), ',' order by p.incident_id)
        from postmortems p where p.incident_id in (${incidentIds}))
    )) as fingerprint`.execute(db);
  return `${ids.incidentIds.join(',')}|${ids.maintenanceIds.join(',')}|${result.rows[0]?.fingerprint ?? ''}`;
}
