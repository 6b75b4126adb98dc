import type { Impact, Maintenance, MaintenanceStatus } from '../../src/domain/types.ts';
import type { Db } from '../client.ts';
import { newId } from '../ids.ts';

export async function listMaintenances(db: Db): Promise<Maintenance[]> {
  const [rows, links] = await Promise.all([
    db.selectFrom('maintenances').selectAll().orderBy('scheduled_for', 'desc').orderBy('id').execute(),
    db.selectFrom('maintenance_components').selectAll().execute(),
  ]);
  const byMaintenance = new Map<string, string[]>();
  for (const link of links) {
    byMaintenance.set(link.maintenance_id, [...(byMaintenance.get(link.maintenance_id) ?? []), link.component_id]);
  }
  return rows.map((row) => ({
    id: row.id,
    title: row.title,
    impact: row.impact as Impact | 'maintenance',
    status: row.status as MaintenanceStatus,
    scheduledFor: row.scheduled_for,
    scheduledUntil: row.scheduled_until,
    startedAt: row.started_at,
    completedAt: row.completed_at,
    autoStart: row.auto_start,
    autoComplete: row.auto_complete,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    componentIds: byMaintenance.get(row.id) ?? [],
  }));
}

export interface NewMaintenance {
  title: string;
  status: MaintenanceStatus;
  scheduledFor: Date;
  scheduledUntil: Date;
  startedAt?: Date | null;
  completedAt?: Date | null;
  createdAt: Date;
  componentIds: string[];
}

export async function insertMaintenance(db: Db, maintenance: NewMaintenance): Promise<string> {
  const id = newId();
  await db
    .insertInto('maintenances')
    .values({
      id,
      title: maintenance.title,
      status: maintenance.status,
      scheduled_for: maintenance.scheduledFor,
      scheduled_until: maintenance.scheduledUntil,
      started_at: maintenance.startedAt ?? null,
      completed_at: maintenance.completedAt ?? null,
      created_at: maintenance.createdAt,
      updated_at: maintenance.completedAt ?? maintenance.startedAt ?? maintenance.createdAt,
    })
    .execute();
  if (maintenance.componentIds.length > 0) {
    await db
      .insertInto('maintenance_components')
      .values(maintenance.componentIds.map((componentId) => ({ maintenance_id: id, component_id: componentId })))
      .execute();
  }
  return id;
}
