import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed-demo.ts';
import { loadActionItemsList } from '../../src/action-items/action-items-page.ts';
import { loadRunbooksIndex } from '../../src/runbooks/runbooks-page.ts';
import type { Services } from '../../src/services.ts';
import { insertTestActor, recordingScheduler, testServices } from '../support/job-queue.ts';
import { createTestDatabase, type TestDatabase, testDatabaseKinds } from '../support/test-database.ts';

const NOW = new Date('2026-11-27T12:00:00.000Z');

describe.each(testDatabaseKinds())('demo action items, runbooks and checklists on %s', (kind) => {
  let target: TestDatabase;
  let services: Services;

  beforeAll(async () => {
    target = await createTestDatabase(kind);
    await seedDemo(target.handle.db, { now: NOW });
    services = { ...testServices(target, { now: () => NOW }), jobs: recordingScheduler() };
  });

  afterAll(async () => {
    await services?.mailer.close();
    await target?.dispose();
  });

  it('has action items in every state, some overdue and some done, on demo incidents', async () => {
    const viewer = await insertTestActor(target, 'viewer');
    const list = await loadActionItemsList(services, viewer, new URLSearchParams());
    expect(new Set(list.items.map((item) => item.status))).toEqual(new Set(['open', 'in_progress', 'done', 'wont_do']));
    expect(list.items.filter((item) => item.overdue).map((item) => item.dueText).sort()).toEqual(['Overdue by 3 days', 'Overdue by 9 days']);
    expect(list.items.find((item) => item.status === 'wont_do')?.wontDoReason).toMatch(/\S/);
    expect(list.items.every((item) => item.incidentTitle.length > 0)).toBe(true);
  });

  it('has runbooks for a few components, with history, and the three checklists', async () => {
    const viewer = await insertTestActor(target, 'viewer');
    const index = await loadRunbooksIndex(services, viewer);
    expect(index.components.filter((c) => c.runbook !== null).map((c) => [c.name, c.runbook!.version]).sort()).toEqual([
      ['API', 2],
      ['CDN', 2],
      ['Managed PostgreSQL', 2],
    ]);
    expect(index.checklists.SEV1[0]?.text).toBe('Page the incident commander and name a communications lead');
    expect(index.checklists.SEV2.length).toBeGreaterThan(0);
    expect(index.checklists.SEV3.length).toBeGreaterThan(0);
  });
});
