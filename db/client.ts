import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { type EmbeddedServer, embeddedLocation, startEmbeddedServer } from './embedded.ts';
import type { Database } from './schema.ts';

// DATE columns stay 'YYYY-MM-DD' strings: turning them into local-midnight Dates
// shifts them by the server's time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (value: string) => value);

export type Db = Kysely<Database>;

export interface DatabaseHandle {
  db: Db;
  /** 'postgres' for DATABASE_URL, 'embedded' for PGlite. */
  kind: 'postgres' | 'embedded';
  /** True when this process opened the embedded database (and serves its socket). */
  ownsEmbedded: boolean;
  close(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl: string | null;
  dataDir: string;
  poolSize?: number;
  /** How long to wait for another process to release the embedded database. */
  waitForOwnerMs?: number;
  /** Connect to the embedded socket when another process serves it, instead of waiting. */
  shareEmbedded?: boolean;
}

export class DatabaseUnavailableError extends Error {
  override name = 'DatabaseUnavailableError';
}

function createPool(config: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool({ connectionTimeoutMillis: 5_000, ...config });
  // An idle client that loses its connection (database restarted) must not crash
  // the process: the pool drops it and the next query gets a fresh one.
  pool.on('error', () => {});
  // Nor may a checked-out one (a transaction between two statements): its queries
  // fail, and the pool drops it on release as no longer queryable.
  pool.on('connect', (client) => client.on('error', () => {}));
  return pool;
}

function kyselyOn(pool: pg.Pool): Db {
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/**
 * Opens the configured database. With DATABASE_URL, a `pg` pool. Without it, the
 * embedded PGlite database: this process opens it and serves its socket, or, when
 * another Herald process already does (and `shareEmbedded` is set), connects to it.
 */
export async function openDatabase(options: OpenOptions): Promise<DatabaseHandle> {
  const max = options.poolSize ?? 10;
  if (options.databaseUrl !== null) {
    const db = kyselyOn(createPool({ connectionString: options.databaseUrl, max }));
    return { db, kind: 'postgres', ownsEmbedded: false, close: () => db.destroy() };
  }
  const deadline = Date.now() + (options.waitForOwnerMs ?? 0);
  let server: EmbeddedServer | { ownerPid: number } = await startEmbeddedServer(options.dataDir);
  while ('ownerPid' in server && !options.shareEmbedded && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    server = await startEmbeddedServer(options.dataDir);
  }
  if ('ownerPid' in server && !options.shareEmbedded) {
    throw new DatabaseUnavailableError(
      `The embedded database in ${options.dataDir} is open in another process (pid ${server.ownerPid}). ` +
        'Stop that process, or point DATABASE_URL at a PostgreSQL server to run several.',
    );
  }
  const location = embeddedLocation(options.dataDir);
  const db = kyselyOn(createPool({ host: location.socketDir, port: location.port, user: 'postgres', database: 'postgres', max }));
  const owned = 'stop' in server ? server : null;
  return {
    db,
    kind: 'embedded',
    ownsEmbedded: owned !== null,
    async close(): Promise<void> {
      await db.destroy();
      await owned?.stop();
    },
  };
}
