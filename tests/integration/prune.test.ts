import { sql } from 'kysely';
import { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRUNE_CRON, QUEUES } from '../../src/jobs/queue.ts';
import { PRUNE_AFTER_DAYS, pruneOldRecords } from '../../src/jobs/prune.ts';
import { startTestQueue, testJobConnection, waitUntil } from '../support/job-queue.ts';
import { createTestDatabase, type TestDatabase, testDatabaseKinds } from '../support/test-database.ts';

const DAY = 24 * 3_600_000;

describe.each(testDatabaseKinds())('daily prune on %s', (kind) => {
  let target: TestDatabase;

  beforeAll(async () => {
    target = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await target?.dispose();
  });

  it(`deletes subscribe requests and sign-in attempts older than ${PRUNE_AFTER_DAYS} days by the given clock, and keeps the rest`, async () => {
    const db = target.handle.db;
    const now = new Date('2026-11-29T03:17:00Z');
    const ages = [30 * DAY, 7 * DAY + 1, 7 * DAY - 60_000, DAY, 0];
    for (const [index, age] of ages.entries()) {
      const at = new Date(now.getTime() - age);
      await db.insertInto('subscribe_requests').values({ email: `r${index}@example.com`, ip: '192.0.2.1', confirmation_sent: true, requested_at: at }).execute();
      await db.insertInto('login_attempts').values({ account: `a${index}@example.com`, ip: '192.0.2.1', succeeded: false, attempted_at: at }).execute();
    }
    // Successful sign-ins mark an address the owner uses: kept 90 days, not 7.
    await db.insertInto('login_attempts').values({ account: 'owner@example.com', ip: '192.0.2.9', succeeded: true, outcome: 'succeeded', attempted_at: new Date(now.getTime() - 30 * DAY) }).execute();
    await db.insertInto('login_attempts').values({ account: 'gone@example.com', ip: '192.0.2.9', succeeded: true, outcome: 'succeeded', attempted_at: new Date(now.getTime() - 91 * DAY) }).execute();
    expect(await pruneOldRecords({ db, now: () => now })).toEqual({ subscribeRequests: 2, loginAttempts: 3 });
    const left = await db.selectFrom('subscribe_requests').select('email').orderBy('email').execute();
    expect(left.map((row) => row.email)).toEqual(['r2@example.com', 'r3@example.com', 'r4@example.com']);
    const attempts = await db.selectFrom('login_attempts').select('account').orderBy('account').execute();
    expect(attempts.map((row) => row.account)).toEqual(['a2@example.com', 'a3@example.com', 'a4@example.com', 'owner@example.com']);
    // Again the same day: nothing more to delete.
    expect(await pruneOldRecords({ db, now: () => now })).toEqual({ subscribeRequests: 0, loginAttempts: 0 });
    // A week later by the clock, the rest has aged out too.
    expect(await pruneOldRecords({ db, now: () => new Date(now.getTime() + 8 * DAY) })).toEqual({ subscribeRequests: 3, loginAttempts: 3 });
  });

  it('is scheduled daily with pg-boss cron when a worker starts, and the job runs', async () => {
    const queue = await startTestQueue(target);
    try {
      const schedules = await sql<{ name: string; cron: string }>`select name, cron from pgboss.schedule where name = ${QUEUES.prune}`.execute(target.handle.db);
      expect(schedules.rows).toEqual([{ name: 'prune', cron: PRUNE_CRON }]);
      expect(PRUNE_CRON).toBe('17 3 * * *');
      // Run it now, as the cron would at 03:17, and see the worker delete old rows.
      await target.handle.db
        .insertInto('login_attempts')
        .values({ account: 'ancient@example.com', ip: '192.0.2.9', succeeded: false, attempted_at: new Date(Date.now() - 40 * DAY) })
        .execute();
      const boss = new PgBoss({ ...testJobConnection(target), schema: 'pgboss', max: 1, supervise: false, schedule: false });
      await boss.start();
      try {
        await boss.send(QUEUES.prune, null);
      } finally {
        await boss.stop({ graceful: false });
      }
      const ancient = (): Promise<unknown[]> => target.handle.db.selectFrom('login_attempts').select('id').where('account', '=', 'ancient@example.com').execute();
      await waitUntil(async () => (await ancient()).length === 0, 20_000, [queue]);
      expect(queue.logs.some((line) => /Prune: deleted \d+ subscribe requests and 1 sign-in attempts/.test(line))).toBe(true);
    } finally {
      await queue.stop();
    }
  });
});
