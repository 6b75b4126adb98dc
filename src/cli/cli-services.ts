import { openDatabase } from '../../db/client.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import type { Config } from '../config.ts';
import { createMailer } from '../mail/create-mailer.ts';
import type { Services } from '../services.ts';

// Use cases that schedule work (publishing, maintenance windows) are not run from the
// command line, where no job queue runs; if one ever is, it fails loudly, not silently.
const NO_JOBS = {
  schedulePublish: (): Promise<void> => Promise.reject(new Error('The job queue does not run in the CLI')),
  scheduleMaintenance: (): Promise<void> => Promise.reject(new Error('The job queue does not run in the CLI')),
};

/** A command's database, migrated, and the services its use cases need; `close` when done. */
export async function openCliServices(config: Config): Promise<{ services: Services; close(): Promise<void> }> {
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, shareEmbedded: true });
  try {
    await migrateToLatest(handle.db);
  } catch (error) {
    await handle.close();
    throw error;
  }
  const services: Services = { db: handle.db, config, now: config.clock, refreshSnapshot: () => {}, jobs: NO_JOBS, mailer: createMailer(config) };
  return { services, close: () => handle.close() };
}
