import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type DatabaseHandle, openDatabase } from '../db/client.ts';

/** The PostgreSQL server benches create their databases on (DATABASE_URL_BENCH). */
export const SERVER_URL = process.env['DATABASE_URL_BENCH'] || 'postgres://postgres@127.0.0.1:5432/postgres';

export interface Target {
  label: string;
  open(dataDir: string): Promise<{ handle: DatabaseHandle; databaseUrl: string | null; drop(): Promise<void> }>;
}

async function onServer(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

async function postgresAnswers(): Promise<boolean> {
  try {
    await onServer(SERVER_URL, 'select 1');
    return true;
  } catch {
    return false;
  }
}

const embedded: Target = {
  label: 'embedded (PGlite)',
  async open(dataDir) {
    const handle = await openDatabase({ databaseUrl: null, dataDir, poolSize: 10 });
    return { handle, databaseUrl: null, drop: async () => {} };
  },
};

const postgres: Target = {
  label: 'PostgreSQL',
  async open(dataDir) {
    // Hex only, so the name needs no quoting rules beyond the double quotes.
    const name = `herald_bench_${randomBytes(6).toString('hex')}`;
    await onServer(SERVER_URL, `create database "${name}"`);
    const url = new URL(SERVER_URL);
    url.pathname = `/${name}`;
    const handle = await openDatabase({ databaseUrl: url.toString(), dataDir, poolSize: 20 });
    return { handle, databaseUrl: url.toString(), drop: () => onServer(SERVER_URL, `drop database if exists "${name}" with (force)`) };
  },
};

/** The embedded database, and PostgreSQL when its server answers (else a line says so). */
export async function benchTargets(): Promise<Target[]> {
  if (await postgresAnswers()) return [embedded, postgres];
  console.log(`PostgreSQL at ${new URL(SERVER_URL).host} does not answer: embedded database only.`);
  return [embedded];
}
