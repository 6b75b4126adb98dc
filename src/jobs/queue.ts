import { type Job, PgBoss, type Queue } from 'pg-boss';
import { embeddedLocation } from '../../db/embedded.ts';
import type { Config } from '../config.ts';
import { notifyOverdueIncidents } from '../incidents/notify-overdue.ts';
import { notifyOverdueActionItems } from '../action-items/notify-overdue-action-items.ts';
import { publishDueUpdate } from '../incidents/publish-update.ts';
import { completeDueMaintenance } from '../maintenance/complete-maintenance.ts';
import { remindDueMaintenance } from '../maintenance/remind-maintenance.ts';
import { startDueMaintenance } from '../maintenance/start-maintenance.ts';
import type { JobScheduler, Services } from '../services.ts';
import { pruneOldRecords } from './prune.ts';
import { sweepDueWork } from './sweep.ts';

/**
 * Herald's durable timers: pg-boss in the same database (its own `pgboss` schema),
 * so on PostgreSQL and on the embedded PGlite alike a scheduled job survives a
 * restart and any number of processes can work the queues together.
 *
 * - `publish-update` { updateId, at }: publish a scheduled update at its time.
 * - `maintenance-start` / `maintenance-complete` { maintenanceId, at }: the two ends
 *   of a maintenance window.
 * - `maintenance-reminder` { maintenanceId, at }: the subscribers' reminder before a
 *   window (remind-maintenance.ts re-checks the row, so a moved window's old job is harmless).
 * - `sweep`: every minute (cron), and once when a worker starts, does whatever is
 *   due that no job did (see sweep.ts).
 * - `overdue-nudges`: every minute (cron) and once when a worker starts, emails the commander and comms lead of
 *   incidents whose external update is overdue, once per period (notify-overdue.ts), and the owners of action
 *   items that became overdue, once per item (notify-overdue-action-items.ts).
 * - `prune`: daily at 03:17 UTC (cron), deletes rate-limit rows (subscribe_requests,
 *   login_attempts) older than a week (see prune.ts).
 *
 * Jobs are sent with `upsert` keyed by the update or maintenance id, so scheduling
 * again (a new time) moves the waiting job instead of adding a second one. The
 * jobs only carry ids: the handlers re-read and lock the row and do nothing if it
 * is no longer due, so a job that runs twice, runs early, or outlived a cancel is
 * harmless.
 */

export type JobConnection = { connectionString: string } | { host: string; port: number; user: string; database: string };

export interface JobQueue {
  scheduler: JobScheduler;
  /** Stops the workers (letting running jobs finish) and closes pg-boss's connections. */
  stop(): Promise<void>;
}

export interface JobQueueOptions {
  connection: JobConnection;
  services: Omit<Services, 'jobs'>;
  /** Run the workers and the cron here; false only sends jobs (a web process beside dedicated workers). */
  work: boolean;
  log?: (message: string) => void;
  /** How often idle workers look for due jobs; pg-boss's floor is 0.5 s. */
  pollingIntervalSeconds?: number;
  /** Shown in pg-boss's instance registry (`pgboss.instance`). */
  instanceName?: string;
}

export const QUEUES = {
  publishUpdate: 'publish-update',
  maintenanceStart: 'maintenance-start',
  maintenanceComplete: 'maintenance-complete',
  maintenanceReminder: 'maintenance-reminder',
  sweep: 'sweep',
  prune: 'prune',
  overdueNudges: 'overdue-nudges',
} as const;

interface UpdateJob {
  updateId: string;
  /** The scheduled time, ISO 8601 (see waitUntilDue). */
  at?: string;
}

interface MaintenanceJob {
  maintenanceId: string;
  at?: string;
}

// Retries cover a database hiccup; the handlers are idempotent, so a retry of a job
// that did commit is a no-op.
const TIMER_QUEUE: Omit<Queue, 'name'> = {
  policy: 'standard',
  retryLimit: 5,
  retryDelay: 2,
  retryBackoff: true,
  retryDelayMax: 60,
  expireInSeconds: 120,
};

// One sweep waiting and one running at most; no retries: the next minute's is the retry.
const SWEEP_QUEUE: Omit<Queue, 'name'> = { policy: 'stately', retryLimit: 0, expireInSeconds: 300 };

const SWEEP_CRON = '* * * * *';
export const OVERDUE_CRON = '* * * * *';

// Daily, at a quiet minute (pg-boss cron runs in UTC); one waiting at most, and a
// missed day is caught up by the next (the job deletes by age, not by date).
const PRUNE_QUEUE: Omit<Queue, 'name'> = { policy: 'stately', retryLimit: 2, retryDelay: 60, expireInSeconds: 600 };
export const PRUNE_CRON = '17 3 * * *';

/** How long a job may wait for its time when it arrives early (clock skew with a remote database). */
const MAX_EARLY_WAIT_MS = 30_000;

/** The connection pg-boss uses: DATABASE_URL, or the embedded database's socket. */
export function jobConnectionFor(config: Config): JobConnection {
  if (config.databaseUrl !== null) return { connectionString: config.databaseUrl };
  const location = embeddedLocation(config.dataDir);
  return { host: location.socketDir, port: location.port, user: 'postgres', database: 'postgres' };
}

/**
 * pg-boss compares `startAfter` with the database's clock, the use cases compare
 * with this process's. When the database's runs ahead, a job can arrive before the
 * use case thinks it is due and would do nothing (leaving it to the next sweep, a
 * minute later); waiting out the difference keeps it on time.
 */
async function waitUntilDue(at: string | undefined, now: () => Date): Promise<void> {
  if (at === undefined) return;
  const wait = Date.parse(at) - now().getTime();
  if (wait > 0 && wait <= MAX_EARLY_WAIT_MS) await new Promise((resolve) => setTimeout(resolve, wait));
}

export async function startJobQueue(options: JobQueueOptions): Promise<JobQueue> {
  const log = options.log ?? ((): void => {});
  const boss = new PgBoss({
    ...options.connection,
    schema: 'pgboss',
    application_name: 'herald-jobs',
    // Small: on the embedded database every connection is one of its 32 socket slots.
    max: 4,
    // Only workers run pg-boss's upkeep and the cron clock; a send-only process needs neither.
    supervise: options.work,
    schedule: options.work,
    ...(options.instanceName === undefined ? {} : { instanceName: options.instanceName }),
  });
  // pg-boss reports background failures (a poll that could not reach the database)
  // as events; an unhandled 'error' event would end the process.
  boss.on('error', (error) => log(`Job queue error: ${error.message}`));
  boss.on('warning', (warning) => log(`Job queue warning: ${warning.message}`));
  await boss.start();

  // A send that fails after the commit is not the caller's failure: what it made
  // due is committed, and the sweep picks it up within a minute. So log, don't throw.
  const upsert = async (name: string, data: UpdateJob | MaintenanceJob, key: string, at: Date): Promise<void> => {
    try {
      await boss.upsert(name, data, { singletonKey: key, startAfter: at });
    } catch (error) {
      log(`Could not queue ${name} for ${key} at ${at.toISOString()} (the sweep will catch it up): ${(error as Error).message}`);
    }
  };

  const scheduler: JobScheduler = {
    async schedulePublish(updateId, at): Promise<void> {
      await upsert(QUEUES.publishUpdate, { updateId, at: at.toISOString() }, updateId, at);
    },
    async scheduleMaintenance(maintenanceId, startAt, endAt, remindAt): Promise<void> {
      await upsert(QUEUES.maintenanceStart, { maintenanceId, at: startAt.toISOString() }, maintenanceId, startAt);
      await upsert(QUEUES.maintenanceComplete, { maintenanceId, at: endAt.toISOString() }, maintenanceId, endAt);
      if (remindAt) await upsert(QUEUES.maintenanceReminder, { maintenanceId, at: remindAt.toISOString() }, maintenanceId, remindAt);
    },
  };

  try {
    for (const name of [QUEUES.publishUpdate, QUEUES.maintenanceStart, QUEUES.maintenanceComplete, QUEUES.maintenanceReminder]) {
      await boss.createQueue(name, TIMER_QUEUE);
    }
    await boss.createQueue(QUEUES.sweep, SWEEP_QUEUE);
    await boss.createQueue(QUEUES.prune, PRUNE_QUEUE);
    // Like the sweep: one waiting at most, the next minute's run is the retry.
    await boss.createQueue(QUEUES.overdueNudges, SWEEP_QUEUE);
    if (options.work) await startWorkers(boss, { ...options.services, jobs: scheduler }, options.pollingIntervalSeconds ?? 0.5, log);
  } catch (error) {
    await boss.stop({ graceful: false });
    throw error;
  }

  let stopped = false;
  return {
    scheduler,
    async stop(): Promise<void> {
      if (stopped) return;
      stopped = true;
      await boss.stop({ graceful: true, timeout: 10_000 });
    },
  };
}

/** Registers the handlers and the cron. Every handler re-checks the database (see the use cases). */
async function startWorkers(boss: PgBoss, services: Services, pollingIntervalSeconds: number, log: (message: string) => void): Promise<void> {
  const polling = { pollingIntervalSeconds };
  await boss.work<UpdateJob>(QUEUES.publishUpdate, polling, async (jobs: Job<UpdateJob>[]) => {
    for (const job of jobs) {
      await waitUntilDue(job.data.at, services.now);
      if (await publishDueUpdate(services, job.data.updateId)) log(`Published scheduled update ${job.data.updateId}.`);
    }
  });
  await boss.work<MaintenanceJob>(QUEUES.maintenanceStart, polling, async (jobs: Job<MaintenanceJob>[]) => {
    for (const job of jobs) {
      await waitUntilDue(job.data.at, services.now);
      if (await startDueMaintenance(services, job.data.maintenanceId)) log(`Started maintenance ${job.data.maintenanceId}.`);
    }
  });
  await boss.work<MaintenanceJob>(QUEUES.maintenanceComplete, polling, async (jobs: Job<MaintenanceJob>[]) => {
    for (const job of jobs) {
      await waitUntilDue(job.data.at, services.now);
      // Still scheduled (its start job has not run yet, e.g. after downtime): start it first.
      await startDueMaintenance(services, job.data.maintenanceId);
      if (await completeDueMaintenance(services, job.data.maintenanceId)) log(`Completed maintenance ${job.data.maintenanceId}.`);
    }
  });
  await boss.work<MaintenanceJob>(QUEUES.maintenanceReminder, polling, async (jobs: Job<MaintenanceJob>[]) => {
    for (const job of jobs) {
      await waitUntilDue(job.data.at, services.now);
      if (await remindDueMaintenance(services, job.data.maintenanceId)) log(`Reminded subscribers of maintenance ${job.data.maintenanceId}.`);
    }
  });
  await boss.work(QUEUES.sweep, { pollingIntervalSeconds: 2 }, async () => {
    const summary = await sweepDueWork(services, log);
    if (summary.published + summary.reminded + summary.started + summary.completed + summary.failed > 0) {
      log(`Sweep: published ${summary.published}, reminded ${summary.reminded}, started ${summary.started}, completed ${summary.completed}, failed ${summary.failed}.`);
    }
  });
  await boss.schedule(QUEUES.sweep, SWEEP_CRON);
  await boss.work(QUEUES.prune, { pollingIntervalSeconds: 10 }, async () => {
    const pruned = await pruneOldRecords(services);
    log(`Prune: deleted ${pruned.subscribeRequests} subscribe requests and ${pruned.loginAttempts} sign-in attempts older than a week.`);
  });
  await boss.schedule(QUEUES.prune, PRUNE_CRON);
  await boss.work(QUEUES.overdueNudges, { pollingIntervalSeconds: 2 }, async () => {
    const nudges = await notifyOverdueIncidents(services);
    if (nudges.nudged > 0) log(`Overdue updates: ${nudges.nudged} incidents, ${nudges.emails} reminders queued.`);
    const items = await notifyOverdueActionItems(services);
    if (items.emails > 0) log(`Overdue action items: ${items.emails} owners emailed.`);
  });
  await boss.schedule(QUEUES.overdueNudges, OVERDUE_CRON);
  // Catch up at once on what fell due while no worker ran, instead of at the next minute.
  await boss.send(QUEUES.sweep, null);
  await boss.send(QUEUES.overdueNudges, null);
}
