import type { Selectable } from 'kysely';
import type { Maintenance, MaintenanceStatus } from '../../src/domain/types.ts';
import type { Db } from '../client.ts';
import { newId } from '../ids.ts';
import type { MaintenancesTable } from '../schema.ts';

function toMaintenance(row: Selectable<MaintenancesTable>, componentIds: string[]): Maintenance {
  return {
    id: row.id,
    title: row.title,
    impact: row.impact,
    status: row.status,
    scheduledFor: row.scheduled_for,
    scheduledUntil: row.scheduled_until,
    startedAt: row.started_at,
    completedAt: row.completed_at,
    cancelledAt: row.cancelled_at ?? null,
    reminderHours: row.reminder_hours,
    remindedAt: row.reminded_at ?? null,
    remindAt: row.remind_at ?? null,
    correctionSentAt: row.correction_sent_at ?? null,
    notifyStart: row.notify_start,
    notifyComplete: row.notify_complete,
    autoStart: row.auto_start,
    autoComplete: row.auto_complete,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    componentIds,
  };
}

/** Every maintenance, or only those with the given ids. */
export async function listMaintenances(db: Db, ids?: string[]): Promise<Maintenance[]> {
  if (ids?.length === 0) return [];
  const [rows, links] = await Promise.all([
    db
      .selectFrom('maintenances')
      .selectAll()
      .$if(ids !== undefined, (q) => q.where('id', 'in', ids ?? []))
      .orderBy('scheduled_for', 'desc')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('maintenance_components')
      .selectAll()
      .$if(ids !== undefined, (q) => q.where('maintenance_id', 'in', ids ?? []))
      .execute(),
  ]);
  const byMaintenance = new Map<string, string[]>();
  for (const link of links) {
    byMaintenance.set(link.maintenance_id, [...(byMaintenance.get(link.maintenance_id) ?? []), link.component_id]);
  }
  return rows.map((row) => toMaintenance(row, byMaintenance.get(row.id) ?? []));
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
  /** Defaults to true (the column's default). */
  autoStart?: boolean;
  /** Defaults to true (the column's default). */
  autoComplete?: boolean;
  /** Defaults to 24 (the column's default). */
  reminderHours?: number;
  /** Default to true (the columns' defaults). */
  notifyStart?: boolean;
  notifyComplete?: boolean;
  /** The reminder owed, if one is (default none). */
  remindAt?: Date | null;
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
      ...(maintenance.autoStart === undefined ? {} : { auto_start: maintenance.autoStart }),
      ...(maintenance.autoComplete === undefined ? {} : { auto_complete: maintenance.autoComplete }),
      ...(maintenance.reminderHours === undefined ? {} : { reminder_hours: maintenance.reminderHours }),
      ...(maintenance.notifyStart === undefined ? {} : { notify_start: maintenance.notifyStart }),
      ...(maintenance.notifyComplete === undefined ? {} : { notify_complete: maintenance.notifyComplete }),
      remind_at: maintenance.remindAt ?? null,
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

async function componentIdsOf(db: Db, maintenanceId: string): Promise<string[]> {
  const links = await db
    .selectFrom('maintenance_components')
    .select('component_id')
    .where('maintenance_id', '=', maintenanceId)
    .orderBy('component_id')
    .execute();
  return links.map((link) => link.component_id);
}

export async function findMaintenanceById(db: Db, id: string): Promise<Maintenance | null> {
  const row = await db.selectFrom('maintenances').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toMaintenance(row, await componentIdsOf(db, id)) : null;
}

/**
 * The maintenance, with its row locked until the transaction ends: starting and
 * completing read the status under this lock, so two workers (or a worker and a
 * person) racing for the same maintenance apply the change once. Pass a transaction.
 */
export async function lockMaintenance(trx: Db, id: string): Promise<Maintenance | null> {
  const row = await trx.selectFrom('maintenances').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  return row ? toMaintenance(row, await componentIdsOf(trx, id)) : null;
}

export async function markMaintenanceStarted(db: Db, id: string, at: Date): Promise<void> {
  await db.updateTable('maintenances').set({ status: 'in_progress', started_at: at, updated_at: at }).where('id', '=', id).execute();
}

export async function markMaintenanceCompleted(db: Db, id: string, at: Date): Promise<void> {
  await db.updateTable('maintenances').set({ status: 'completed', completed_at: at, updated_at: at }).where('id', '=', id).execute();
}

export interface DueMaintenances {
  /** Scheduled, set to start by itself, and past the start of its window. */
  toStart: string[];
  /**
   * Set to complete by itself and past the end of its window: in progress, or still
   * scheduled but due to start by itself (it is started first, then completed).
   */
  toComplete: string[];
}

/** What the periodic sweep has to start and complete at `now`, oldest first. */
export async function listDueMaintenances(db: Db, now: Date): Promise<DueMaintenances> {
  const [toStart, toComplete] = await Promise.all([
    db
      .selectFrom('maintenances')
      .select('id')
      .where('status', '=', 'scheduled')
      .where('auto_start', '=', true)
      .where('scheduled_for', '<=', now)
      .orderBy('scheduled_for')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('maintenances')
      .select('id')
      .where('auto_complete', '=', true)
      .where('scheduled_until', '<=', now)
      .where((eb) =>
        eb.or([
          eb('status', 'in', ['in_progress', 'verifying']),
          eb.and([eb('status', '=', 'scheduled'), eb('auto_start', '=', true)]),
        ]),
      )
      .orderBy('scheduled_until')
      .orderBy('id')
      .execute(),
  ]);
  return { toStart: toStart.map((row) => row.id), toComplete: toComplete.map((row) => row.id) };
}

/** Which of these components a maintenance in progress (or being verified) covers. */
export async function listComponentsInActiveMaintenances(db: Db, componentIds: readonly string[]): Promise<string[]> {
  if (componentIds.length === 0) return [];
  const rows = await db
    .selectFrom('maintenance_components')
    .innerJoin('maintenances', 'maintenances.id', 'maintenance_components.maintenance_id')
    .select('maintenance_components.component_id')
    .distinct()
    .where('maintenances.status', 'in', ['in_progress', 'verifying'])
    .where('maintenance_components.component_id', 'in', [...componentIds])
    .execute();
  return rows.map((row) => row.component_id);
}

export interface MaintenanceDetails {
  title: string;
  scheduledFor: Date;
  scheduledUntil: Date;
  autoStart: boolean;
  autoComplete: boolean;
  reminderHours: number;
  notifyStart: boolean;
  notifyComplete: boolean;
  componentIds: string[];
}

/**
 * Replaces a maintenance's editable fields and its components. Pass a transaction.
 * `reminder` (when the window or its lead changed) clears the reminder's mark, so
 * the new window gets its reminder, and sets the one now owed (null: none).
 */
export async function updateMaintenanceDetails(db: Db, id: string, details: MaintenanceDetails, at: Date, reminder?: { remindAt: Date | null }): Promise<void> {
  await db
    .updateTable('maintenances')
    .set({
      title: details.title,
      scheduled_for: details.scheduledFor,
      scheduled_until: details.scheduledUntil,
      auto_start: details.autoStart,
      auto_complete: details.autoComplete,
      reminder_hours: details.reminderHours,
      notify_start: details.notifyStart,
      notify_complete: details.notifyComplete,
      ...(reminder === undefined ? {} : { reminded_at: null, remind_at: reminder.remindAt }),
      updated_at: at,
    })
    .where('id', '=', id)
    .execute();
  await db.deleteFrom('maintenance_components').where('maintenance_id', '=', id).execute();
  if (details.componentIds.length > 0) {
    await db
      .insertInto('maintenance_components')
      .values(details.componentIds.map((componentId) => ({ maintenance_id: id, component_id: componentId })))
      .execute();
  }
}

export async function markMaintenanceCancelled(db: Db, id: string, at: Date): Promise<void> {
  await db.updateTable('maintenances').set({ status: 'cancelled', cancelled_at: at, updated_at: at }).where('id', '=', id).execute();
}

/** In progress ↔ verifying, as an update says (Statuspage's two active maintenance states). */
export async function setMaintenanceActiveStatus(db: Db, id: string, status: 'in_progress' | 'verifying', at: Date): Promise<void> {
  await db.updateTable('maintenances').set({ status, updated_at: at }).where('id', '=', id).execute();
}

export async function markMaintenanceReminded(db: Db, id: string, at: Date): Promise<void> {
  await db.updateTable('maintenances').set({ reminded_at: at, remind_at: null }).where('id', '=', id).execute();
}

/** Marks the instant a corrected announcement was emailed (its update is published then). */
export async function markMaintenanceCorrectionSent(db: Db, id: string, at: Date): Promise<void> {
  await db.updateTable('maintenances').set({ correction_sent_at: at, updated_at: at }).where('id', '=', id).execute();
}

/**
 * Windows still scheduled whose reminder is owed and due at `now`, and whose start
 * is still ahead: the sweep sends them (their job was lost or never ran).
 */
export async function listDueReminders(db: Db, now: Date): Promise<string[]> {
  const rows = await db
    .selectFrom('maintenances')
    .select('id')
    .where('status', '=', 'scheduled')
    .where('reminded_at', 'is', null)
    .where('remind_at', '<=', now)
    .where('scheduled_for', '>', now)
    .orderBy('remind_at')
    .orderBy('id')
    .execute();
  return rows.map((row) => row.id);
}
