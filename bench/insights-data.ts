import { sql } from 'kysely';
import type { Db } from '../db/client.ts';

/**
 * The bench's data (bench/insights.ts): INCIDENTS declared incidents over the 365
 * days before NOW, with milestones, components, external updates, postmortems and
 * action items, written with set-based statements (seconds, not minutes).
 */
export async function seedInsightsBench(db: Db, INCIDENTS: number, NOW: Date): Promise<void> {
  await sql`insert into users (id, email, name, role, password_hash, created_at, updated_at) values ('bench-viewer', 'viewer@bench.test', 'Bench Viewer', 'viewer', 'x', ${NOW}, ${NOW})`.execute(db);
  await sql`insert into components (id, name, position, status, created_at, updated_at)
    select 'c' || n, 'Component ' || n, n, 'operational', ${NOW}::timestamptz - interval '400 days', ${NOW}::timestamptz - interval '400 days'
    from generate_series(1, 12) n`.execute(db);
  // Incident n starts somewhere in the last 365 days; milestones a few minutes apart, all resolved but the last 20.
  await sql`insert into incidents (id, title, severity, impact, status, started_at, created_at, updated_at, state,
      impact_started_at, detected_at, acknowledged_at, mitigated_at, monitoring_at, resolved_at)
    select 'i' || n, 'Bench incident ' || n, (array['SEV1','SEV2','SEV3'])[1 + n % 3], 'major',
      case when n > ${INCIDENTS - 20} then 'investigating' else 'resolved' end,
      s, s, s, 'active',
      s - ((n % 17) || ' minutes')::interval - interval '3 minutes', s - ((n % 7) || ' minutes')::interval, s,
      case when n > ${INCIDENTS - 20} then null else s + ((10 + n % 50) || ' minutes')::interval end,
      case when n > ${INCIDENTS - 20} then null else s + ((10 + n % 50) || ' minutes')::interval end,
      case when n > ${INCIDENTS - 20} then null else s + ((40 + n % 200) || ' minutes')::interval end
    from (select n, ${NOW}::timestamptz - ((365.0 * (${INCIDENTS} - n) / ${INCIDENTS}) || ' days')::interval - interval '1 hour' as s
          from generate_series(1, ${INCIDENTS}) n) x`.execute(db);
  await sql`insert into incident_components (incident_id, component_id, status)
    select 'i' || n, 'c' || (1 + (n * k) % 12), 'major_outage' from generate_series(1, ${INCIDENTS}) n, generate_series(1, 3) k
    where k <= 1 + n % 3 on conflict do nothing`.execute(db);
  await sql`insert into updates (id, incident_id, audience, state, status, body, created_at, updated_at, published_at, deliver_notifications)
    select 'u' || n || '-' || k, 'i' || n, 'external', 'published', (array['investigating','identified','monitoring'])[k], 'Update ' || k,
      i.started_at + ((k - 1) * (20 + n % 60) || ' minutes')::interval, i.started_at + ((k - 1) * (20 + n % 60) || ' minutes')::interval,
      i.started_at + ((k - 1) * (20 + n % 60) || ' minutes')::interval, false
    from generate_series(1, ${INCIDENTS}) n join incidents i on i.id = 'i' || n, generate_series(1, 3) k`.execute(db);
  await sql`insert into postmortems (incident_id, state, root_cause_tags, due_at, published_at, created_at, updated_at)
    select i.id, case when n % 2 = 0 then 'published_internal' else 'draft' end,
      jsonb_build_array((array['deploy','configuration','capacity','dependency'])[1 + n % 4]),
      i.resolved_at + interval '7 days', case when n % 2 = 0 then i.resolved_at + ((n % 10) || ' days')::interval end, i.resolved_at, i.resolved_at
    from generate_series(1, ${INCIDENTS}) n join incidents i on i.id = 'i' || n where n % 5 = 0 and i.resolved_at is not null`.execute(db);
  await sql`insert into action_items (id, incident_id, title, due_on, status, created_at, updated_at, closed_at)
    select 'a' || n, 'i' || n, 'Follow-up ' || n, (i.started_at + interval '14 days')::date,
      (array['open','in_progress','done','wont_do'])[1 + n % 4], i.started_at + interval '1 day', i.started_at + interval '1 day',
      case when n % 4 in (2, 3) then i.started_at + ((2 + n % 20) || ' days')::interval end
    from generate_series(1, ${INCIDENTS}) n join incidents i on i.id = 'i' || n where n % 4 = 0`.execute(db);
  await sql`analyze`.execute(db);
}

