import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type DatabaseHandle, openDatabase } from '../../db/client.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { copyEmbeddedTemplate, databaseTemplates } from './database-templates.ts';

/**
 * Fresh, migrated databases for integration tests: an embedded PGlite in a temp
 * directory always, and a throwaway database on a real PostgreSQL server when
 * TEST_DATABASE_URL is set (`describe.each(testDatabaseKinds())`).
 *
 * Under the integration config each is a copy of a template the run built once
 * (tests/support/database-templates.ts): a copied PGlite data directory, or
 * `CREATE DATABASE … TEMPLATE` on PostgreSQL. Without templates (another runner)
 * each is made and migrated from scratch; the result is the same.
 */

export type TestDatabaseKind = 'embedded' | 'postgres';

export interface TestDatabase {
  kind: TestDatabaseKind;
  handle: DatabaseHandle;
  /** The database's URL for 'postgres', null for 'embedded'. */
  url: string | null;
  /** A fresh temp directory: the embedded database's data, or scratch space for 'postgres'. */
  dataDir: string;
  /** Closes the connections, drops the database (postgres) and removes the temp directory. */
  dispose(): Promise<void>;
}

function serverUrl(): string | null {
  const url = process.env['TEST_DATABASE_URL'];
  return url === undefined || url === '' ? null : url;
}

/** 'embedded' always; 'postgres' too when TEST_DATABASE_URL points at a server. */
export function testDatabaseKinds(): TestDatabaseKind[] {
  return serverUrl() === null ? ['embedded'] : ['embedded', 'postgres'];
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

export async function createTestDatabase(
  kind: TestDatabaseKind,
  options: { migrate?: boolean } = {},
): Promise<TestDatabase> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'herald-test-'));
  const cleanups: (() => Promise<void>)[] = [() => rm(dataDir, { recursive: true, force: true })];
  const dispose = async (): Promise<void> => {
    // Newest first: connections close before their database is dropped.
    for (const cleanup of cleanups.reverse()) await cleanup();
  };
  try {
    let url: string | null = null;
    if (kind === 'postgres') {
      const server = serverUrl();
      if (server === null) throw new Error('TEST_DATABASE_URL is not set: no PostgreSQL server to create a test database on.');
      // Hex only, so the name needs no quoting rules beyond the double quotes.
      const name = `herald_test_${randomBytes(6).toString('hex')}`;
      const template = (options.migrate ?? true) ? databaseTemplates()?.postgres : null;
      await onServer(server, template ? `create database "${name}" template "${template}"` : `create database "${name}"`);
      cleanups.push(() => onServer(server, `drop database if exists "${name}" with (force)`));
      const target = new URL(server);
      target.pathname = `/${name}`;
      url = target.toString();
    }
    if (kind === 'embedded') await copyEmbeddedTemplate(dataDir, (options.migrate ?? true) ? 'migrated' : 'empty');
    const handle = await openDatabase({ databaseUrl: url, dataDir, poolSize: 4 });
    cleanups.push(() => handle.close());
    if (options.migrate ?? true) await migrateToLatest(handle.db);
    return { kind, handle, url, dataDir, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}
