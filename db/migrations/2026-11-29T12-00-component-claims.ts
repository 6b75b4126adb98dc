import { type Kysely, sql } from 'kysely';

// Frozen once landed: never edit, add a new migration instead. Imports no app code.
// A component's status is derived from claims (see src/catalog/derive-component-status.ts):
// - incident_component_statuses: the status each incident's latest published external
//   update gave each component. Only open incidents' claims count.
// - components.manual_status: a status set by hand in /admin/components, kept until
//   set back to operational by hand (null: no manual claim).
// Existing data is backfilled so that nothing visible changes on upgrade: claims from
// every incident's published external updates, and a manual claim for a component that
// is not operational although no open incident and no maintenance in progress explains it.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('incident_component_statuses')
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('component_id', 'text', (c) => c.notNull().references('components.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('operational','degraded_performance','partial_outage','major_outage','under_maintenance')`),
    )
    .addPrimaryKeyConstraint('incident_component_statuses_pk', ['incident_id', 'component_id'])
    .execute();
  await db.schema.createIndex('incident_component_statuses_component_idx').on('incident_component_statuses').column('component_id').execute();

  await db.schema
    .alterTable('components')
    .addColumn('manual_status', 'text', (c) =>
      c.check(sql`manual_status in ('operational','degraded_performance','partial_outage','major_outage','under_maintenance')`),
    )
    .execute();

  await sql`
    insert into incident_component_statuses (incident_id, component_id, status)
    select distinct on (u.incident_id, uc.component_id) u.incident_id, uc.component_id, uc.new_status
    from updates u join update_components uc on uc.update_id = u.id
    where u.incident_id is not null and u.audience = 'external' and u.state = 'published'
    order by u.incident_id, uc.component_id, u.published_at desc, u.id desc
  `.execute(db);

  await sql`
    update components c set manual_status = c.status
    where c.status <> 'operational'
      and not exists (
        select 1 from incident_component_statuses s join incidents i on i.id = s.incident_id
        where s.component_id = c.id and i.resolved_at is null and i.status <> 'resolved' and s.status <> 'operational')
      and not exists (
        select 1 from maintenance_components mc join maintenances m on m.id = mc.maintenance_id
        where mc.component_id = c.id and m.status in ('in_progress', 'verifying'))
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('components').dropColumn('manual_status').execute();
  await db.schema.dropTable('incident_component_statuses').ifExists().execute();
}
