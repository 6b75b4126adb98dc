import type { Db } from '../db/client.ts';
import type { Config } from './config.ts';
import type { Mailer } from './mail/types.ts';

/**
 * What use cases need from the running process, handed to Astro pages through
 * `Astro.locals.services` (the Astro bundle and the server are separate module
 * graphs, so nothing is shared through module state).
 */
export interface Services {
  db: Db;
  config: Config;
  now(): Date;
  /** Rebuilds the public snapshot now instead of at the next poll (after a publish). */
  refreshSnapshot(): void;
  jobs: JobScheduler;
  /** Sends email through SMTP_URL, or writes it to the outbox (src/mail/). */
  mailer: Mailer;
}

/**
 * Durable, database-backed timers (pg-boss). Called after the transaction that
 * made the thing due has committed; the jobs themselves re-check the database,
 * so a job that runs twice or for something cancelled since does nothing.
 */
export interface JobScheduler {
  /** Publish a scheduled update at `at`. */
  schedulePublish(updateId: string, at: Date): Promise<void>;
  /** Start and complete a maintenance at its window's ends, and remind subscribers at `remindAt` (null: no reminder job). */
  scheduleMaintenance(maintenanceId: string, startAt: Date, endAt: Date, remindAt?: Date | null): Promise<void>;
}
