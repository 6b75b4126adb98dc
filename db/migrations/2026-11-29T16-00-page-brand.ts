import { type Kysely, sql } from 'kysely';

// Frozen once landed: never edit, add a new migration instead. Imports no app code.

/**
 * Brand settings on the single page_settings row: links, accent colour, footer links
 * and the logo (bytes kept in the database so that every web process serves the same
 * file without shared disk). The row's existing statement trigger bumps page_version,
 * so a change reaches every public snapshot like any other.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('page_settings')
    .addColumn('company_url', 'text')
    .addColumn('support_url', 'text')
    .addColumn('accent', 'text', (c) => c.check(sql`accent ~ '^#[0-9a-f]{6}$'`))
    .addColumn('footer_links', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('logo', 'bytea')
    .addColumn('logo_type', 'text', (c) => c.check(sql`logo_type in ('image/png', 'image/svg+xml')`))
    // The dashboard's first-run checklist stays until every step is done or an admin dismisses it.
    .addColumn('onboarding_dismissed_at', 'timestamptz')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('page_settings')
    .dropColumn('company_url')
    .dropColumn('support_url')
    .dropColumn('accent')
    .dropColumn('footer_links')
    .dropColumn('logo')
    .dropColumn('logo_type')
    .dropColumn('onboarding_dismissed_at')
    .execute();
}
