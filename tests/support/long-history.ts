import { sql } from 'kysely';
import type { Db } from '../../db/client.ts';

export interface LongHistory {
  /** How many incidents, spread evenly over `years` before `before`. */
  incidents: number;
  years: number;
  before: Date;
  /** Number of the first incident (ids are `h` and 11 digits): batches must not overlap. */
  first?: number;
}

/**
 * Years of resolved public incidents, written with SQL (fast on both databases):
 * each with 5 or 6 published external updates and one affected component (taken
 * in turn). For the six-years bench (`npm run bench:history`) and the tests that
 * check the public page's cost does not grow with history.
 */
export async function addHistory(db: Db, history: LongHistory): Promise<void> {
  const first = history.first ?? 1;
  const last = first + history.incidents - 1;
  const minutes = Math.max(1, Math.round((history.years * 365 * 24 * 60) / history.incidents));
  await sql`
    insert into incidents (id, title, severity, impact, status, started_at, identified_at, monitoring_at, resolved_at,
      created_at, updated_at, impact_started_at, detected_at, acknowledged_at, mitigated_at)
    select 'h' || lpad(n::text, 11, '0'),
      'Elevated error rates (' || n || ')',
      (array['SEV1','SEV2','SEV3','SEV3'])[1 + n % 4],
      (array['critical','major','minor','minor'])[1 + n % 4],
      'resolved', t, t + interval '20 minutes', t + interval '60 minutes', t + interval '110 minutes',
      t, t + interval '110 minutes', t - interval '5 minutes', t, t, t + interval '60 minutes'
    from (select n, ${history.before}::timestamptz - (n - ${first}) * make_interval(mins => ${minutes}) - interval '2 hours' as t
          from generate_series(${first}::int, ${last}::int) as n) as s`.execute(db);
  const batch = sql`(select id, started_at, substr(id, 2)::int as n from incidents
    where id ~ '^h[0-9]{11}$' and substr(id, 2)::int between ${first}::int and ${last}::int)`;
  await sql`
    insert into updates (id, incident_id, audience, state, status, body, published_at, created_at, updated_at)
    select i.id || 'u' || k, i.id, 'external', 'published',
      case when k = i.last then 'resolved' when k = 1 then 'investigating' when k <= i.last / 2 then 'identified' else 'monitoring' end,
      'We are seeing elevated error rates for some requests to this service. Our engineers have ' ||
        'identified the cause and are applying a fix. We will post another update as soon as we know more. ' ||
        'Requests that failed can be retried safely; no data was lost.',
      i.started_at + k * interval '20 minutes', i.started_at + k * interval '20 minutes', i.started_at + k * interval '20 minutes'
    from (select id, started_at, 5 + n % 2 as last from ${batch} as b) as i
    cross join lateral generate_series(1, i.last) as k`.execute(db);
  await sql`
    insert into incident_components (incident_id, component_id, status)
    select i.id, c.id, 'partial_outage'
    from ${batch} as i
    join (select id, row_number() over (order by id) - 1 as k, count(*) over () as total from components) as c
      on c.k = i.n % c.total`.execute(db);
}
