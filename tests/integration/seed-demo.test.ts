import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listComponentGroups } from '../../db/queries/component-groups.ts';
import { listComponents } from '../../db/queries/components.ts';
import { listIncidents } from '../../db/queries/incidents.ts';
import { listMaintenances } from '../../db/queries/maintenances.ts';
import { listStatusIntervalsSince } from '../../db/queries/status-intervals.ts';
import { listPublishedExternalUpdates } from '../../db/queries/updates.ts';
import { DAY, MINUTE, planDemo } from '../../src/demo/demo-plan.ts';
import { type DemoSummary, seedDemo } from '../../src/demo/seed-demo.ts';
import type { Component, Incident, StatusInterval } from '../../src/domain/types.ts';
import { createTestDatabase, type TestDatabase, testDatabaseKinds } from '../support/test-database.ts';

const NOW = new Date('2026-11-27T12:00:00.000Z');

describe('planDemo', () => {
  it('is repeatable for a given now, and differs for another', () => {
    expect(JSON.stringify(planDemo(new Date(NOW)))).toBe(JSON.stringify(planDemo(new Date(NOW))));
    const other = planDemo(new Date(NOW.getTime() + DAY));
    expect(other.resolvedIncidents.map((i) => i.title)).not.toEqual(planDemo(NOW).resolvedIncidents.map((i) => i.title));
  });

  it('mixes severities and scenarios, with 20 minutes to 4 hours of impact', () => {
    const { resolvedIncidents } = planDemo(NOW);
    expect(new Set(resolvedIncidents.map((i) => i.severity))).toEqual(new Set(['SEV1', 'SEV2', 'SEV3']));
    expect(new Set(resolvedIncidents.map((i) => i.scenario)).size).toBeGreaterThanOrEqual(8);
    for (const incident of resolvedIncidents) {
      const minutes = ((incident.resolvedAt?.getTime() ?? 0) - incident.startedAt.getTime()) / MINUTE;
      expect(minutes).toBeGreaterThanOrEqual(20);
      expect(minutes).toBeLessThanOrEqual(240);
      expect(incident.affected.length).toBeGreaterThanOrEqual(1);
      expect(incident.affected.length).toBeLessThanOrEqual(3);
    }
  });
});

describe.each(testDatabaseKinds())('seedDemo on %s', (kind) => {
  let target: TestDatabase;
  let summary: DemoSummary;
  let components: Component[];
  let incidents: Incident[];

  beforeAll(async () => {
    target = await createTestDatabase(kind);
    const started = performance.now();
    summary = await seedDemo(target.handle.db, { now: NOW });
    console.info(`seedDemo on ${kind}: ${Math.round(performance.now() - started)} ms`, summary);
    components = await listComponents(target.handle.db);
    incidents = await listIncidents(target.handle.db);
  });

  afterAll(async () => {
    await target?.dispose();
  });

  it('creates 12 components in 3 groups', async () => {
    const groups = await listComponentGroups(target.handle.db);
    expect(groups).toHaveLength(3);
    expect(components).toHaveLength(12);
    expect(components.every((c) => c.groupId !== null && groups.some((g) => g.id === c.groupId))).toBe(true);
    expect(summary).toMatchObject({ components: 12, groups: 3, incidents: incidents.length });
  });

  it('has 15±3 resolved incidents within the last 90 days', () => {
    const resolved = incidents.filter((i) => i.status === 'resolved');
    expect(resolved.length).toBeGreaterThanOrEqual(12);
    expect(resolved.length).toBeLessThanOrEqual(18);
    for (const incident of resolved) {
      expect(incident.startedAt.getTime()).toBeGreaterThanOrEqual(NOW.getTime() - 90 * DAY);
      expect(incident.resolvedAt).not.toBeNull();
      expect(incident.resolvedAt!.getTime()).toBeLessThan(NOW.getTime());
      expect(incident.identifiedAt!.getTime()).toBeGreaterThan(incident.startedAt.getTime());
      expect(incident.identifiedAt!.getTime()).toBeLessThan(incident.resolvedAt!.getTime());
      if (incident.monitoringAt !== null) {
        expect(incident.monitoringAt.getTime()).toBeGreaterThan(incident.identifiedAt!.getTime());
        expect(incident.monitoringAt.getTime()).toBeLessThan(incident.resolvedAt!.getTime());
      }
    }
  });

  it('has exactly one unresolved incident: the API one going on now', () => {
    const open = incidents.filter((i) => i.resolvedAt === null);
    expect(open).toHaveLength(1);
    const [active] = open;
    expect(active).toMatchObject({ status: 'identified', severity: 'SEV2', impact: 'major' });
    const byName = new Map(components.map((c) => [c.id, c.name]));
    expect(new Map(active!.components.map((c) => [byName.get(c.componentId), c.status]))).toEqual(
      new Map([
        ['API', 'partial_outage'],
        ['Webhooks', 'degraded_performance'],
      ]),
    );
    const current = new Map(components.map((c) => [c.name, c.status]));
    expect(current.get('API')).toBe('partial_outage');
    expect(current.get('Webhooks')).toBe('degraded_performance');
    expect(components.filter((c) => c.status !== 'operational')).toHaveLength(2);
  });

  it('has one scheduled maintenance in the future and one completed in the past', async () => {
    const maintenances = await listMaintenances(target.handle.db);
    const upcoming = maintenances.filter((m) => m.status === 'scheduled' && m.scheduledFor > NOW);
    expect(upcoming).toHaveLength(1);
    expect(upcoming[0]!.scheduledUntil.getTime() - upcoming[0]!.scheduledFor.getTime()).toBe(2 * 60 * MINUTE);
    const completed = maintenances.filter((m) => m.status === 'completed');
    expect(completed).toHaveLength(1);
    expect(completed[0]!.completedAt!.getTime()).toBeLessThan(NOW.getTime());
  });

  it('gives every incident published external updates, published while it was going on', async () => {
    const updates = await listPublishedExternalUpdates(target.handle.db);
    for (const incident of incidents) {
      const own = updates.filter((u) => u.incidentId === incident.id);
      expect(own.length, incident.title).toBeGreaterThanOrEqual(incident.resolvedAt === null ? 1 : 3);
      const end = incident.resolvedAt ?? NOW;
      for (const update of own) {
        expect(update.publishedAt!.getTime()).toBeGreaterThanOrEqual(incident.startedAt.getTime());
        expect(update.publishedAt!.getTime()).toBeLessThanOrEqual(end.getTime());
      }
      const first = own.at(-1)!; // newest first
      expect(first.status).toBe('investigating');
      expect(first.componentChanges.map((c) => c.newStatus).sort()).toEqual(incident.components.map((c) => c.status).sort());
      if (incident.resolvedAt !== null) {
        expect(own[0]).toMatchObject({ status: 'resolved', publishedAt: incident.resolvedAt });
        expect(own[0]!.componentChanges.every((c) => c.newStatus === 'operational')).toBe(true);
      }
    }
  });

  it('keeps internal notes and drafts out of the published external updates', async () => {
    const hidden = await target.handle.db
      .selectFrom('updates')
      .select(['id', 'audience', 'state'])
      .where((eb) => eb.or([eb('audience', '=', 'internal'), eb('state', '!=', 'published')]))
      .execute();
    expect(hidden.filter((u) => u.audience === 'internal').length).toBeGreaterThanOrEqual(incidents.length);
    expect(hidden.filter((u) => u.state === 'draft')).toHaveLength(1);
    const published = new Set((await listPublishedExternalUpdates(target.handle.db)).map((u) => u.id));
    expect(hidden.some((u) => published.has(u.id))).toBe(false);
    const total = await target.handle.db.selectFrom('updates').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(Number(total.n)).toBe(summary.updates);
  });

  it('moves the components during each resolved incident and back to operational at its end', async () => {
    const intervals = await listStatusIntervalsSince(target.handle.db, new Date(0));
    for (const incident of incidents.filter((i) => i.resolvedAt !== null)) {
      for (const affected of incident.components) {
        const own = intervals.filter((i) => i.componentId === affected.componentId);
        expect(own.find((i) => i.startedAt.getTime() === incident.startedAt.getTime())).toMatchObject({
          status: affected.status,
          endedAt: incident.resolvedAt,
        });
        expect(own.find((i) => i.startedAt.getTime() === incident.resolvedAt!.getTime())?.status).toBe('operational');
      }
    }
  });

  it('writes status intervals that follow each other without overlaps or gaps', async () => {
    const intervals = await listStatusIntervalsSince(target.handle.db, new Date(0));
    const byComponent = new Map<string, StatusInterval[]>();
    for (const interval of intervals) byComponent.set(interval.componentId, [...(byComponent.get(interval.componentId) ?? []), interval]);
    expect(byComponent.size).toBe(12);
    for (const [componentId, own] of byComponent) {
      const component = components.find((c) => c.id === componentId)!;
      expect(own[0]!.startedAt).toEqual(component.createdAt);
      expect(own.at(-1)!.endedAt).toBeNull();
      expect(own.at(-1)!.status).toBe(component.status);
      for (let i = 1; i < own.length; i += 1) {
        expect(own[i - 1]!.endedAt, component.name).toEqual(own[i]!.startedAt);
        expect(own[i]!.startedAt.getTime()).toBeGreaterThan(own[i - 1]!.startedAt.getTime());
      }
      for (const interval of own) expect(interval.startedAt.getTime()).toBeLessThanOrEqual(NOW.getTime());
    }
  });

  it('writes nothing dated after now but the upcoming maintenance', async () => {
    const db = target.handle.db;
    const latest = await Promise.all([
      db.selectFrom('updates').select((eb) => eb.fn.max('created_at').as('at')).executeTakeFirstOrThrow(),
      db.selectFrom('updates').select((eb) => eb.fn.max('published_at').as('at')).executeTakeFirstOrThrow(),
      db.selectFrom('timeline_events').select((eb) => eb.fn.max('occurred_at').as('at')).executeTakeFirstOrThrow(),
      db.selectFrom('incidents').select((eb) => eb.fn.max('updated_at').as('at')).executeTakeFirstOrThrow(),
    ]);
    for (const { at } of latest) expect(new Date(at as Date).getTime()).toBeLessThanOrEqual(NOW.getTime());
    const events = await db.selectFrom('timeline_events').select('kind').distinct().execute();
    expect(events.map((e) => e.kind).sort()).toEqual(['incident.declared', 'incident.resolved', 'incident.status_changed', 'update.published']);
  });

  it('refuses to seed a database that already has components, and changes nothing', async () => {
    await expect(seedDemo(target.handle.db, { now: NOW })).rejects.toThrow(/empty database/);
    expect(await listComponents(target.handle.db)).toHaveLength(12);
    expect(await listIncidents(target.handle.db)).toHaveLength(incidents.length);
  });
});
