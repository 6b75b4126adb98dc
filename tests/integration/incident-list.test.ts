import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertIncident } from '../../db/queries/incidents.ts';
import type { Actor } from '../../src/auth/permissions.ts';
import { INCIDENTS_PER_PAGE, loadIncidentList } from '../../src/incidents/hub-views.ts';
import type { Services } from '../../src/services.ts';
import { insertOperationalComponent, insertTestActor, recordingScheduler, testServices } from '../support/job-queue.ts';
import { createTestDatabase, type TestDatabase, testDatabaseKinds } from '../support/test-database.ts';

const T0 = new Date('2026-11-01T00:00:00Z');
const HOUR = 3_600_000;

describe.each(testDatabaseKinds())('the hub incident list on %s', (kind) => {
  let target: TestDatabase;
  let services: Services;
  let viewer: Actor;
  let api: string;

  beforeAll(async () => {
    target = await createTestDatabase(kind);
    services = { ...testServices(target, { now: () => new Date(T0.getTime() + 100 * HOUR) }), jobs: recordingScheduler() };
    viewer = await insertTestActor(target, 'viewer');
    api = await insertOperationalComponent(target, 'API', T0);
    await insertOperationalComponent(target, 'Dashboard', T0);
    // 60 incidents, one an hour: every third on the API, every fifth SEV1, the last four still open.
    for (let n = 0; n < 60; n++) {
      const open = n >= 56;
      const id = await insertIncident(target.handle.db, {
        title: n === 7 ? 'Payments 100% failing_now' : `Incident number ${n}`,
        severity: n % 5 === 0 ? 'SEV1' : 'SEV3',
        impact: 'minor',
        status: open ? 'investigating' : 'resolved',
        startedAt: new Date(T0.getTime() + n * HOUR),
        components: n % 3 === 0 ? [{ componentId: api, status: 'major_outage' }] : [],
      });
      if (!open) await target.handle.db.updateTable('incidents').set({ resolved_at: new Date(T0.getTime() + n * HOUR + 1_800_000) }).where('id', '=', id).execute();
    }
  });
  afterAll(async () => {
    await target?.dispose();
  });

  const list = (query: string): ReturnType<typeof loadIncidentList> => loadIncidentList(services, viewer, new URLSearchParams(query));

  it(`pages ${INCIDENTS_PER_PAGE} at a time, open incidents first, then the newest, with links that keep the filters`, async () => {
    const first = await list('');
    expect(first.total).toBe(60);
    expect(first.pages).toBe(3);
    expect(first.range).toBe('Showing 1–25 of 60');
    expect(first.items.slice(0, 5).map((i) => i.title)).toEqual(['Incident number 59', 'Incident number 58', 'Incident number 57', 'Incident number 56', 'Incident number 55']);
    expect(first.previousHref).toBeNull();
    expect(first.nextHref).toBe('/admin/incidents?page=2');
    const last = await list('page=3');
    expect(last.range).toBe('Showing 51–60 of 60');
    expect(last.items.at(-1)!.title).toBe('Incident number 0');
    expect(last.nextHref).toBeNull();
    // Past the end: the last page; nonsense: the first.
    expect((await list('page=99')).page).toBe(3);
    expect((await list('page=abc')).page).toBe(1);
  });

  it('filters by status, severity and component together, and searches titles literally', async () => {
    expect((await list('status=open')).items.map((i) => i.title)).toEqual(['Incident number 59', 'Incident number 58', 'Incident number 57', 'Incident number 56']);
    const sev1OnApi = await list(`severity=SEV1&component=${api}`);
    // n divisible by 15: 0, 15, 30, 45.
    expect(sev1OnApi.items.map((i) => i.title)).toEqual(['Incident number 45', 'Incident number 30', 'Incident number 15', 'Incident number 0']);
    expect(sev1OnApi.items.every((i) => i.components.some((c) => c.name === 'API'))).toBe(true);
    const resolvedSev1 = await list('status=resolved&severity=SEV1');
    expect(resolvedSev1.total).toBe(12);
    expect(resolvedSev1.nextHref).toBeNull();
    // Wildcards typed are matched as text: "100%" and "_" only find the one title with them.
    expect((await list('q=100%25')).items.map((i) => i.title)).toEqual(['Payments 100% failing_now']);
    expect((await list('q=g_n')).items.map((i) => i.title)).toEqual(['Payments 100% failing_now']);
    expect((await list('q=NUMBER 4')).total).toBe(11); // 4, 40–49
    const paged = await list('q=number&severity=SEV3');
    expect(paged.total).toBe(47);
    expect(paged.nextHref).toBe('/admin/incidents?q=number&severity=SEV3&page=2');
    // Unknown values count as "any", and the form shows them as such.
    const unknown = await list('status=exploded&severity=SEV9&component=nope');
    expect(unknown.total).toBe(60);
    expect(unknown.filters).toEqual({ q: '', status: '', severity: '', component: '' });
    const none = await list('q=nothing like this');
    expect(none).toMatchObject({ total: 0, items: [], range: 'No incidents match', pages: 1 });
  });
});
