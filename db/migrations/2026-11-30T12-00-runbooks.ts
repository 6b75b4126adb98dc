import { type Kysely, sql } from 'kysely';

// Frozen once landed: never edit, add a new migration instead. Imports no app code.
// Runbooks and checklists (issue 11).
// - runbook_versions: a component's runbook is its newest version; every save adds a
//   row (never updates one), so the history keeps each edit's text, author and time.
//   author_name is kept beside author_id so the history still names someone whose
//   account was removed.
// - checklist_items: the per-severity checklists (SEV1/SEV2/SEV3), ordered. Editing a
//   list keeps the id of an unchanged line, so an incident's ticks stay on it.
// - checklist_ticks: which item was ticked on which incident, by whom and when. The
//   item's text is copied, so a tick still reads right after the list is edited
//   (item_id then becomes null). One tick per item and incident.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('runbook_versions')
    .addColumn('component_id', 'text', (c) => c.notNull().references('components.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('author_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('runbook_versions_pk', ['component_id', 'version'])
    .execute();

  await db.schema
    .createTable('checklist_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('severity', 'text', (c) => c.notNull().check(sql`severity in ('SEV1','SEV2','SEV3')`))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .execute();
  await sql`create index checklist_items_severity on checklist_items (severity, position)`.execute(db);

  await db.schema
    .createTable('checklist_ticks')
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('item_id', 'text', (c) => c.references('checklist_items.id').onDelete('set null'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('ticked_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('ticked_by_name', 'text', (c) => c.notNull())
    .addColumn('ticked_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await sql`create unique index checklist_ticks_once on checklist_ticks (incident_id, item_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('checklist_ticks').execute();
  await db.schema.dropTable('checklist_items').execute();
  await db.schema.dropTable('runbook_versions').execute();
}
