import type { ChecklistItem, ChecklistTick } from '../../src/domain/runbook.ts';
import type { Severity } from '../../src/domain/types.ts';
import type { Db } from '../client.ts';
import { newId } from '../ids.ts';

/** The checklists' items, by severity then position (one severity when given). */
export async function listChecklistItems(db: Db, severity?: Severity): Promise<ChecklistItem[]> {
  let query = db.selectFrom('checklist_items').selectAll();
  if (severity !== undefined) query = query.where('severity', '=', severity);
  const rows = await query.orderBy('severity').orderBy('position').execute();
  return rows.map((row) => ({ id: row.id, severity: row.severity, position: row.position, text: row.text }));
}

export async function findChecklistItem(db: Db, id: string): Promise<ChecklistItem | null> {
  const row = await db.selectFrom('checklist_items').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? { id: row.id, severity: row.severity, position: row.position, text: row.text } : null;
}

/**
 * Makes a severity's checklist these lines, in order. A line whose text an item
 * already has keeps that item (and the ticks on it); other items are removed (their
 * ticks keep their text), new lines become new items.
 */
export async function replaceChecklist(db: Db, severity: Severity, lines: readonly string[]): Promise<void> {
  const existing = await db.selectFrom('checklist_items').selectAll().where('severity', '=', severity).forUpdate().execute();
  const unused = new Map<string, string[]>();
  for (const item of existing) unused.set(item.text, [...(unused.get(item.text) ?? []), item.id]);
  const kept = new Set<string>();
  const rows = lines.map((text, position) => {
    const id = unused.get(text)?.shift();
    if (id !== undefined) kept.add(id);
    return { id: id ?? newId(), severity, position, text };
  });
  const removed = existing.filter((item) => !kept.has(item.id)).map((item) => item.id);
  if (removed.length > 0) await db.deleteFrom('checklist_items').where('id', 'in', removed).execute();
  for (const row of rows) {
    if (kept.has(row.id)) await db.updateTable('checklist_items').set({ position: row.position }).where('id', '=', row.id).execute();
    else await db.insertInto('checklist_items').values(row).execute();
  }
}

export async function listChecklistTicks(db: Db, incidentId: string): Promise<ChecklistTick[]> {
  const rows = await db.selectFrom('checklist_ticks').selectAll().where('incident_id', '=', incidentId).orderBy('ticked_at').execute();
  return rows.map((row) => ({ itemId: row.item_id, text: row.text, tickedByName: row.ticked_by_name, tickedAt: row.ticked_at }));
}

/** Ticks an item on an incident; false when it was already ticked (nothing changes). */
export async function insertChecklistTick(db: Db, tick: { incidentId: string; itemId: string; text: string; tickedBy: string | null; tickedByName: string; at: Date }): Promise<boolean> {
  const row = await db
    .insertInto('checklist_ticks')
    .values({ incident_id: tick.incidentId, item_id: tick.itemId, text: tick.text, ticked_by: tick.tickedBy, ticked_by_name: tick.tickedByName, ticked_at: tick.at })
    .onConflict((oc) => oc.columns(['incident_id', 'item_id']).doNothing())
    .returning('item_id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Unticks an item; false when it was not ticked. */
export async function deleteChecklistTick(db: Db, incidentId: string, itemId: string): Promise<boolean> {
  const rows = await db.deleteFrom('checklist_ticks').where('incident_id', '=', incidentId).where('item_id', '=', itemId).returning('item_id').execute();
  return rows.length > 0;
}
