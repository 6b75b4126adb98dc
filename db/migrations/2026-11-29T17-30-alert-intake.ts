import { type Kysely, sql } from 'kysely';

// Frozen once landed: never edit, add a new migration instead. Imports no app code.
// Alert intake (issue 10):
// - incidents.state: 'triage' (opened from alerts, internal, waiting for a person to
//   declare or dismiss it), 'active' (every incident so far), 'dismissed' (a triage
//   incident a person dismissed, with the reason kept). incidents.source says where
//   the incident came from. Visibility stays derived (public once an external update
//   is published), as it always was.
// - alert_routes: ordered label matchers → components, severity, first-update
//   template and action; exactly one default route catches the rest.
// - alert_groups: one Alertmanager group (groupKey) or one dedup_key per source,
//   tied to the incident it opened or joined.
// - incident_alerts: the alerts of a group (fingerprint, status, labels, times).
// - alert_intake_hits: notifications per token in the last minute (the rate limit),
//   in the database so every process counts the same.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table incidents add column state text not null default 'active' check (state in ('triage','active','dismissed'))`.execute(db);
  await sql`alter table incidents add column source text not null default 'hub' check (source in ('hub','api','alertmanager','grafana','generic'))`.execute(db);
  await sql`alter table incidents add column dismissed_reason text`.execute(db);
  await sql`create index incidents_triage on incidents (started_at) where state = 'triage'`.execute(db);

  await db.schema
    .createTable('alert_routes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('matchers', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('component_ids', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('component_status', 'text', (c) =>
      c.notNull().defaultTo('partial_outage').check(sql`component_status in ('degraded_performance','partial_outage','major_outage')`),
    )
    .addColumn('severity', 'text', (c) => c.notNull().defaultTo('SEV2').check(sql`severity in ('SEV1','SEV2','SEV3')`))
    .addColumn('update_template', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull().defaultTo('triage').check(sql`action in ('triage','attach')`))
    .addColumn('set_component_status', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('auto_resolve', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('is_default', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index alert_routes_one_default on alert_routes (is_default) where is_default`.execute(db);
  await db
    .insertInto('alert_routes')
    .values({
      id: 'default',
      position: 1_000_000,
      name: 'Everything else',
      matchers: '',
      update_template:
        'We are investigating a problem affecting {{components}}. We will post an update within 30 minutes.',
      is_default: true,
    })
    .execute();

  await db.schema
    .createTable('alert_groups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('alertmanager','grafana','generic')`))
    .addColumn('dedupe_key', 'text', (c) => c.notNull())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('route_id', 'text', (c) => c.references('alert_routes.id').onDelete('set null'))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('firing','resolved')`))
    .addColumn('notifications', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await sql`create index alert_groups_key on alert_groups (source, dedupe_key, created_at desc)`.execute(db);
  await sql`create index alert_groups_incident on alert_groups (incident_id)`.execute(db);

  await db.schema
    .createTable('incident_alerts')
    .addColumn('group_id', 'text', (c) => c.notNull().references('alert_groups.id').onDelete('cascade'))
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('firing','resolved')`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('labels', 'jsonb', (c) => c.notNull())
    .addColumn('annotations', 'jsonb', (c) => c.notNull())
    .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ends_at', 'timestamptz')
    .addColumn('generator_url', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('incident_alerts_pkey', ['group_id', 'fingerprint'])
    .execute();
  await sql`create index incident_alerts_incident on incident_alerts (incident_id)`.execute(db);

  await db.schema
    .createTable('alert_intake_hits')
    .addColumn('token_id', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .execute();
  await sql`create index alert_intake_hits_token on alert_intake_hits (token_id, at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('alert_intake_hits').ifExists().execute();
  await db.schema.dropTable('incident_alerts').ifExists().execute();
  await db.schema.dropTable('alert_groups').ifExists().execute();
  await db.schema.dropTable('alert_routes').ifExists().execute();
  await sql`drop index if exists incidents_triage`.execute(db);
  await sql`alter table incidents drop column if exists dismissed_reason`.execute(db);
  await sql`alter table incidents drop column if exists source`.execute(db);
  await sql`alter table incidents drop column if exists state`.execute(db);
}
