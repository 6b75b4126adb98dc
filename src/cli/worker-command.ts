import { openDatabase } from '../../db/client.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import type { Config } from '../config.ts';
import { jobConnectionFor, startJobQueue } from '../jobs/queue.ts';
import type { CliFlags, Command } from './command.ts';
import { createMailer } from '../mail/create-mailer.ts';
import { startDeliveryLoop } from '../notifications/delivery-loop.ts';

const log = (message: string): void => console.log(message);

/** The same message again within this window is not printed again (a database that went away fails every poll). */
const REPEAT_QUIET_MS = 30_000;

function quietRepeats(write: (message: string) => void): (message: string) => void {
  const lastSeen = new Map<string, number>();
  return (message) => {
    const now = Date.now();
    const last = lastSeen.get(message);
    if (last !== undefined && now - last < REPEAT_QUIET_MS) return;
    lastSeen.set(message, now);
    write(message);
  };
}

function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
}

/**
 * `herald worker`: the job workers alone, no web server. With PostgreSQL, run as
 * many as you like next to any number of web processes. With the embedded
 * database, it joins the running server's database through its socket; when no
 * server runs it opens the database itself (and a server started afterwards
 * cannot, until the worker stops), so start the server first.
 */
export const workerCommand: Command = {
  summary: 'Run the job workers alone: scheduled updates, maintenance windows, notification email (no web server).',
  usage: [
    'herald worker',
    '',
    'Publishes scheduled updates and starts and completes maintenance windows at their',
    'times, until SIGINT or SIGTERM. `herald start` already runs the same workers; run',
    'this to add workers on other machines (DATABASE_URL), or to keep jobs running while',
    'no web server does. Any number of workers can run at once: each job runs once.',
    '',
    'With the embedded database (no DATABASE_URL), start the server first: the worker',
    "connects to the server's database through the socket in HERALD_DATA_DIR. If no",
    'server is running it opens the database itself, and a server started later waits',
    'for it to stop.',
  ].join('\n'),
  async run(config: Config, _flags: CliFlags): Promise<number> {
    const signal = untilSignal();
    const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, shareEmbedded: true, poolSize: 4 });
    try {
      await migrateToLatest(database.db);
      const mailer = createMailer(config);
      const services = {
        db: database.db,
        config,
        mailer,
        now: config.clock,
        // No snapshot lives here: web processes see the new page version at their next poll.
        refreshSnapshot: () => {},
      };
      const workerLog = quietRepeats(log);
      const queue = await startJobQueue({
        connection: jobConnectionFor(config),
        services,
        work: true,
        log: workerLog,
        instanceName: 'herald-worker',
      });
      const deliveries = startDeliveryLoop({ services, log: workerLog });
      const where =
        database.kind === 'postgres'
          ? 'PostgreSQL'
          : database.ownsEmbedded
            ? `the embedded database in ${config.dataDir} (no server was running: this worker opened it; stop it before starting the server)`
            : `the embedded database of the server running on ${config.dataDir}`;
      log(`Herald worker is running on ${where}. Ctrl+C stops it.`);
      const received = await signal;
      log(`${received}: stopping the worker (running jobs finish first)…`);
      await queue.stop();
      await deliveries.stop();
      await mailer.close();
      return 0;
    } finally {
      await database.close();
    }
  },
};
