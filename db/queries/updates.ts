import type { Selectable } from 'kysely';
import type {
  Audience,
  ComponentStatus,
  IncidentStatus,
  MaintenanceStatus,
  Role,
  Update,
  UpdateComponentChange,
  UpdateState,
} from '../../src/domain/types.ts';
import type { StoredUpdate } from '../../src/domain/incident-views.ts';
import type { Db } from '../client.ts';
import type { UpdatesTable } from '../schema.ts';
import { newId, userIdOf } from '../ids.ts';

/**
 * Published external updates only: the one query the public snapshot reads
 * updates through, so drafts and internal updates cannot reach public output.
 */
/** Every published external update, or only those of the given incidents and maintenances. */
export async function listPublishedExternalUpdates(db: Db, of?: { incidentIds: string[]; maintenanceIds: string[] }): Promise<Update[]> {
  const incidentIds = of?.incidentIds.length === 0 ? [''] : (of?.incidentIds ?? []);
  const maintenanceIds = of?.maintenanceIds.length === 0 ? [''] : (of?.maintenanceIds ?? []);
  const rows = await db
    .selectFrom('updates')
    .selectAll()
    .where('audience', '=', 'external')
    .where('state', '=', 'published')
    .$if(of !== undefined, (q) => q.where((eb) => eb.or([eb('incident_id', 'in', incidentIds), eb('maintenance_id', 'in', maintenanceIds)])))
    .orderBy('published_at', 'desc')
    .orderBy('id')
    .execute();
  const changes =
    rows.length === 0
      ? []
      : await db
          .selectFrom('update_components')
          .innerJoin('updates', 'updates.id', 'update_components.update_id')
          .select(['update_components.update_id', 'update_components.component_id', 'update_components.old_status', 'update_components.new_status'])
          .where('updates.audience', '=', 'external')
          .where('updates.state', '=', 'published')
          .$if(of !== undefined, (q) =>
            q.where((eb) => eb.or([eb('updates.incident_id', 'in', incidentIds), eb('updates.maintenance_id', 'in', maintenanceIds)])),
          )
          .execute();
  const byUpdate = new Map<string, UpdateComponentChange[]>();
  for (const change of changes) {
    const list = byUpdate.get(change.update_id) ?? [];
    list.push({
      componentId: change.component_id,
      oldStatus: change.old_status,
      newStatus: change.new_status,
    });
    byUpdate.set(change.update_id, list);
  }
  return rows.map((row) => ({ ...toStoredUpdate(row), componentChanges: byUpdate.get(row.id) ?? [] }));
}

export interface NewUpdate {
  incidentId?: string | null;
  maintenanceId?: string | null;
  audience: Audience;
  state: UpdateState;
  status: IncidentStatus | MaintenanceStatus;
  body: string;
  scheduledFor?: Date | null;
  publishedAt?: Date | null;
  createdAt: Date;
  componentChanges?: UpdateComponentChange[];
  /** The signed-in user who wrote it (null: seed, CLI). */
  authorId?: string | null;
  /** Email subscribers when published (default true). */
  deliverNotifications?: boolean;
}

export async function insertUpdate(db: Db, update: NewUpdate): Promise<string> {
  const id = newId();
  await db
    .insertInto('updates')
    .values({
      id,
      incident_id: update.incidentId ?? null,
      maintenance_id: update.maintenanceId ?? null,
      audience: update.audience,
      state: update.state,
      status: update.status,
      body: update.body,
      scheduled_for: update.scheduledFor ?? null,
      published_at: update.publishedAt ?? null,
      created_at: update.createdAt,
      updated_at: update.publishedAt ?? update.createdAt,
      author_id: userIdOf(update.authorId),
      ...(update.deliverNotifications === undefined ? {} : { deliver_notifications: update.deliverNotifications }),
    })
    .execute();
  const changes = update.componentChanges ?? [];
  if (changes.length > 0) {
    await db
      .insertInto('update_components')
      .values(changes.map((c) => ({ update_id: id, component_id: c.componentId, old_status: c.oldStatus, new_status: c.newStatus })))
      .execute();
  }
  return id;
}

/** A maintenance's announcement: its first published public update. */
export async function findMaintenanceAnnouncement(db: Db, maintenanceId: string): Promise<{ id: string; body: string } | null> {
  const row = await db
    .selectFrom('updates')
    .select(['id', 'body'])
    .where('maintenance_id', '=', maintenanceId)
    .where('audience', '=', 'external')
    .where('state', '=', 'published')
    .orderBy('published_at')
    .orderBy('created_at')
    .orderBy('id')
    .executeTakeFirst();
  return row ?? null;
}

/**
 * Corrects the text of a published update in place (its publish time stays; the
 * feeds show it as updated at `at`). The caller checked what it may correct.
 */
export async function correctPublishedUpdateBody(db: Db, id: string, body: string, at: Date): Promise<void> {
  await db.updateTable('updates').set({ body, updated_at: at }).where('id', '=', id).where('state', '=', 'published').execute();
}

// --- The hub: drafts, schedules, publishing -------------------------------------

type UpdateRow = Selectable<UpdatesTable>;

/** Maps an updates row to its domain form (shared by every read of updates). */
export function toStoredUpdate(row: UpdateRow): StoredUpdate {
  return {
    id: row.id,
    incidentId: row.incident_id,
    maintenanceId: row.maintenance_id,
    audience: row.audience,
    state: row.state,
    status: row.status,
    body: row.body,
    scheduledFor: row.scheduled_for,
    publishedAt: row.published_at,
    deliverNotifications: row.deliver_notifications,
    authorId: row.author_id,
    publishedById: row.published_by,
    publishBlockedReason: row.publish_blocked_reason,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * One update; with `forUpdate` the row stays locked until the transaction ends,
 * which is what makes publishing happen exactly once when two workers race.
 */
export async function findUpdateById(db: Db, id: string, options: { forUpdate?: boolean } = {}): Promise<StoredUpdate | null> {
  const row = await db
    .selectFrom('updates')
    .selectAll()
    .where('id', '=', id)
    .$if(options.forUpdate === true, (qb) => qb.forUpdate())
    .executeTakeFirst();
  return row ? toStoredUpdate(row) : null;
}

export async function listUpdateComponentChanges(db: Db, updateId: string): Promise<UpdateComponentChange[]> {
  const rows = await db
    .selectFrom('update_components')
    .select(['component_id', 'old_status', 'new_status'])
    .where('update_id', '=', updateId)
    .orderBy('component_id')
    .execute();
  return rows.map((row) => ({
    componentId: row.component_id,
    oldStatus: row.old_status,
    newStatus: row.new_status,
  }));
}

export async function replaceUpdateComponentChanges(db: Db, updateId: string, changes: UpdateComponentChange[]): Promise<void> {
  await db.deleteFrom('update_components').where('update_id', '=', updateId).execute();
  if (changes.length === 0) return;
  await db
    .insertInto('update_components')
    .values(changes.map((c) => ({ update_id: updateId, component_id: c.componentId, old_status: c.oldStatus, new_status: c.newStatus })))
    .execute();
}

/** At publish time the "before" of each change becomes what the component really was. */
export async function setUpdateComponentOldStatus(db: Db, updateId: string, componentId: string, oldStatus: ComponentStatus): Promise<void> {
  await db
    .updateTable('update_components')
    .set({ old_status: oldStatus })
    .where('update_id', '=', updateId)
    .where('component_id', '=', componentId)
    .execute();
}

export interface UpdateContent {
  audience: Audience;
  state: 'draft' | 'scheduled';
  status: IncidentStatus | MaintenanceStatus;
  body: string;
  scheduledFor: Date | null;
  deliverNotifications: boolean;
  updatedAt: Date;
  /** A new author: who scheduled it again, and is now the one it is published as. */
  authorId?: string;
}

/** Rewrites a draft or scheduled update (the caller checked its state under lock). */
export async function updateUpdateContent(db: Db, id: string, content: UpdateContent): Promise<void> {
  await db
    .updateTable('updates')
    .set({
      audience: content.audience,
      state: content.state,
      status: content.status,
      body: content.body,
      scheduled_for: content.scheduledFor,
      deliver_notifications: content.deliverNotifications,
      updated_at: content.updatedAt,
      ...(content.authorId === undefined ? {} : { author_id: userIdOf(content.authorId) }),
      // Whoever edits it has decided anew: a blocked publish is no longer pending.
      publish_blocked_reason: null,
      publish_blocked_at: null,
    })
    .where('id', '=', id)
    .execute();
}

export async function markUpdatePublished(db: Db, id: string, published: { at: Date; by: string | null }): Promise<void> {
  await db
    .updateTable('updates')
    .set({ state: 'published', published_at: published.at, published_by: userIdOf(published.by), updated_at: published.at })
    .where('id', '=', id)
    .execute();
}

export async function markUpdateCancelled(db: Db, id: string, at: Date): Promise<void> {
  await db.updateTable('updates').set({ state: 'cancelled', updated_at: at }).where('id', '=', id).execute();
}

/** Scheduled updates whose time has come, oldest first: for a sweep after downtime. */
export async function listDueUpdateIds(db: Db, now: Date): Promise<string[]> {
  const rows = await db
    .selectFrom('updates')
    .select('id')
    .where('state', '=', 'scheduled')
    .where('scheduled_for', '<=', now)
    // A blocked one waits for a person: publishing it late by itself would surprise everyone.
    .where('publish_blocked_reason', 'is', null)
    .orderBy('scheduled_for')
    .orderBy('id')
    .execute();
  return rows.map((row) => row.id);
}

/** Whether the incident is public: it has a published external update (other than `exceptUpdateId`). */
export async function hasPublishedExternalUpdate(db: Db, incidentId: string, exceptUpdateId?: string): Promise<boolean> {
  const row = await db
    .selectFrom('updates')
    .select('id')
    .where('incident_id', '=', incidentId)
    .where('audience', '=', 'external')
    .where('state', '=', 'published')
    .$if(exceptUpdateId !== undefined, (qb) => qb.where('id', '!=', exceptUpdateId ?? ''))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** An update's author as their account is now: what the scheduler re-checks before publishing for them. */
export interface UpdateAuthorAccount {
  id: string;
  name: string;
  role: Role;
  disabledAt: Date | null;
}

/** The author's account now; null when unknown (seeded, or the user was deleted). */
export async function findUpdateAuthorAccount(db: Db, updateId: string): Promise<UpdateAuthorAccount | null> {
  const row = await db
    .selectFrom('updates')
    .innerJoin('users', 'users.id', 'updates.author_id')
    .select(['users.id', 'users.name', 'users.role', 'users.disabled_at'])
    .where('updates.id', '=', updateId)
    .executeTakeFirst();
  return row ? { id: row.id, name: row.name, role: row.role, disabledAt: row.disabled_at } : null;
}

/** Flags a scheduled update the scheduler could not publish, with the reason shown on the dashboard. */
export async function markUpdatePublishBlocked(db: Db, id: string, reason: string, at: Date): Promise<void> {
  await db.updateTable('updates').set({ publish_blocked_reason: reason, publish_blocked_at: at }).where('id', '=', id).execute();
}

/**
 * The audience of the last update this person wrote on this incident (any state),
 * or null when they wrote none: the composer opens on it, so an internal thread
 * stays internal after each post instead of falling back to External.
 */
export async function findLastAudienceByAuthor(db: Db, incidentId: string, authorId: string): Promise<Audience | null> {
  const row = await db
    .selectFrom('updates')
    .select('audience')
    .where('incident_id', '=', incidentId)
    .where('author_id', '=', authorId)
    .orderBy('updated_at', 'desc')
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.audience ?? null;
}
