import { type Kysely, sql } from 'kysely';

// Frozen once landed: never edit, add a new migration instead. Imports no app code.
// Languages (issue 12): the public page's default language, for readers whose browser
// asks for none Herald has; and the language each subscriber subscribed in, which
// their emails are written in. Existing pages and subscribers stay English.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('page_settings')
    .addColumn('language', 'text', (c) => c.notNull().defaultTo('en').check(sql`language in ('en','de','fr','es')`))
    .execute();
  await db.schema
    .alterTable('subscribers')
    .addColumn('language', 'text', (c) => c.notNull().defaultTo('en').check(sql`language in ('en','de','fr','es')`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('subscribers').dropColumn('language').execute();
  await db.schema.alterTable('page_settings').dropColumn('language').execute();
}
