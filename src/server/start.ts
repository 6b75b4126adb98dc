import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { errorMessage, ERRORS } from '../errors/catalogue.ts';
import { type DatabaseHandle, openDatabase } from '../../db/client.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { listComponents } from '../../db/queries/components.ts';
import { pingDatabase } from '../../db/queries/page.ts';
import type { Config } from '../config.ts';
import type { JobScheduler, Services } from '../services.ts';
import { ensureDefaultTemplates } from '../catalog/ensure-default-templates.ts';
import { seedDemo } from '../demo/seed-demo.ts';
import { announceSetupLinkIfNeeded } from '../users/setup-link.ts';
import { loadSnapshot } from '../status/load-snapshot.ts';
import type { PageSnapshot } from '../status/snapshot.ts';
import { type JobQueue, jobConnectionFor, startJobQueue } from '../jobs/queue.ts';
import { loadAstroApp } from './astro-app.ts';
import { createPageCache } from './page-cache.ts';
import { createRequestListener } from './request-listener.ts';
import { listenForPageChanges, type PageChangeListener } from '../../db/page-change-listener.ts';
import { createSnapshotStore, readSnapshotFromDisk, snapshotFile } from './snapshot-store.ts';
import { loadStaticFiles } from './static-files.ts';
import { createMailer } from '../mail/create-mailer.ts';
import { type DeliveryLoop, startDeliveryLoop } from '../notifications/delivery-loop.ts';

export interface RunningServer {
  url: string;
  port: number;
  database: DatabaseHandle;
  close(): Promise<void>;
}

export interface StartOptions {
  distDir?: string;
  /** Work jobs in this process (default). False for web processes next to `herald worker`s. */
  runWorkers?: boolean;
  pollMs?: number;
  log?: (message: string) => void;
}

export class StartupError extends Error {
  override name = 'StartupError';
}

const RETRY_MS = 2_000;

// Replaced by the pg-boss scheduler once the job queue is wired in.
const UNSTARTED_JOBS: JobScheduler = {
  schedulePublish: () => Promise.reject(new Error('The job queue is not running')),
  scheduleMaintenance: () => Promise.reject(new Error('The job queue is not running')),
};

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Migrates, loads the demo into an empty embedded database, builds the first snapshot. */
async function prepareDatabase(handle: DatabaseHandle, config: Config, log: (m: string) => void): Promise<PageSnapshot> {
  const { applied } = await migrateToLatest(handle.db);
  if (applied.length > 0) log(`Applied ${applied.length} migration(s): ${applied.join(', ')}`);
  if (handle.kind === 'embedded' && config.demo && (await listComponents(handle.db)).length === 0) {
    const summary = await seedDemo(handle.db, { now: config.clock() });
    log(`Loaded the demo page (${summary.components} components, ${summary.incidents} incidents). Set HERALD_DEMO=0 to start empty.`);
  }
  await ensureDefaultTemplates(handle.db, config.clock());
  return loadSnapshot(handle.db, { now: config.clock(), publicUrl: config.publicUrl });
}

/**
 * Starts Herald's web process: database, snapshot, Astro, and the HTTP server.
 * If PostgreSQL is unreachable at start, the last snapshot saved on disk is
 * served (and the database retried) rather than failing.
 */
export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const log = options.log ?? ((message: string): void => console.log(message));
  const distDir = options.distDir ?? path.resolve('dist');
  const app = await loadAstroApp(distDir);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, waitForOwnerMs: 15_000 });

  let initial: { snapshot: PageSnapshot; staleSince: string | null };
  let pendingPreparation = false;
  const reachable = await withTimeout(pingDatabase(database.db), 10_000).then(
    () => true,
    () => false,
  );
  if (reachable) {
    initial = { snapshot: await prepareDatabase(database, config, log), staleSince: null };
    await announceSetupLinkIfNeeded(database.db, config, log);
  } else {
    const saved = readSnapshotFromDisk(config.dataDir);
    if (saved === null) {
      await database.close();
      throw new StartupError(errorMessage(ERRORS.DatabaseUnreachableAtStart));
    }
    log(`Database unreachable at start: serving the last snapshot from ${snapshotFile(config.dataDir)} (built ${saved.builtAt}) and retrying every ${RETRY_MS / 1000} s.`);
    initial = { snapshot: saved, staleSince: config.clock().toISOString() };
    pendingPreparation = true;
  }

  // The job queue starts once the database is ready; until then scheduling fails
  // loudly (the sweep would still pick the work up once it runs).
  let queue: JobQueue | null = null;
  let deliveries: DeliveryLoop | null = null;
  let scheduler: JobScheduler = UNSTARTED_JOBS;
  const mailer = createMailer(config);
  const core = { db: database.db, config, mailer, now: config.clock, refreshSnapshot: () => void store.tick() };
  const services: Services = {
    ...core,
    jobs: {
      schedulePublish: (id, at) => scheduler.schedulePublish(id, at),
      scheduleMaintenance: (id, start, end, remindAt) => scheduler.scheduleMaintenance(id, start, end, remindAt),
    },
  };
  const startQueue = async (): Promise<void> => {
    queue = await startJobQueue({ connection: jobConnectionFor(config), services: core, work: options.runWorkers ?? true, log, instanceName: 'herald-web' });
    scheduler = queue.scheduler;
    // The notification outbox is worked wherever jobs are (see delivery-loop.ts).
    if (options.runWorkers ?? true) deliveries = startDeliveryLoop({ services: core, log });
  };
  let changes: PageChangeListener | null = null;
  const store = createSnapshotStore(initial, {
    db: database.db,
    listening: () => changes?.listening() === true,
    publicUrl: config.publicUrl,
    dataDir: config.dataDir,
    now: config.clock,
    ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }),
    log,
  });
  // On PostgreSQL, changes made by other processes are notified at once.
  if (config.databaseUrl !== null) {
    changes = listenForPageChanges({ connection: { connectionString: config.databaseUrl }, onChange: () => void store.tick(), log });
  }
  const cache = createPageCache(app, store, services, log);
  const staticFiles = loadStaticFiles(path.join(distDir, 'client'));
  const listener = createRequestListener({
    app,
    cache,
    store,
    staticFiles,
    services,
    log,
    databaseReady: () => withTimeout(pingDatabase(database.db), 2_000).then(() => true, () => false),
  });

  let retry: NodeJS.Timeout | null = null;
  // A queue start in progress when close() is called (the database came back just
  // before): close waits for it, so its delivery loop is stopped too, not left
  // polling a closed pool and keeping the process alive.
  let closing = false;
  let starting: Promise<void> | null = null;
  if (pendingPreparation) {
    retry = setInterval(() => {
      prepareDatabase(database, config, () => {})
        .then(async () => {
          if (retry) clearInterval(retry);
          retry = null;
          if (closing) return;
          starting = startQueue();
          await starting;
          return store.tick();
        })
        .catch(() => {}); // still down: keep serving the saved snapshot
    }, RETRY_MS);
  }

  const server = http.createServer({ keepAliveTimeout: 65_000 }, listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  if (!pendingPreparation) await startQueue();
  store.start();
  await cache.warm();
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;

  return {
    url,
    port,
    database,
    async close(): Promise<void> {
      closing = true;
      if (retry) clearInterval(retry);
      await (starting as Promise<void> | null)?.catch(() => {});
      store.stop();
      await changes?.stop();
      await queue?.stop();
      await deliveries?.stop();
      await mailer.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await database.close();
    },
  };
}
