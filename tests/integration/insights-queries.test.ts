import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedInsightsBench } from '../../bench/insights-data.ts';
import type { Db } from '../../db/client.ts';
import { listInsightActionItems, listInsightIncidents } from '../../db/queries/insights.ts';
import type { InsightActionItem, InsightIncident, InsightsFilter } from '../../src/domain/insights.ts';
import { matchesFilter, periodEnding, RECURRENCE_DAYS } from '../../src/insights/metrics.ts';
import { createTestDatabase, type TestDatabase, testDatabaseKinds } from '../support/test-database.ts';

/*
 * The insights queries apply the page's component or severity filter in SQL (so a
 * filtered page reads only its rows) and read external update times only for the
 * severities that have a cadence target. Both must hand the figures exactly the rows
 * they would pick themselves: checked against the unfiltered rows, filtered by the
 * figures' own matchesFilter, over a year of generated incidents.
 */

const NOW = new Date('2026-11-20T12:00:00Z');
const FILTERS: Pick<InsightsFilter, 'componentId' | 'severity'>[] = [
  { componentId: 'c3', severity: null },
  { componentId: 'c7', severity: null },
  { componentId: 'c-unused', severity: null },
  { componentId: null, severity: 'SEV1' },
  { componentId: null, severity: 'SEV3' },
];
const NONE = { componentId: null, severity: null };
const byId = (a: InsightIncident, b: InsightIncident): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const itemKey = (i: InsightActionItem): string => `${i.createdAt.toISOString()} ${i.status} ${i.severity} ${[...i.componentIds].sort().join(',')}`;
const sortedItems = (items: InsightActionItem[]): string[] => items.map(itemKey).sort();

describe.each(testDatabaseKinds())('insights queries on %s', (kind) => {
  let target: TestDatabase;
  let db: Db;

  beforeAll(async () => {
    target = await createTestDatabase(kind);
    db = target.handle.db;
    await seedInsightsBench(db, 360, NOW);
    // Action items of their own components too: c7 on every third one, whatever its incident's.
    await sql`insert into action_item_components (action_item_id, component_id)
      select id, 'c7' from action_items where substr(id, 2)::int % 3 = 0 on conflict do nothing`.execute(db);
  });

  afterAll(async () => {
    await target?.dispose();
  });

  it('reads, for each filter, exactly the incidents and action items the figures keep, in every period', async () => {
    for (const days of [30, 90, 365]) {
      const period = periodEnding(NOW, days);
      const all = (await listInsightIncidents(db, period, RECURRENCE_DAYS, NONE, ['SEV1', 'SEV2', 'SEV3'])).sort(byId);
      const allItems = await listInsightActionItems(db, period, NONE);
      expect(all.length).toBeGreaterThan(20);
      for (const filter of FILTERS) {
        const incidents = (await listInsightIncidents(db, period, RECURRENCE_DAYS, filter, ['SEV1', 'SEV2', 'SEV3'])).sort(byId);
        expect(incidents, `${days} days, ${JSON.stringify(filter)}`).toEqual(all.filter((i) => matchesFilter(i, filter)));
        const items = await listInsightActionItems(db, period, filter);
        expect(sortedItems(items), `${days} days, ${JSON.stringify(filter)}`).toEqual(sortedItems(allItems.filter((i) => matchesFilter(i, filter))));
      }
    }
    // The data has what the c7 filter must catch: action items on c7 whose incident is not (kept above through their own components).
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from action_item_components ac join action_items a on a.id = ac.action_item_id
      where ac.component_id = 'c7' and not exists (select 1 from incident_components ic where ic.incident_id = a.incident_id and ic.component_id = 'c7')`.execute(db);
    expect(rows[0]!.n).toBeGreaterThan(5);
    expect(await listInsightActionItems(db, periodEnding(NOW, 365), { componentId: 'c-unused', severity: null })).toEqual([]);
  });

  it('reads external update times only for the severities asked for, the rest unchanged', async () => {
    const period = periodEnding(NOW, 365);
    const all = (await listInsightIncidents(db, period, RECURRENCE_DAYS, NONE, ['SEV1', 'SEV2', 'SEV3'])).sort(byId);
    const some = (await listInsightIncidents(db, period, RECURRENCE_DAYS, NONE, ['SEV1', 'SEV2'])).sort(byId);
    const none = (await listInsightIncidents(db, period, RECURRENCE_DAYS, NONE, [])).sort(byId);
    expect(all.filter((i) => i.severity === 'SEV3' && i.externalUpdates.length === 3).length).toBeGreaterThan(10);
    expect(some).toEqual(all.map((i) => (i.severity === 'SEV3' ? { ...i, externalUpdates: [] } : i)));
    expect(none).toEqual(all.map((i) => ({ ...i, externalUpdates: [] })));
  });
});
