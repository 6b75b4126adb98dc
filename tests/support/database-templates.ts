import { randomBytes } from 'node:crypto';
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { openDatabase } from '../../db/client.ts';
import { migrateToLatest } from '../../db/migrate.ts';

/**
 * Databases made once per test run and copied for each test, instead of each test
 * paying for a new one (measured on the 2-core machine under load: PGlite's initdb
 * 4–5 s per embedded database, migrating 0.8 s on either database; a copy of a data
 * directory 0.5 s, `CREATE DATABASE … TEMPLATE` 0.1 s).
 *
 * - `embeddedEmpty`: a PGlite data directory just after initdb, not migrated. A
 *   Herald started on a copy still migrates it and loads the demo, as on a first
 *   start; only PGlite's own initdb is skipped.
 * - `embeddedMigrated`: the same, migrated to the latest schema.
 * - `postgres`: a migrated database on TEST_DATABASE_URL's server (null without it).
 *
 * The global setups (tests/support/integration-global-setup.ts, e2e-global-setup.ts)
 * build them from this run's migrations and remove them at the end; they reach the
 * test processes through the environment variables below, so that modules also used
 * outside Vitest (herald-process.ts, used by the benches) need not import Vitest.
 */

export interface DatabaseTemplates {
  /** Directory holding `pgdata`: initdb done, no migrations. */
  embeddedEmpty: string;
  /** Directory holding `pgdata`: migrated to the latest schema. Null when not built. */
  embeddedMigrated: string | null;
  /** Name of a migrated database on TEST_DATABASE_URL's server, or null. */
  postgres: string | null;
}

const ENV = {
  embeddedEmpty: 'HERALD_TEST_TEMPLATE_EMBEDDED_EMPTY',
  embeddedMigrated: 'HERALD_TEST_TEMPLATE_EMBEDDED_MIGRATED',
  postgres: 'HERALD_TEST_TEMPLATE_POSTGRES',
} as const;

/** This run's templates, or null outside a run whose global setup built them. */
export function databaseTemplates(): DatabaseTemplates | null {
  const embeddedEmpty = process.env[ENV.embeddedEmpty];
  if (embeddedEmpty === undefined || embeddedEmpty === '') return null;
  return {
    embeddedEmpty,
    embeddedMigrated: process.env[ENV.embeddedMigrated] || null,
    postgres: process.env[ENV.postgres] || null,
  };
}

/**
 * Fills `dataDir/pgdata` with a copy of a template's embedded database. Returns
 * false (and copies nothing) when there is no template of that kind in this run.
 */
export async function copyEmbeddedTemplate(dataDir: string, which: 'empty' | 'migrated'): Promise<boolean> {
  const templates = databaseTemplates();
  const source = which === 'empty' ? templates?.embeddedEmpty : templates?.embeddedMigrated;
  if (!source) return false;
  await cp(path.join(source, 'pgdata'), path.join(dataDir, 'pgdata'), { recursive: true });
  return true;
}

async function onServer(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * Builds the templates (in a global setup), publishes them to the test processes
 * through the environment, and returns the function that removes them.
 */
export async function buildDatabaseTemplates(options: { migrated: boolean; postgresUrl: string | null }): Promise<() => Promise<void>> {
  // HERALD_TEST_TEMPLATES=0: every database made from scratch (to measure, or to rule the copies out).
  if (process.env['HERALD_TEST_TEMPLATES'] === '0') return async () => {};
  const root = await mkdtemp(path.join(tmpdir(), 'herald-templates-'));
  const cleanups: (() => Promise<void>)[] = [() => rm(root, { recursive: true, force: true })];
  const cleanup = async (): Promise<void> => {
    for (const step of cleanups.reverse()) await step().catch(() => {});
    for (const name of Object.values(ENV)) delete process.env[name];
  };
  try {
    const empty = path.join(root, 'empty');
    const buildPostgres = async (): Promise<string | null> => {
      if (!options.migrated || options.postgresUrl === null) return null;
      const serverUrl = options.postgresUrl;
      const name = `herald_template_${randomBytes(6).toString('hex')}`;
      await onServer(serverUrl, `create database "${name}"`);
      cleanups.push(() => onServer(serverUrl, `drop database if exists "${name}" with (force)`));
      const target = new URL(serverUrl);
      target.pathname = `/${name}`;
      const handle = await openDatabase({ databaseUrl: target.toString(), dataDir: root, poolSize: 2 });
      try {
        await migrateToLatest(handle.db);
      } finally {
        await handle.close(); // a template must have no connections when it is copied
      }
      return name;
    };
    const buildEmbedded = async (): Promise<string | null> => {
      await mkdir(empty);
      const pglite = await PGlite.create(path.join(empty, 'pgdata'));
      await pglite.close();
      if (!options.migrated) return null;
      const migrated = path.join(root, 'migrated');
      await cp(path.join(empty, 'pgdata'), path.join(migrated, 'pgdata'), { recursive: true });
      const handle = await openDatabase({ databaseUrl: null, dataDir: migrated });
      try {
        await migrateToLatest(handle.db);
      } finally {
        await handle.close();
      }
      return migrated;
    };
    // One after the other: PGlite's initdb holds the event loop for seconds, long
    // enough for a PostgreSQL connection opened meanwhile to time out.
    const postgres = await buildPostgres();
    const embeddedMigrated = await buildEmbedded();
    process.env[ENV.embeddedEmpty] = empty;
    if (embeddedMigrated !== null) process.env[ENV.embeddedMigrated] = embeddedMigrated;
    if (postgres !== null) process.env[ENV.postgres] = postgres;
    return cleanup;
  } catch (error) {
    await cleanup();
    throw error;
  }
}
