import { type Kysely, sql } from 'kysely';

// Frozen once landed: never edit, add a new migration instead. Imports no app code.

const componentStatus = (column: string) =>
  sql`check (${sql.ref(column)} in ('operational','degraded_performance','partial_outage','major_outage','under_maintenance'))`;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('page_settings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('time_zone', 'text', (c) => c.notNull().defaultTo('Etc/UTC'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // One row whose version moves on every change to public data (see the triggers
  // below): every web process polls it, so a change made by another process or the
  // CLI reaches every snapshot without in-memory coordination.
  await db.schema
    .createTable('page_version')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('version', 'bigint', (c) => c.notNull().defaultTo(1))
    .addColumn('changed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`insert into page_version (id) values (1)`.execute(db);

  await db.schema
    .createTable('component_groups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('components')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('group_id', 'text', (c) => c.references('component_groups.id').onDelete('set null'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('operational').modifyEnd(componentStatus('status')))
    .addColumn('showcase', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('only_show_if_degraded', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('start_date', 'date')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // Every status a component has been in, so uptime is computed from facts.
  await db.schema
    .createTable('component_status_intervals')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('component_id', 'text', (c) => c.notNull().references('components.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull().modifyEnd(componentStatus('status')))
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ended_at', 'timestamptz')
    .addCheckConstraint('interval_order', sql`ended_at is null or ended_at >= started_at`)
    .execute();
  await sql`create unique index component_status_intervals_open on component_status_intervals (component_id) where ended_at is null`.execute(db);
  await sql`create index component_status_intervals_range on component_status_intervals (component_id, started_at)`.execute(db);

  await db.schema
    .createTable('incidents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull().check(sql`severity in ('SEV1','SEV2','SEV3')`))
    .addColumn('impact', 'text', (c) => c.notNull().check(sql`impact in ('none','minor','major','critical')`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('investigating','identified','monitoring','resolved')`))
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('identified_at', 'timestamptz')
    .addColumn('monitoring_at', 'timestamptz')
    .addColumn('resolved_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index incidents_open on incidents (started_at) where resolved_at is null`.execute(db);

  await db.schema
    .createTable('incident_components')
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('component_id', 'text', (c) => c.notNull().references('components.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull().modifyEnd(componentStatus('status')))
    .addPrimaryKeyConstraint('incident_components_pk', ['incident_id', 'component_id'])
    .execute();

  await db.schema
    .createTable('maintenances')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('impact', 'text', (c) => c.notNull().defaultTo('maintenance'))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('scheduled','in_progress','verifying','completed')`))
    .addColumn('scheduled_for', 'timestamptz', (c) => c.notNull())
    .addColumn('scheduled_until', 'timestamptz', (c) => c.notNull())
    .addColumn('started_at', 'timestamptz')
    .addColumn('completed_at', 'timestamptz')
    .addColumn('auto_start', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('auto_complete', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('maintenance_window', sql`scheduled_until > scheduled_for`)
    .execute();

  await db.schema
    .createTable('maintenance_components')
    .addColumn('maintenance_id', 'text', (c) => c.notNull().references('maintenances.id').onDelete('cascade'))
    .addColumn('component_id', 'text', (c) => c.notNull().references('components.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('maintenance_components_pk', ['maintenance_id', 'component_id'])
    .execute();

  await db.schema
    .createTable('updates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.references('incidents.id').onDelete('cascade'))
    .addColumn('maintenance_id', 'text', (c) => c.references('maintenances.id').onDelete('cascade'))
    .addColumn('audience', 'text', (c) => c.notNull().check(sql`audience in ('external','internal')`))
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('draft','scheduled','published','cancelled')`))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('scheduled_for', 'timestamptz')
    .addColumn('published_at', 'timestamptz')
    .addColumn('deliver_notifications', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('update_subject', sql`(incident_id is null) <> (maintenance_id is null)`)
    .addCheckConstraint('update_published', sql`(state = 'published') = (published_at is not null)`)
    .execute();
  await sql`create index updates_published on updates (published_at desc) where state = 'published'`.execute(db);
  await sql`create index updates_incident on updates (incident_id)`.execute(db);
  await sql`create index updates_maintenance on updates (maintenance_id)`.execute(db);

  await db.schema
    .createTable('update_components')
    .addColumn('update_id', 'text', (c) => c.notNull().references('updates.id').onDelete('cascade'))
    .addColumn('component_id', 'text', (c) => c.notNull().references('components.id').onDelete('cascade'))
    .addColumn('old_status', 'text', (c) => c.notNull())
    .addColumn('new_status', 'text', (c) => c.notNull().modifyEnd(componentStatus('new_status')))
    .addPrimaryKeyConstraint('update_components_pk', ['update_id', 'component_id'])
    .execute();

  await db.schema
    .createTable('timeline_events')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('incident_id', 'text', (c) => c.references('incidents.id').onDelete('cascade'))
    .addColumn('maintenance_id', 'text', (c) => c.references('maintenances.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('actor', 'text')
    .addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('occurred_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index timeline_events_incident on timeline_events (incident_id, occurred_at)`.execute(db);

  await sql`
    create function bump_page_version() returns trigger language plpgsql as $$
    begin
      update page_version set version = version + 1, changed_at = now() where id = 1;
      return null;
    end $$`.execute(db);
  for (const table of [
    'page_settings',
    'component_groups',
    'components',
    'component_status_intervals',
    'incidents',
    'incident_components',
    'maintenances',
    'maintenance_components',
    'updates',
    'update_components',
  ]) {
    await sql`create trigger ${sql.raw(`${table}_bump_page_version`)}
      after insert or update or delete or truncate on ${sql.table(table)}
      for each statement execute function bump_page_version()`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'timeline_events',
    'update_components',
    'updates',
    'maintenance_components',
    'maintenances',
    'incident_components',
    'incidents',
    'component_status_intervals',
    'components',
    'component_groups',
    'page_version',
    'page_settings',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
  await sql`drop function if exists bump_page_version()`.execute(db);
}
