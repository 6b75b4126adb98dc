import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertIncident } from '../../db/queries/incidents.ts';
import { correctPublishedUpdateBody, insertUpdate } from '../../db/queries/updates.ts';
import { listFeedEntries } from '../../src/feeds/feed-entries.ts';
import { type AstroApp, loadAstroApp } from '../../src/server/astro-app.ts';
import type { CachedResponse } from '../../src/server/cached-response.ts';
import { createPageCache, type PageCache } from '../../src/server/page-cache.ts';
import { createSnapshotStore, type SnapshotStore } from '../../src/server/snapshot-store.ts';
import { HOT_LIMITS, loadSnapshot } from '../../src/status/load-snapshot.ts';
import { ROOT } from '../support/herald-process.ts';
import { insertOperationalComponent, testServices } from '../support/job-queue.ts';
import { createTestDatabase, type TestDatabase, testDatabaseKinds } from '../support/test-database.ts';

const NOW = new Date('2026-11-30T12:00:00Z');
const DAY = 86_400_000;
const PUBLIC_URL = 'http://localhost:4321';

const text = (response: CachedResponse): string => response.identity.toString('utf8');

/** A resolved public incident `daysAgo` days before NOW, with `updates` published updates. */
async function addOldIncident(target: TestDatabase, componentId: string, title: string, daysAgo: number, updates = 1): Promise<{ id: string; updateIds: string[] }> {
  const startedAt = new Date(NOW.getTime() - daysAgo * DAY);
  const db = target.handle.db;
  const id = await insertIncident(db, { title, severity: 'SEV2', impact: 'minor', status: 'resolved', startedAt, components: [{ componentId, status: 'partial_outage' }] });
  await db.updateTable('incidents').set({ resolved_at: new Date(startedAt.getTime() + 3_600_000) }).where('id', '=', id).execute();
  const updateIds: string[] = [];
  for (let i = 0; i < updates; i += 1) {
    const at = new Date(startedAt.getTime() + i * 600_000);
    updateIds.push(
      await insertUpdate(db, { incidentId: id, audience: 'external', state: 'published', status: i === updates - 1 ? 'resolved' : 'investigating', body: `${title}: update ${i + 1}.`, publishedAt: at, createdAt: at }),
    );
  }
  return { id, updateIds };
}

describe.each(testDatabaseKinds())('older history rendered on demand on %s', (kind) => {
  let target: TestDatabase;
  let app: AstroApp;
  let store: SnapshotStore;
  let cache: PageCache;
  let componentId: string;
  const rendered: string[] = [];
  let old: { id: string; updateIds: string[] };

  beforeAll(async () => {
    target = await createTestDatabase(kind);
    const real = await loadAstroApp(path.join(ROOT, 'dist'));
    // The real app; each rendering noted, so the test sees what was rendered again.
    app = {
      handle: real.handle,
      render: (key, locals) => {
        rendered.push(key);
        return real.render(key, locals);
      },
    };
    componentId = await insertOperationalComponent(target, 'API', new Date(NOW.getTime() - 3 * 365 * DAY));
    old = await addOldIncident(target, componentId, 'Old outage', 400, 2);
    // More than the snapshot keeps, all older than the uptime window.
    for (let i = 0; i < HOT_LIMITS.latest + 5; i += 1) await addOldIncident(target, componentId, `Filler ${i}`, 100 + i);
    await addOldIncident(target, componentId, 'Last week', 7);
    const services = testServices(target, { now: () => NOW });
    const snapshot = await loadSnapshot(target.handle.db, { now: NOW, publicUrl: PUBLIC_URL });
    store = createSnapshotStore({ snapshot, staleSince: null }, { db: target.handle.db, publicUrl: PUBLIC_URL, dataDir: target.dataDir, now: () => NOW, log: () => {} });
    cache = createPageCache(app, store, { ...services, jobs: { schedulePublish: async () => {}, scheduleMaintenance: async () => {} } }, () => {});
  });
  afterAll(async () => {
    await target?.dispose();
  });

  it('keeps the snapshot to the recent and newest incidents, and still knows every month with history', () => {
    const { snapshot } = store.state();
    const titles = snapshot.incidents.map((incident) => incident.title);
    expect(titles).toContain('Last week');
    expect(titles).not.toContain('Old outage');
    expect(snapshot.incidents.length).toBeLessThanOrEqual(HOT_LIMITS.latest + HOT_LIMITS.perComponent + 1);
    expect(snapshot.historyMonths).toContain(new Date(NOW.getTime() - 400 * DAY).toISOString().slice(0, 7));
    // The feed's newest entries are the same as from the whole history.
    const entries = listFeedEntries(snapshot);
    expect(entries).toHaveLength(50);
    expect(entries[0]?.title).toContain('Last week');
  });

  it('renders an old incident page from the database, then serves it from memory until it changes', async () => {
    const first = await cache.get(`/incidents/${old.id}`);
    expect(first.status).toBe(200);
    expect(text(first)).toContain('Old outage: update 2.');
    const renders = rendered.filter((key) => key === `/incidents/${old.id}`).length;

    // A change elsewhere (a new incident) re-renders the hot pages, not this one.
    await addOldIncident(target, componentId, 'Today', 0);
    await store.tick();
    expect(store.state().snapshot.incidents.map((incident) => incident.title)).toContain('Today');
    const again = await cache.get(`/incidents/${old.id}`);
    expect(again.etag).toBe(first.etag);
    expect(rendered.filter((key) => key === `/incidents/${old.id}`)).toHaveLength(renders);

    // A correction of its own update is shown.
    await correctPublishedUpdateBody(target.handle.db, old.updateIds[1] ?? '', 'Old outage: corrected.', NOW);
    await store.tick();
    const corrected = await cache.get(`/incidents/${old.id}`);
    expect(text(corrected)).toContain('Old outage: corrected.');
    expect(rendered.filter((key) => key === `/incidents/${old.id}`)).toHaveLength(renders + 1);
  });

  it('lists an old month from the database, with the pager reaching it', async () => {
    const month = new Date(NOW.getTime() - 400 * DAY).toISOString().slice(0, 7);
    const page = await cache.get(`/history?month=${month}`);
    expect(page.status).toBe(200);
    expect(text(page)).toContain('Old outage');
    expect(text(page)).not.toContain('Last week');
  });

  it('answers an unknown or internal incident id with the cached 404', async () => {
    const internal = await insertIncident(target.handle.db, { title: 'Internal only', severity: 'SEV3', impact: 'none', status: 'investigating', startedAt: new Date(NOW.getTime() - 300 * DAY), components: [] });
    await store.tick();
    expect((await cache.get('/incidents/zzzzzzzzzzzz')).status).toBe(404);
    const hidden = await cache.get(`/incidents/${internal}`);
    expect(hidden.status).toBe(404);
    expect(text(hidden)).not.toContain('Internal only');
  });
});
