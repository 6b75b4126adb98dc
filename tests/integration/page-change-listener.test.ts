import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { listenForPageChanges, type PageChangeListener } from '../../db/page-change-listener.ts';
import { createSnapshotStore, type SnapshotStore } from '../../src/server/snapshot-store.ts';
import { loadSnapshot } from '../../src/status/load-snapshot.ts';
import { insertOperationalComponent, waitUntil } from '../support/job-queue.ts';
import { createTestDatabase, type TestDatabase, testDatabaseKinds } from '../support/test-database.ts';

const NOW = new Date('2026-11-30T12:00:00Z');
const PUBLIC_URL = 'http://status.test';
/** Longer than any test: the stores below never poll on their own. */
const NEVER = 3_600_000;

async function storeOn(target: TestDatabase, listening: () => boolean): Promise<SnapshotStore> {
  const snapshot = await loadSnapshot(target.handle.db, { now: NOW, publicUrl: PUBLIC_URL });
  return createSnapshotStore(
    { snapshot, staleSince: null },
    { db: target.handle.db, publicUrl: PUBLIC_URL, dataDir: target.dataDir, now: () => NOW, pollMs: NEVER, listening, log: () => {} },
  );
}

const namesIn = (store: SnapshotStore): string[] => store.state().snapshot.components.map((component) => component.name);

// LISTEN/NOTIFY is what PostgreSQL offers; the embedded database is opened by the
// server's own process, so its changes reach the snapshot directly (refreshSnapshot).
describe.each(testDatabaseKinds())('public page changes on %s', (kind) => {
  let target: TestDatabase;
  let listener: PageChangeListener | null = null;

  beforeAll(async () => {
    target = await createTestDatabase(kind);
  });
  afterEach(async () => {
    await listener?.stop();
    listener = null;
  });
  afterAll(async () => {
    await target?.dispose();
  });

  it('every change to a public table still bumps the page version', async () => {
    const before = await target.handle.db.selectFrom('page_version').select('version').executeTakeFirstOrThrow();
    await insertOperationalComponent(target, 'Versioned', NOW);
    const after = await target.handle.db.selectFrom('page_version').select('version').executeTakeFirstOrThrow();
    expect(Number(after.version)).toBeGreaterThan(Number(before.version));
  });

  if (kind === 'postgres') {
    it('a change committed on another connection reaches the snapshot without waiting for a poll', async () => {
      const id = await insertOperationalComponent(target, 'Checkout', NOW);
      let changes = 0;
      const store = await storeOn(target, () => listener?.listening() === true);
      listener = listenForPageChanges({ connection: { connectionString: target.url ?? '' }, onChange: () => (changes += 1, void store.tick()), log: () => {} });
      await waitUntil(async () => listener?.listening() === true, 10_000);
      expect(namesIn(store)).toContain('Checkout');

      await target.handle.db.updateTable('components').set({ name: 'Checkout (EU)' }).where('id', '=', id).execute();
      await waitUntil(async () => namesIn(store).includes('Checkout (EU)'), 10_000);
      expect(changes).toBeGreaterThanOrEqual(2); // on listening, and on the change
    });

    it('listens again after its connection is lost, and catches up on what changed meanwhile', async () => {
      const id = await insertOperationalComponent(target, 'Search', NOW);
      const store = await storeOn(target, () => listener?.listening() === true);
      listener = listenForPageChanges({ connection: { connectionString: target.url ?? '' }, onChange: () => void store.tick(), retryMs: 100, log: () => {} });
      await waitUntil(async () => listener?.listening() === true, 10_000);

      await sql`select pg_terminate_backend(pid) from pg_stat_activity
        where datname = current_database() and query = 'LISTEN herald_page_version'`.execute(target.handle.db);
      await target.handle.db.updateTable('components').set({ name: 'Search (beta)' }).where('id', '=', id).execute();
      await waitUntil(async () => namesIn(store).includes('Search (beta)') && listener?.listening() === true, 10_000);

      await target.handle.db.updateTable('components').set({ name: 'Search' }).where('id', '=', id).execute();
      await waitUntil(async () => namesIn(store).includes('Search') && !namesIn(store).includes('Search (beta)'), 10_000);
    });
  }
});
