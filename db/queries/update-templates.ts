import { sql } from 'kysely';
import type { IncidentStatus, MaintenanceStatus, UpdateTemplate } from '../../src/domain/types.ts';
import type { Db } from '../client.ts';
import { newId } from '../ids.ts';
import type { UpdateTemplatesTable } from '../schema.ts';
import type { Selectable } from 'kysely';

function toTemplate(row: Selectable<UpdateTemplatesTable>): UpdateTemplate {
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    body: row.body,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const STATUS_ORDER = sql<number>`case status when 'investigating' then 0 when 'identified' then 1 when 'monitoring' then 2 when 'resolved' then 3 else 4 end`;

/** Every template, in the order an incident goes through its statuses, then by name. */
export async function listUpdateTemplates(db: Db): Promise<UpdateTemplate[]> {
  const rows = await db.selectFrom('update_templates').selectAll().orderBy(STATUS_ORDER).orderBy('name').execute();
  return rows.map(toTemplate);
}

export async function findUpdateTemplate(db: Db, id: string): Promise<UpdateTemplate | null> {
  const row = await db.selectFrom('update_templates').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toTemplate(row) : null;
}

/** A template whose name matches case-insensitively, other than `exceptId`. */
export async function findUpdateTemplateByName(db: Db, name: string, exceptId: string | null = null): Promise<UpdateTemplate | null> {
  let query = db
    .selectFrom('update_templates')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()));
  if (exceptId !== null) query = query.where('id', '!=', exceptId);
  const row = await query.executeTakeFirst();
  return row ? toTemplate(row) : null;
}

export async function countUpdateTemplates(db: Db): Promise<number> {
  const row = await db.selectFrom('update_templates').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface NewUpdateTemplate {
  name: string;
  status: IncidentStatus | MaintenanceStatus;
  body: string;
  createdAt: Date;
}

export async function insertUpdateTemplate(db: Db, template: NewUpdateTemplate): Promise<string> {
  const id = newId();
  await db
    .insertInto('update_templates')
    .values({ id, name: template.name, status: template.status, body: template.body, created_at: template.createdAt, updated_at: template.createdAt })
    .execute();
  return id;
}

export async function updateUpdateTemplate(
  db: Db,
  id: string,
  template: { name: string; status: IncidentStatus | MaintenanceStatus; body: string },
  at: Date,
): Promise<void> {
  await db.updateTable('update_templates').set({ name: template.name, status: template.status, body: template.body, updated_at: at }).where('id', '=', id).execute();
}

export async function deleteUpdateTemplate(db: Db, id: string): Promise<void> {
  await db.deleteFrom('update_templates').where('id', '=', id).execute();
}

/** Serialises the "seed when empty" check, so two processes starting together seed once. */
export async function lockUpdateTemplates(db: Db): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('herald.update_templates'))`.execute(db);
}
