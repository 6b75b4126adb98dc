import { buildDatabaseTemplates } from './database-templates.ts';

/**
 * Once per integration run: the migrated database templates every test database is
 * copied from (tests/support/database-templates.ts), on PostgreSQL too when
 * TEST_DATABASE_URL is set. The teardown drops and removes them.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const url = process.env['TEST_DATABASE_URL'];
  return buildDatabaseTemplates({ migrated: true, postgresUrl: url === undefined || url === '' ? null : url });
}
