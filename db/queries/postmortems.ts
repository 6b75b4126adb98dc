import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import type { PostmortemSection, PostmortemState } from '../../src/domain/learning.ts';
import { POSTMORTEM_SECTIONS } from '../../src/domain/learning.ts';
import type { Postmortem, PostmortemSettings } from '../../src/domain/postmortem.ts';
import type { Audience, ComponentStatus, IncidentStatus, Severity } from '../../src/domain/types.ts';
import type { Db } from '../client.ts';
import type { PostmortemsTable } from '../schema.ts';
import { userIdOf } from '../ids.ts';

function toPostmortem(row: Selectable<PostmortemsTable>): Postmortem {
  const sections = Object.fromEntries(POSTMORTEM_SECTIONS.map((s) => [s, row[s]])) as Record<PostmortemSection, string>;
  return {
    incidentId: row.incident_id,
    state: row.state,
    sections,
    rootCauseTags: row.root_cause_tags,
    publicSections: row.public_sections,
    publicBody: row.public_body,
    dueAt: row.due_at,
    publishedAt: row.published_at,
    publicPublishedAt: row.public_published_at,
    notifiedSubscribers: row.notified_subscribers,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function findPostmortem(db: Db, incidentId: string, options: { forUpdate?: boolean } = {}): Promise<Postmortem | null> {
  let query = db.selectFrom('postmortems').selectAll().where('incident_id', '=', incidentId);
  if (options.forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row ? toPostmortem(row) : null;
}

/** Inserts the incident's postmortem; false when it already has one (two people clicked at once). */
export async function insertPostmortem(
  db: Db,
  postmortem: { incidentId: string; sections: Record<PostmortemSection, string>; dueAt: Date | null; createdBy: string | null; at: Date },
): Promise<boolean> {
  const result = await db
    .insertInto('postmortems')
    .values({
      incident_id: postmortem.incidentId,
      ...postmortem.sections,
      due_at: postmortem.dueAt,
      created_by: userIdOf(postmortem.createdBy),
      created_at: postmortem.at,
      updated_at: postmortem.at,
    })
    .onConflict((oc) => oc.column('incident_id').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

export async function updatePostmortemContent(
  db: Db,
  incidentId: string,
  content: { sections: Record<PostmortemSection, string>; rootCauseTags: string[]; dueAt: Date | null; at: Date },
): Promise<void> {
  await db
    .updateTable('postmortems')
    .set({ ...content.sections, root_cause_tags: JSON.stringify(content.rootCauseTags), due_at: content.dueAt, updated_at: content.at })
    .where('incident_id', '=', incidentId)
    .execute();
}

export interface PostmortemStateChange {
  state: PostmortemState;
  publishedAt?: Date | null;
  publicPublishedAt?: Date | null;
  publicSections?: PostmortemSection[];
  publicBody?: string | null;
  notifiedSubscribers?: boolean;
  at: Date;
}

export async function updatePostmortemState(db: Db, incidentId: string, change: PostmortemStateChange): Promise<void> {
  await db
    .updateTable('postmortems')
    .set({
      state: change.state,
      ...(change.publishedAt !== undefined ? { published_at: change.publishedAt } : {}),
      ...(change.publicPublishedAt !== undefined ? { public_published_at: change.publicPublishedAt } : {}),
      ...(change.publicSections !== undefined ? { public_sections: JSON.stringify(change.publicSections) } : {}),
      ...(change.publicBody !== undefined ? { public_body: change.publicBody } : {}),
      ...(change.notifiedSubscribers !== undefined ? { notified_subscribers: change.notifiedSubscribers } : {}),
      updated_at: change.at,
    })
    .where('incident_id', '=', incidentId)
    .execute();
}

export async function deletePostmortem(db: Db, incidentId: string): Promise<boolean> {
  const result = await db.deleteFrom('postmortems').where('incident_id', '=', incidentId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

// Root-cause tags ------------------------------------------------------------

export async function listRootCauseTags(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('root_cause_tags').select('name').orderBy('position').orderBy('name').execute();
  return rows.map((row) => row.name);
}

/** Adds a tag at the end of the list; false when it already exists. */
export async function insertRootCauseTag(db: Db, name: string): Promise<boolean> {
  const result = await db
    .insertInto('root_cause_tags')
    .values({ name, position: sql<number>`(select coalesce(max(position), -1) + 1 from root_cause_tags)` })
    .onConflict((oc) => oc.column('name').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

/** Removes a tag from the list (postmortems keep it: their tags are history). */
export async function deleteRootCauseTag(db: Db, name: string): Promise<boolean> {
  const result = await db.deleteFrom('root_cause_tags').where('name', '=', name).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

// Settings -------------------------------------------------------------------

export async function findPostmortemSettingsRow(db: Db): Promise<Omit<PostmortemSettings, 'template'> & { template: Partial<Record<PostmortemSection, string>> }> {
  const row = await db.selectFrom('postmortem_settings').selectAll().where('id', '=', 1).executeTakeFirst();
  if (!row) return { dueBusinessDays: 5, requiredSeverities: ['SEV1', 'SEV2'], template: {} };
  return { dueBusinessDays: row.due_business_days, requiredSeverities: row.required_severities, template: row.template };
}

export async function savePostmortemSettingsRow(db: Db, settings: PostmortemSettings, at: Date): Promise<void> {
  const values = {
    due_business_days: settings.dueBusinessDays,
    required_severities: JSON.stringify(settings.requiredSeverities),
    template: JSON.stringify(settings.template),
    updated_at: at,
  };
  await db
    .insertInto('postmortem_settings')
    .values({ id: 1, ...values })
    .onConflict((oc) => oc.column('id').doUpdateSet(values))
    .execute();
}

// What the editor pre-fills --------------------------------------------------

export interface PostmortemIncidentFacts {
  id: string;
  title: string;
  severity: Severity;
  status: IncidentStatus;
  startedAt: Date;
  resolvedAt: Date | null;
  impactStartedAt: Date | null;
  detectedAt: Date | null;
  acknowledgedAt: Date | null;
  mitigatedAt: Date | null;
  /** Affected components (the incident's, and any an update changed), each with the worst status it was given. */
  components: { componentId: string; name: string; statuses: ComponentStatus[] }[];
  /** Distinct subscribers an email about this incident was sent to. */
  subscribersNotified: number;
}

export async function findPostmortemIncidentFacts(db: Db, incidentId: string): Promise<PostmortemIncidentFacts | null> {
  const incident = await db
    .selectFrom('incidents')
    .select(['id', 'title', 'severity', 'status', 'started_at', 'resolved_at', 'impact_started_at', 'detected_at', 'acknowledged_at', 'mitigated_at'])
    .where('id', '=', incidentId)
    .executeTakeFirst();
  if (!incident) return null;
  const [own, changed, notified] = await Promise.all([
    db
      .selectFrom('incident_components as ic')
      .innerJoin('components as c', 'c.id', 'ic.component_id')
      .select(['c.id', 'c.name', 'ic.status'])
      .where('ic.incident_id', '=', incidentId)
      .execute(),
    db
      .selectFrom('update_components as uc')
      .innerJoin('updates as u', 'u.id', 'uc.update_id')
      .innerJoin('components as c', 'c.id', 'uc.component_id')
      .select(['c.id', 'c.name', 'uc.new_status as status'])
      .where('u.incident_id', '=', incidentId)
      .where('u.state', '=', 'published')
      .where('u.audience', '=', 'external')
      .execute(),
    db
      .selectFrom('deliveries as d')
      .innerJoin('notifications as n', 'n.id', 'd.notification_id')
      .innerJoin('updates as u', 'u.id', 'n.update_id')
      .select((eb) => eb.fn.count<string>(sql`distinct d.subscriber_id`).as('count'))
      .where('u.incident_id', '=', incidentId)
      .where('d.status', '=', 'sent')
      .where('d.subscriber_id', 'is not', null)
      .executeTakeFirst(),
  ]);
  const byComponent = new Map<string, { componentId: string; name: string; statuses: ComponentStatus[] }>();
  for (const row of [...own, ...changed]) {
    const entry = byComponent.get(row.id) ?? { componentId: row.id, name: row.name, statuses: [] };
    entry.statuses.push(row.status);
    byComponent.set(row.id, entry);
  }
  return {
    id: incident.id,
    title: incident.title,
    severity: incident.severity,
    status: incident.status,
    startedAt: incident.started_at,
    resolvedAt: incident.resolved_at,
    impactStartedAt: incident.impact_started_at,
    detectedAt: incident.detected_at,
    acknowledgedAt: incident.acknowledged_at,
    mitigatedAt: incident.mitigated_at,
    components: [...byComponent.values()].sort((a, b) => a.name.localeCompare(b.name)),
    subscribersNotified: Number(notified?.count ?? 0),
  };
}

export interface TimelineSource {
  updates: { publishedAt: Date; audience: Audience; status: string; body: string }[];
  events: { occurredAt: Date; kind: string; actor: string | null; details: Record<string, unknown> }[];
}

/** Published updates and the timeline events a generated timeline is made of (notes, status and severity changes). */
export async function listPostmortemTimelineSource(db: Db, incidentId: string): Promise<TimelineSource> {
  const [updates, events] = await Promise.all([
    db
      .selectFrom('updates')
      .select(['published_at', 'audience', 'status', 'body'])
      .where('incident_id', '=', incidentId)
      .where('state', '=', 'published')
      .orderBy('published_at')
      .execute(),
    db
      .selectFrom('timeline_events as e')
      .leftJoin('users as u', 'u.id', 'e.actor_id')
      .select(['e.occurred_at', 'e.kind', 'e.details', (eb) => eb.fn.coalesce('u.name', 'e.actor').as('actor')])
      .where('e.incident_id', '=', incidentId)
      .where('e.kind', 'in', ['note.added', 'incident.status_changed', 'incident.severity_changed'])
      .orderBy('e.occurred_at')
      .execute(),
  ]);
  return {
    updates: updates.map((u) => ({ publishedAt: u.published_at ?? new Date(0), audience: u.audience, status: u.status, body: u.body })),
    events: events.map((e) => ({ occurredAt: e.occurred_at, kind: e.kind, actor: e.actor, details: e.details })),
  };
}

// The dashboard --------------------------------------------------------------

export interface ResolvedIncidentPostmortem {
  incidentId: string;
  title: string;
  severity: Severity;
  resolvedAt: Date;
  state: PostmortemState | null;
  dueAt: Date | null;
}

/**
 * Resolved incidents that need a postmortem (their severity requires one) or have
 * one not yet published: what the dashboard judges as missing or overdue.
 */
export async function listPostmortemCandidates(db: Db, requiredSeverities: readonly Severity[]): Promise<ResolvedIncidentPostmortem[]> {
  const rows = await db
    .selectFrom('incidents as i')
    .leftJoin('postmortems as p', 'p.incident_id', 'i.id')
    .select(['i.id', 'i.title', 'i.severity', 'i.resolved_at', 'p.state', 'p.due_at'])
    .where('i.resolved_at', 'is not', null)
    .where('i.state', '=', 'active')
    .where((eb) =>
      eb.or([
        ...(requiredSeverities.length > 0 ? [eb('i.severity', 'in', [...requiredSeverities])] : []),
        eb('p.incident_id', 'is not', null),
      ]),
    )
    .where((eb) => eb.or([eb('p.state', 'is', null), eb('p.state', 'in', ['draft', 'in_review'])]))
    .orderBy('i.resolved_at')
    .orderBy('i.id')
    .execute();
  return rows.map((row) => ({
    incidentId: row.id,
    title: row.title,
    severity: row.severity,
    resolvedAt: row.resolved_at!,
    state: row.state ?? null,
    dueAt: row.due_at ?? null,
  }));
}

// Publication ----------------------------------------------------------------

/**
 * The incident's subscribers: confirmed email subscribers who would get its
 * updates (everything, or one of the incident's components).
 */
export async function listIncidentSubscribers(db: Db, incidentId: string): Promise<{ id: string; email: string }[]> {
  return db
    .selectFrom('subscribers as s')
    .select(['s.id', 's.email'])
    .where('s.status', '=', 'confirmed')
    .where('s.webhook_url', 'is', null)
    .where((eb) =>
      eb.or([
        eb('s.all_components', '=', true),
        eb.exists(
          eb
            .selectFrom('subscriber_components as sc')
            .select('sc.subscriber_id')
            .whereRef('sc.subscriber_id', '=', 's.id')
            .where((inner) =>
              inner.or([
                inner('sc.component_id', 'in', inner.selectFrom('incident_components').select('component_id').where('incident_id', '=', incidentId)),
                inner(
                  'sc.component_id',
                  'in',
                  inner
                    .selectFrom('update_components as uc')
                    .innerJoin('updates as u', 'u.id', 'uc.update_id')
                    .select('uc.component_id')
                    .where('u.incident_id', '=', incidentId),
                ),
              ]),
            ),
        ),
      ]),
    )
    .orderBy('s.id')
    .execute();
}

/** The public part of every publicly published postmortem: the only postmortem text the public snapshot reads. */
/** The public parts of publicly published postmortems: all, or those of the given incidents. */
export async function listPublicPostmortems(db: Db, incidentIds?: string[]): Promise<{ incidentId: string; body: string; publishedAt: Date; notifiedSubscribers: boolean }[]> {
  if (incidentIds?.length === 0) return [];
  const rows = await db
    .selectFrom('postmortems')
    .select(['incident_id', 'public_body', 'public_published_at', 'notified_subscribers'])
    .$if(incidentIds !== undefined, (q) => q.where('incident_id', 'in', incidentIds ?? []))
    .where('state', '=', 'published_public')
    .where('public_published_at', 'is not', null)
    .where('public_body', 'is not', null)
    .execute();
  return rows.map((row) => ({ incidentId: row.incident_id, body: row.public_body!, publishedAt: row.public_published_at!, notifiedSubscribers: row.notified_subscribers }));
}
