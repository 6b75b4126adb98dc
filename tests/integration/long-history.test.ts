import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed-demo.ts';
import { HOT_LIMITS, loadSnapshot } from '../../src/status/load-snapshot.ts';
import type { PageSnapshot } from '../../src/status/snapshot.ts';
import { addHistory } from '../support/long-history.ts';
import { createTestDatabase, type TestDatabase, testDatabaseKinds } from '../support/test-database.ts';

const NOW = new Date('2026-11-30T12:00:00Z');
const DAY = 86_400_000;
const YEAR = 365 * DAY;
const options = { now: NOW, publicUrl: 'http://localhost:4321' };

/** The snapshot without its build time and month list: what a page's cost depends on. */
const body = (snapshot: PageSnapshot): string => JSON.stringify({ ...snapshot, builtAt: null, historyMonths: null });

describe.each(testDatabaseKinds())('the snapshot with years of history on %s', (kind) => {
  let target: TestDatabase;

  beforeAll(async () => {
    target = await createTestDatabase(kind);
    await seedDemo(target.handle.db, { now: NOW });
  });
  afterAll(async () => {
    await target?.dispose();
  });

  it('stays the same size however long the history grows', async () => {
    const db = target.handle.db;
    const demo = await loadSnapshot(db, options);
    const components = demo.components.length;

    // Three years of history before the uptime window, then three more before those.
    await addHistory(db, { incidents: 1_500, years: 3, before: new Date(NOW.getTime() - 100 * DAY) });
    const threeYears = await loadSnapshot(db, options);
    await addHistory(db, { incidents: 1_500, years: 3, before: new Date(NOW.getTime() - 100 * DAY - 3 * YEAR), first: 1_501 });
    const sixYears = await loadSnapshot(db, options);

    // Bounded: the demo's own, the newest 50 and each component's 10 newest.
    expect(threeYears.incidents.length).toBeLessThanOrEqual(demo.incidents.length + HOT_LIMITS.latest + HOT_LIMITS.perComponent * components);
    expect(threeYears.incidents.length).toBeGreaterThan(demo.incidents.length);
    // Three more years change nothing the pages read from memory…
    expect(sixYears.incidents.map((incident) => incident.id)).toEqual(threeYears.incidents.map((incident) => incident.id));
    expect(body(sixYears).length).toBe(body(threeYears).length);
    // …but the history pager knows every month.
    expect(sixYears.historyMonths?.length).toBeGreaterThan((threeYears.historyMonths?.length ?? 0) + 30);
    expect(sixYears.historyMonths?.at(-1)).toBe(new Date(NOW.getTime() - 100 * DAY - 6 * YEAR).toISOString().slice(0, 7));
  });
});
