import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/**
 * The embedded database: PGlite in HERALD_DATA_DIR, served on a Unix socket there so
 * that the web server, the job worker, the CLI and psql all talk PostgreSQL's wire
 * protocol to it through `pg`, exactly as they would to a real server.
 *
 * PGlite must never be opened by two processes at once, so whoever opens the
 * directory holds a lock file with its PID; everyone else connects to the socket.
 */

const SOCKET_PORT = 5432;
const MAX_CONNECTIONS = 32;

/**
 * PostgreSQL's settings for PGlite. Its shared buffers live in the WebAssembly
 * memory, which grows but never shrinks: the default 128 MB of buffers filled up
 * and stayed, on top of the 128 MB the module starts with. Herald's embedded
 * database is small and the operating system caches its files anyway, so 16 MB of
 * buffers cost nothing measurable; maintenance_work_mem (index builds in
 * migrations) is capped the same way. A demo server: 410–440 MiB resident before,
 * 285–315 MiB after (README, "Embedded database").
 */
const EMBEDDED_SETTINGS = ['-c', 'shared_buffers=16MB', '-c', 'maintenance_work_mem=16MB'];

export interface EmbeddedLocation {
  /** Directory that holds the socket, as `pg` expects it in `host`. */
  socketDir: string;
  port: number;
}

export interface EmbeddedServer extends EmbeddedLocation {
  stop(): Promise<void>;
}

export function embeddedLocation(dataDir: string): EmbeddedLocation {
  return { socketDir: dataDir, port: SOCKET_PORT };
}

function lockPath(dataDir: string): string {
  return path.join(dataDir, 'embedded.lock');
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The PID of the live process that holds the embedded database, or null. */
export function embeddedOwner(dataDir: string): number | null {
  try {
    const pid = Number(readFileSync(lockPath(dataDir), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid) ? pid : null;
  } catch {
    return null;
  }
}

/** Takes the lock, or returns the PID of the live process that has it. */
function acquireLock(dataDir: string): number | null {
  const file = lockPath(dataDir);
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return null;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = embeddedOwner(dataDir);
      if (owner !== null) return owner;
      rmSync(file, { force: true }); // left by a process that died
    }
  }
  throw new Error(`Could not take the lock ${file}`);
}

/**
 * pglite-socket runs the messages of all connections one at a time from one queue,
 * and keeps a connection's messages together only while PGlite is in a transaction.
 * But PGlite is a single backend session: a query with parameters, which `pg` sends
 * as Parse, Bind, Describe, Execute, Sync, can have another connection's BEGIN or
 * query run between its Parse and its Bind, which drops or replaces the unnamed
 * statement ("unnamed prepared statement does not exist", or a Bind run against the
 * other connection's SQL). Reporting "in a transaction" from the first message of an
 * extended-protocol exchange until its Sync makes the queue keep it together.
 */
function keepExtendedQueriesTogether(pglite: PGlite): PGlite {
  let exchangeOpen = false;
  return new Proxy(pglite, {
    get(target, property) {
      if (property === 'isInTransaction') return (): boolean => exchangeOpen || target.isInTransaction();
      if (property === 'execProtocolRawStream') {
        return (message: Uint8Array, options: Parameters<PGlite['execProtocolRawStream']>[1]) => {
          const type = String.fromCharCode(message[0] ?? 0);
          if (type === 'S' || type === 'Q') exchangeOpen = false;
          else if ('PBDECH'.includes(type)) exchangeOpen = true;
          return target.execProtocolRawStream(message, options);
        };
      }
      // Everything else on PGlite itself (its getters read private fields).
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/**
 * Opens PGlite in `dataDir` and serves it on the socket. Returns the PID of the
 * process that already does so instead, if there is one.
 */
export async function startEmbeddedServer(dataDir: string): Promise<EmbeddedServer | { ownerPid: number }> {
  mkdirSync(dataDir, { recursive: true });
  const ownerPid = acquireLock(dataDir);
  if (ownerPid !== null) return { ownerPid };
  const location = embeddedLocation(dataDir);
  const socketPath = path.join(location.socketDir, `.s.PGSQL.${location.port}`);
  try {
    rmSync(socketPath, { force: true });
    const pglite = await PGlite.create(path.join(dataDir, 'pgdata'), {
      startParams: [...PGlite.defaultStartParams, ...EMBEDDED_SETTINGS],
    });
    const server = new PGLiteSocketServer({ db: keepExtendedQueriesTogether(pglite), path: socketPath, maxConnections: MAX_CONNECTIONS });
    await server.start();
    return {
      ...location,
      async stop(): Promise<void> {
        await server.stop();
        await pglite.close();
        rmSync(socketPath, { force: true });
        rmSync(lockPath(dataDir), { force: true });
      },
    };
  } catch (error) {
    rmSync(lockPath(dataDir), { force: true });
    throw error;
  }
}
