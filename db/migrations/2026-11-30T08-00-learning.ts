import { type Kysely, sql } from 'kysely';

// Frozen once landed: never edit, add a new migration instead. Imports no app code.
// Learning from incidents (issue 11): the shared schema the milestone, postmortem,
// action-item and insight work builds on.
// - incidents gain the milestones the industry measures from. resolved_at already
//   exists. Existing incidents are backfilled from what Herald knew: impact started,
//   was detected and acknowledged when declared (started_at; a triage incident's
//   acknowledgement is left empty), mitigated when first monitoring.
//   Order (impact ≤ detected ≤ acknowledged ≤ mitigated ≤ resolved) is kept by the
//   use cases, which can say which milestone is out of order; not by a constraint.
// - postmortems: one per incident, blameless Markdown sections, root-cause tags
//   (names from root_cause_tags), state draft → in_review → published_internal →
//   published_public; public_sections names the sections the publisher chose and
//   public_body is the Markdown published (frozen at publication, so later edits
//   of internal sections never reach a public surface unnoticed).
// - root_cause_tags: the editable list of categories.
// - action_items (+ action_item_components): follow-ups with owner, due date,
//   priority P1–P3, status, ticket link; *_notified_at make the owner's emails once.
// - deliveries may carry the new mail: a postmortem to an incident's subscribers and
//   the action-item owner's assigned/overdue emails (the whole kind list, set once).

const DELIVERY_KINDS = sql.raw(`'notification','confirmation','already-subscribed','overdue-nudge','invite','webhook','webhook-disabled','postmortem','action-item-assigned','action-item-overdue'`);

export async function up(db: Kysely<any>): Promise<void> {
  for (const column of ['impact_started_at', 'detected_at', 'acknowledged_at', 'mitigated_at']) {
    await sql`alter table incidents add column ${sql.ref(column)} timestamptz`.execute(db);
  }
  await sql`update incidents set impact_started_at = started_at, detected_at = started_at,
    acknowledged_at = case when state = 'triage' then null else started_at end,
    mitigated_at = coalesce(monitoring_at, resolved_at)`.execute(db);

  await db.schema
    .createTable('root_cause_tags')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('position', 'integer', (c) => c.notNull())
    .execute();
  const tags = ['deploy', 'configuration', 'capacity', 'dependency', 'hardware', 'security', 'unknown'];
  await db
    .insertInto('root_cause_tags')
    .values(tags.map((name, position) => ({ name, position })))
    .execute();

  await db.schema
    .createTable('postmortems')
    .addColumn('incident_id', 'text', (c) => c.primaryKey().references('incidents.id').onDelete('cascade'))
    .addColumn('state', 'text', (c) =>
      c.notNull().defaultTo('draft').check(sql`state in ('draft','in_review','published_internal','published_public')`),
    )
    .addColumn('summary', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('customer_impact', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('timeline', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('root_cause', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('went_well', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('went_poorly', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('lessons', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('root_cause_tags', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('public_sections', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('public_body', 'text')
    .addColumn('due_at', 'timestamptz')
    .addColumn('published_at', 'timestamptz')
    .addColumn('public_published_at', 'timestamptz')
    .addColumn('notified_subscribers', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await sql`create index postmortems_public on postmortems (public_published_at) where public_published_at is not null`.execute(db);

  await db.schema
    .createTable('action_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('due_on', 'date')
    .addColumn('priority', 'text', (c) => c.notNull().defaultTo('P2').check(sql`priority in ('P1','P2','P3')`))
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('open').check(sql`status in ('open','in_progress','done','wont_do')`),
    )
    .addColumn('wont_do_reason', 'text')
    .addColumn('ticket_url', 'text')
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('closed_at', 'timestamptz')
    .addColumn('assigned_notified_at', 'timestamptz')
    .addColumn('overdue_notified_at', 'timestamptz')
    .execute();
  await sql`create index action_items_incident on action_items (incident_id)`.execute(db);
  await sql`create index action_items_open_due on action_items (due_on) where status in ('open','in_progress')`.execute(db);

  await db.schema
    .createTable('action_item_components')
    .addColumn('action_item_id', 'text', (c) => c.notNull().references('action_items.id').onDelete('cascade'))
    .addColumn('component_id', 'text', (c) => c.notNull().references('components.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('action_item_components_pk', ['action_item_id', 'component_id'])
    .execute();

  await sql`alter table deliveries drop constraint if exists deliveries_kind_check`.execute(db);
  await sql`alter table deliveries add constraint deliveries_kind_check check (kind in (${DELIVERY_KINDS}))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('deliveries').where('kind', 'in', ['postmortem', 'action-item-assigned', 'action-item-overdue']).execute();
  await sql`alter table deliveries drop constraint if exists deliveries_kind_check`.execute(db);
  await sql`alter table deliveries add constraint deliveries_kind_check check (kind in ('notification','confirmation','already-subscribed','overdue-nudge','invite','webhook','webhook-disabled'))`.execute(db);
  await db.schema.dropTable('action_item_components').execute();
  await db.schema.dropTable('action_items').execute();
  await db.schema.dropTable('postmortems').execute();
  await db.schema.dropTable('root_cause_tags').execute();
  for (const column of ['impact_started_at', 'detected_at', 'acknowledged_at', 'mitigated_at']) {
    await sql`alter table incidents drop column ${sql.ref(column)}`.execute(db);
  }
}
