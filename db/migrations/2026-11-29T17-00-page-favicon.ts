import { type Kysely, sql } from 'kysely';

// Frozen once landed: never edit, add a new migration instead. Imports no app code.

/**
 * The page's favicon, next to its logo on the single page_settings row (bytes in the
 * database, like the logo, so every web process serves the same file). Optional:
 * without one the logo, else Herald's own icon, stands in.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('page_settings')
    .addColumn('favicon', 'bytea')
    .addColumn('favicon_type', 'text', (c) => c.check(sql`favicon_type in ('image/png', 'image/svg+xml')`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('page_settings').dropColumn('favicon').dropColumn('favicon_type').execute();
}
