import type {
  Audience,
  ComponentStatus,
  IncidentStatus,
  MaintenanceStatus,
  Update,
  UpdateComponentChange,
  UpdateState,
} from '../../src/domain/types.ts';
import type { Db } from '../client.ts';
import { newId } from '../ids.ts';

/**
 * Published external updates only: the one query the public snapshot reads
 * updates through, so drafts and internal updates cannot reach public output.
 */
export async function listPublishedExternalUpdates(db: Db): Promise<Update[]> {
  const rows = await db
    .selectFrom('updates')
    .selectAll()
    .where('audience', '=', 'external')
    .where('state', '=', 'published')
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
          .execute();
  const byUpdate = new Map<string, UpdateComponentChange[]>();
  for (const change of changes) {
    const list = byUpdate.get(change.update_id) ?? [];
    list.push({
      componentId: change.component_id,
      oldStatus: change.old_status as ComponentStatus,
      newStatus: change.new_status as ComponentStatus,
    });
    byUpdate.set(change.update_id, list);
  }
  return rows.map((row) => ({
    id: row.id,
    incidentId: row.incident_id,
    maintenanceId: row.maintenance_id,
    audience: row.audience as Audience,
    state: row.state as UpdateState,
    status: row.status as IncidentStatus | MaintenanceStatus,
    body: row.body,
    scheduledFor: row.scheduled_for,
    publishedAt: row.published_at,
    deliverNotifications: row.deliver_notifications,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    componentChanges: byUpdate.get(row.id) ?? [],
  }));
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
