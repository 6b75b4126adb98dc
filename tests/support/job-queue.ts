import { sql } from 'kysely';
import { insertComponent } from '../../db/queries/components.ts';
import { insertStatusInterval } from '../../db/queries/status-intervals.ts';
import { newId } from '../../db/ids.ts';
import { embeddedLocation } from '../../db/embedded.ts';
import type { Actor } from '../../src/auth/permissions.ts';
import { loadConfig } from '../../src/config.ts';
import type { Role } from '../../src/domain/types.ts';
import { type JobConnection, type JobQueue, startJobQueue } from '../../src/jobs/queue.ts';
import type { JobScheduler, Services } from '../../src/services.ts';
import type { TestDatabase } from './test-database.ts';
import { createMailer } from '../../src/mail/create-mailer.ts';

/**
 * Services and job queues for the integration tests of the jobs and maintenance:
 * real pg-boss on the test's database (through the embedded socket, or on the
 * PostgreSQL test database), with logs kept for a failing test to show.
 */

export function testJobConnection(target: TestDatabase): JobConnection {
  if (target.url !== null) return { connectionString: target.url };
  const location = embeddedLocation(target.dataDir);
  return { host: location.socketDir, port: location.port, user: 'postgres', database: 'postgres' };
}

export interface TestServices extends Omit<Services, 'jobs'> {
  /** How many times a use case asked for a snapshot rebuild. */
  refreshes(): number;
}

export function testServices(target: TestDatabase, options: { now?: () => Date } = {}): TestServices {
  const config = loadConfig({
    HERALD_DATA_DIR: target.dataDir,
    HERALD_DEMO: '0',
    ...(target.url === null ? {} : { DATABASE_URL: target.url }),
  });
  let refreshes = 0;
  return {
    db: target.handle.db,
    config,
    mailer: createMailer(config),
    now: options.now ?? ((): Date => new Date()),
    refreshSnapshot: () => {
      refreshes += 1;
    },
    refreshes: () => refreshes,
  };
}

/** A scheduler that only records what it was asked (for use cases tested without a queue). */
export function recordingScheduler(): JobScheduler & { calls: unknown[][] } {
  const calls: unknown[][] = [];
  return {
    calls,
    async schedulePublish(updateId, at): Promise<void> {
      calls.push(['publish', updateId, at]);
    },
    async scheduleMaintenance(maintenanceId, startAt, endAt): Promise<void> {
      calls.push(['maintenance', maintenanceId, startAt, endAt]);
    },
  };
}

export interface TestQueue extends JobQueue {
  services: Services;
  logs: string[];
}

export async function startTestQueue(target: TestDatabase, options: { work?: boolean; name?: string } = {}): Promise<TestQueue> {
  const logs: string[] = [];
  const base = testServices(target);
  const queue = await startJobQueue({
    connection: testJobConnection(target),
    services: base,
    work: options.work ?? true,
    log: (message) => logs.push(`${new Date().toISOString()} ${options.name ?? 'queue'}: ${message}`),
  });
  return { ...queue, services: { ...base, jobs: queue.scheduler }, logs };
}

export async function insertTestActor(target: TestDatabase, role: Role = 'comms'): Promise<Actor> {
  // Inserted directly: these tests need a row for the actor foreign keys, not the account rules.
  const id = newId();
  const name = `${role} ${id}`;
  await target.handle.db
    .insertInto('users')
    .values({ id, email: `${role}.${id}@example.com`, name, role, password_hash: 'not-a-real-hash' })
    .execute();
  return { id, name, role };
}

/** An operational component with its first status interval, as the admin creates them. */
export async function insertOperationalComponent(target: TestDatabase, name: string, since: Date): Promise<string> {
  const id = await insertComponent(target.handle.db, { groupId: null, name, position: 0, createdAt: since });
  await insertStatusInterval(target.handle.db, { componentId: id, status: 'operational', startedAt: since });
  return id;
}

/** pg-boss's rows for one key in one queue (the tests look at what was queued). */
export async function jobsFor(target: TestDatabase, queue: string, key: string): Promise<{ state: string; startAfter: Date }[]> {
  const result = await sql<{ state: string; start_after: Date }>`
    select state, start_after from pgboss.job where name = ${queue} and singleton_key = ${key} order by created_on`.execute(target.handle.db);
  return result.rows.map((row) => ({ state: row.state, startAfter: row.start_after }));
}

/** Polls until `check` holds (every 50 ms), or fails the test with what the queues logged. */
export async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, queues: { logs: string[] }[] = []): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Timed out after ${timeoutMs} ms. Queue logs:\n${queues.flatMap((q) => q.logs).join('\n') || '(none)'}`);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
