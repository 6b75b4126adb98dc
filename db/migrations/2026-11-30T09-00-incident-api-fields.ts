import { sql, type Kysely } from 'kysely';

// Frozen once landed: never edit, add a new migration instead. Imports no app code.
// Two Statuspage incident fields the management API stores:
// - metadata: a client's own JSON object (e.g. {"jira": {"issue": "OPS-12"}}),
//   returned as given; the API caps its size, the database only its shape.
// - backfilled: an incident recorded after the fact (created resolved, in the
//   past, with no notifications), as Statuspage's `backfilled` marks it.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('incidents')
    .addColumn('metadata', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute();
  await db.schema.alterTable('incidents').addColumn('backfilled', 'boolean', (c) => c.notNull().defaultTo(false)).execute();
  await sql`alter table incidents add constraint incident_metadata_object check (jsonb_typeof(metadata) = 'object')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table incidents drop constraint incident_metadata_object`.execute(db);
  await db.schema.alterTable('incidents').dropColumn('backfilled').execute();
  await db.schema.alterTable('incidents').dropColumn('metadata').execute();
}
