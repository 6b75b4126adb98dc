import { sql } from 'kysely';
import type { IncidentState } from '../../src/domain/alerts.ts';
import type { Impact, IncidentStatus, Severity } from '../../src/domain/types.ts';
import type {
  AffectedComponentView,
  ComponentChangeView,
  IncidentDetail,
  IncidentRolesView,
  IncidentSummary,
  PendingUpdate,
  TimelineEntry,
  UpdateView,
} from '../../src/domain/incident-views.ts';
import type { Db } from '../client.ts';
import { toStoredUpdate } from './updates.ts';
import { listRolesForIncidents } from './incident-roles.ts';

/**
 * Read models of the signed-in hub (dashboard, incident list, incident page). They
 * see everything: drafts, internal updates, notes. Never use them for public output.
 */

interface IncidentRow {
  id: string;
  title: string;
  severity: Severity;
  impact: Impact;
  status: IncidentStatus;
  started_at: Date;
  resolved_at: Date | null;
  state: IncidentState;
}

const REMOVED = 'Removed component';

async function summarize(db: Db, rows: IncidentRow[]): Promise<IncidentSummary[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const [components, roles, lastExternal] = await Promise.all([
    db
      .selectFrom('incident_components')
      .innerJoin('components', 'components.id', 'incident_components.component_id')
      .select(['incident_components.incident_id', 'components.id', 'components.name', 'incident_components.status as incident_status', 'components.status'])
      .where('incident_components.incident_id', 'in', ids)
      .orderBy('components.position')
      .orderBy('components.name')
      .execute(),
    listRolesForIncidents(db, ids),
    db
      .selectFrom('updates')
      .select((eb) => ['incident_id', eb.fn.max('published_at').as('at')])
      .where('incident_id', 'in', ids)
      .where('audience', '=', 'external')
      .where('state', '=', 'published')
      .groupBy('incident_id')
      .execute(),
  ]);
  const componentsBy = new Map<string, AffectedComponentView[]>();
  for (const c of components) {
    const list = componentsBy.get(c.incident_id) ?? [];
    list.push({ id: c.id, name: c.name, incidentStatus: c.incident_status, currentStatus: c.status });
    componentsBy.set(c.incident_id, list);
  }
  const rolesBy = new Map<string, IncidentRolesView>();
  for (const r of roles) {
    const view = rolesBy.get(r.incidentId) ?? { commander: null, commsLead: null, experts: [] };
    const person = { id: r.userId, name: r.userName };
    if (r.role === 'commander') view.commander = person;
    else if (r.role === 'comms_lead') view.commsLead = person;
    else view.experts.push(person);
    rolesBy.set(r.incidentId, view);
  }
  const lastBy = new Map(lastExternal.map((row) => [row.incident_id, row.at === null ? null : new Date(row.at as Date | string)]));
  return rows.map((row) => {
    const last = lastBy.get(row.id) ?? null;
    return {
      id: row.id,
      title: row.title,
      severity: row.severity,
      impact: row.impact,
      status: row.status,
      startedAt: row.started_at,
      resolvedAt: row.resolved_at,
      state: row.state,
      isPublic: last !== null,
      roles: rolesBy.get(row.id) ?? { commander: null, commsLead: null, experts: [] },
      components: componentsBy.get(row.id) ?? [],
      lastExternalUpdateAt: last,
    };
  });
}

const SUMMARY_COLUMNS = ['id', 'title', 'severity', 'impact', 'status', 'started_at', 'resolved_at', 'state'] as const;

/** Unresolved declared incidents for the dashboard, the most severe first, then the newest (triage ones have their own section). */
export async function listOpenIncidentSummaries(db: Db): Promise<IncidentSummary[]> {
  const rows = await db
    .selectFrom('incidents')
    .select(SUMMARY_COLUMNS)
    .where('resolved_at', 'is', null)
    .where('state', '=', 'active')
    .orderBy('severity')
    .orderBy('started_at', 'desc')
    .orderBy('id')
    .execute();
  return summarize(db, rows);
}

/** The latest incidents, open or resolved, newest first. */
export async function listRecentIncidents(db: Db, limit: number): Promise<IncidentSummary[]> {
  const rows = await db
    .selectFrom('incidents')
    .select(SUMMARY_COLUMNS)
    .orderBy('started_at', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute();
  return summarize(db, rows);
}

export interface IncidentSearch {
  /** Words in the title (case-insensitive), or an incident id. */
  text: string;
  /** 'open' = any unresolved status. */
  status: IncidentStatus | 'open' | null;
  severity: Severity | null;
  componentId: string | null;
  limit: number;
  offset: number;
}

/** The hub's incident list: matching incidents, open ones first, then the newest; one page of them and how many match. */
export async function searchIncidentSummaries(db: Db, search: IncidentSearch): Promise<{ total: number; items: IncidentSummary[] }> {
  let query = db.selectFrom('incidents');
  if (search.text !== '') {
    // LIKE's wildcards typed by the reader are matched literally.
    const pattern = `%${search.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((w) => w.or([w('title', 'ilike', pattern), w('id', '=', search.text.toLowerCase())]));
  }
  if (search.status === 'open') query = query.where('resolved_at', 'is', null);
  else if (search.status !== null) query = query.where('status', '=', search.status);
  if (search.severity !== null) query = query.where('severity', '=', search.severity);
  if (search.componentId !== null) {
    const componentId = search.componentId;
    query = query.where('id', 'in', (eb) => eb.selectFrom('incident_components').select('incident_id').where('component_id', '=', componentId));
  }
  const [count, rows] = await Promise.all([
    query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    query
      .select(SUMMARY_COLUMNS)
      .orderBy(sql`resolved_at is null`, 'desc')
      .orderBy('started_at', 'desc')
      .orderBy('id')
      .limit(search.limit)
      .offset(search.offset)
      .execute(),
  ]);
  return { total: Number(count.n), items: await summarize(db, rows) };
}

/** Drafts and scheduled updates (incidents and maintenance): scheduled soonest first, then drafts newest first. */
export async function listPendingUpdates(db: Db): Promise<PendingUpdate[]> {
  const rows = await db
    .selectFrom('updates')
    .leftJoin('incidents', 'incidents.id', 'updates.incident_id')
    .leftJoin('users', 'users.id', 'updates.author_id')
    .select([
      'updates.id',
      'updates.incident_id',
      'incidents.title',
      'updates.maintenance_id',
      'updates.audience',
      'updates.state',
      'updates.status',
      'updates.body',
      'users.name as author_name',
      'updates.scheduled_for',
      'updates.updated_at',
      'updates.publish_blocked_reason',
    ])
    .where('updates.state', 'in', ['draft', 'scheduled'])
    // A triage incident's suggested draft waits in the Triage section, with the incident.
    .where((eb) => eb.or([eb('incidents.state', 'is', null), eb('incidents.state', '=', 'active')]))
    .orderBy('updates.state', 'desc') // 'scheduled' before 'draft'
    .orderBy('updates.scheduled_for')
    .orderBy('updates.updated_at', 'desc')
    .orderBy('updates.id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    incidentId: row.incident_id,
    incidentTitle: row.title,
    maintenanceId: row.maintenance_id,
    audience: row.audience,
    state: row.state as 'draft' | 'scheduled', // the where clause above keeps only these
    status: row.status,
    body: row.body,
    authorName: row.author_name,
    scheduledFor: row.scheduled_for,
    updatedAt: row.updated_at,
    publishBlockedReason: row.publish_blocked_reason,
  }));
}

/** Everything the incident page shows, or null when there is no such incident. */
export async function findIncidentDetail(db: Db, id: string): Promise<IncidentDetail | null> {
  const row = await db
    .selectFrom('incidents')
    .leftJoin('users', 'users.id', 'incidents.declared_by')
    .selectAll('incidents')
    .select('users.name as declared_by_name')
    .where('incidents.id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  const [summary] = await summarize(db, [row]);
  const [updates, timeline] = await Promise.all([listIncidentUpdateViews(db, id), listIncidentTimeline(db, id)]);
  return {
    ...summary!,
    identifiedAt: row.identified_at,
    monitoringAt: row.monitoring_at,
    declaredBy: row.declared_by === null ? null : { id: row.declared_by, name: row.declared_by_name ?? 'Unknown' },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    updates,
    timeline,
  };
}

/** Every update of an incident (all audiences and states), newest first. */
export async function listIncidentUpdateViews(db: Db, incidentId: string): Promise<UpdateView[]> {
  const rows = await db
    .selectFrom('updates')
    .leftJoin('users as author', 'author.id', 'updates.author_id')
    .leftJoin('users as publisher', 'publisher.id', 'updates.published_by')
    .selectAll('updates')
    .select(['author.name as author_name', 'publisher.name as publisher_name'])
    .where('updates.incident_id', '=', incidentId)
    .execute();
  const changes =
    rows.length === 0
      ? []
      : await db
          .selectFrom('update_components')
          .leftJoin('components', 'components.id', 'update_components.component_id')
          .select(['update_components.update_id', 'update_components.component_id', 'components.name', 'update_components.old_status', 'update_components.new_status'])
          .where(
            'update_components.update_id',
            'in',
            rows.map((r) => r.id),
          )
          .orderBy('components.position')
          .orderBy('components.name')
          .execute();
  const changesBy = new Map<string, ComponentChangeView[]>();
  for (const c of changes) {
    const list = changesBy.get(c.update_id) ?? [];
    list.push({ componentId: c.component_id, name: c.name ?? REMOVED, oldStatus: c.old_status, newStatus: c.new_status });
    changesBy.set(c.update_id, list);
  }
  const views: UpdateView[] = rows.map((r) => ({
    ...toStoredUpdate(r),
    author: r.author_id === null ? null : { id: r.author_id, name: r.author_name ?? 'Unknown' },
    publishedBy: r.published_by === null ? null : { id: r.published_by, name: r.publisher_name ?? 'Unknown' },
    componentChanges: changesBy.get(r.id) ?? [],
  }));
  // Newest first by the time that matters for each state: published, else scheduled, else last edit.
  const when = (u: UpdateView): number => (u.publishedAt ?? u.scheduledFor ?? u.updatedAt).getTime();
  return views.sort((a, b) => when(b) - when(a) || b.createdAt.getTime() - a.createdAt.getTime() || a.id.localeCompare(b.id));
}

/** The incident's timeline, oldest first, with the actors' current names. */
export async function listIncidentTimeline(db: Db, incidentId: string): Promise<TimelineEntry[]> {
  const rows = await db
    .selectFrom('timeline_events')
    .leftJoin('users', 'users.id', 'timeline_events.actor_id')
    .select([
      'timeline_events.id',
      'timeline_events.kind',
      'timeline_events.actor_id',
      'timeline_events.actor',
      'users.name as user_name',
      'timeline_events.details',
      'timeline_events.occurred_at',
    ])
    .where('timeline_events.incident_id', '=', incidentId)
    .orderBy('timeline_events.occurred_at')
    .orderBy('timeline_events.id')
    .execute();
  return rows.map((row) => ({
    id: String(row.id),
    kind: row.kind,
    actorId: row.actor_id,
    actorName: row.user_name ?? row.actor,
    details: row.details,
    occurredAt: row.occurred_at,
  }));
}
