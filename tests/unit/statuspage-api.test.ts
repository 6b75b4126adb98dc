import { describe, expect, it } from 'vitest';
import {
  buildActiveMaintenances,
  buildComponents,
  buildIncidents,
  buildScheduledMaintenances,
  buildStatus,
  buildSummary,
  buildUnresolvedIncidents,
  buildUpcomingMaintenances,
} from '../../src/api/statuspage.ts';
import { jsonResponse } from '../../src/api/json-response.ts';
import type { PageSnapshot } from '../../src/status/snapshot.ts';
import { fixtureSnapshot } from '../fixtures/snapshot.ts';
import { schemaErrors, type StatuspageSchemaName } from '../support/statuspage-schemas.ts';

/** The fixture with the upcoming maintenance started, so the active list has one. */
function withActiveMaintenance(): PageSnapshot {
  const s = fixtureSnapshot();
  const upcoming = s.maintenances[0]!;
  s.maintenances[0] = { ...upcoming, status: 'in_progress', startedAt: '2026-11-30T02:00:00.000Z' };
  return s;
}

describe('Statuspage API v2 builders', () => {
  const cases: [string, StatuspageSchemaName, (s: PageSnapshot) => unknown][] = [
    ['summary.json', 'summary', buildSummary],
    ['status.json', 'status', buildStatus],
    ['components.json', 'components', buildComponents],
    ['incidents.json', 'incidents', buildIncidents],
    ['incidents/unresolved.json', 'incidents', buildUnresolvedIncidents],
    ['scheduled-maintenances.json', 'scheduled-maintenances', buildScheduledMaintenances],
    ['scheduled-maintenances/upcoming.json', 'scheduled-maintenances', buildUpcomingMaintenances],
    ['scheduled-maintenances/active.json', 'scheduled-maintenances', buildActiveMaintenances],
  ];

  it.each(cases)('%s validates against its schema', (_path, schema, build) => {
    expect(schemaErrors(schema, build(fixtureSnapshot()))).toEqual([]);
    expect(schemaErrors(schema, build(withActiveMaintenance()))).toEqual([]);
  });

  it('the schemas reject what Statuspage clients would choke on', () => {
    const summary = buildSummary(fixtureSnapshot());
    const badStatus = { ...summary, components: [{ ...summary.components[0], status: 'down' }] };
    const badDate = { ...summary, page: { ...summary.page, updated_at: 'yesterday' } };
    const { shortlink: _dropped, ...noShortlink } = buildIncidents(fixtureSnapshot()).incidents[0]!;
    expect(schemaErrors('summary', badStatus)).not.toEqual([]);
    expect(schemaErrors('summary', badDate)).not.toEqual([]);
    expect(schemaErrors('incidents', { page: summary.page, incidents: [noShortlink] })).not.toEqual([]);
    const group = summary.components.find((c) => c.group);
    const { components: _members, ...groupWithoutMembers } = group ?? { components: [] };
    expect(schemaErrors('components', { page: summary.page, components: [groupWithoutMembers] })).not.toEqual([]);
    const maintenances = buildScheduledMaintenances(fixtureSnapshot());
    const resolvedMaintenance = { ...maintenances.scheduled_maintenances[0], status: 'resolved' };
    expect(
      schemaErrors('scheduled-maintenances', { ...maintenances, scheduled_maintenances: [resolvedMaintenance] }),
    ).not.toEqual([]);
  });

  it('status.json carries the page and the overall indicator', () => {
    expect(buildStatus(fixtureSnapshot())).toEqual({
      page: {
        id: 'herald',
        name: 'Acme Cloud',
        url: 'https://status.example.com',
        time_zone: 'Etc/UTC',
        updated_at: '2026-11-27T11:40:00.000Z',
      },
      status: { indicator: 'major', description: 'Partial System Outage' },
    });
  });

  it('lists groups as components with their members and worst status', () => {
    const { components } = buildComponents(fixtureSnapshot());
    expect(components.map((c) => c.id)).toEqual([
      'cmp-webhooks',
      'grp-core',
      'cmp-api',
      'cmp-dashboard',
      'grp-data',
      'cmp-db',
    ]);
    const core = components.find((c) => c.id === 'grp-core');
    expect(core).toMatchObject({ group: true, group_id: null, status: 'partial_outage', page_id: 'herald' });
    expect(core?.group === true && core.components).toEqual(['cmp-api', 'cmp-dashboard']);
    expect(components.find((c) => c.id === 'grp-data')).toMatchObject({ group: true, status: 'operational' });
    expect(components.find((c) => c.id === 'cmp-dashboard')).toMatchObject({
      group: false,
      group_id: 'grp-core',
      status: 'degraded_performance',
    });
    expect(components.find((c) => c.id === 'cmp-webhooks')).toMatchObject({ group: false, group_id: null });
    expect(components.filter((c) => !c.group).every((c) => !('components' in c))).toBe(true);
  });

  it('summary lists only unresolved incidents and only upcoming or active maintenance', () => {
    const summary = buildSummary(withActiveMaintenance());
    expect(summary.incidents.map((i) => i.id)).toEqual(['inc-open']);
    expect(summary.scheduled_maintenances.map((m) => m.id)).toEqual(['mnt-upcoming']);
    expect(summary.scheduled_maintenances[0]?.status).toBe('in_progress');
    expect(buildSummary(fixtureSnapshot()).scheduled_maintenances.map((m) => [m.id, m.status])).toEqual([
      ['mnt-upcoming', 'scheduled'],
    ]);
    expect(summary.status).toEqual({ indicator: 'major', description: 'Partial System Outage' });
    expect(summary.components).toEqual(buildComponents(fixtureSnapshot()).components);
  });

  it('never lists a resolved incident in unresolved.json', () => {
    const all = buildIncidents(fixtureSnapshot()).incidents;
    const unresolved = buildUnresolvedIncidents(fixtureSnapshot()).incidents;
    expect(all.map((i) => i.id)).toEqual(['inc-open', 'inc-resolved']);
    expect(unresolved.map((i) => i.id)).toEqual(['inc-open']);
    expect(unresolved.every((i) => i.status !== 'resolved' && i.resolved_at === null)).toBe(true);
  });

  it('maps incidents, their updates newest first and affected components', () => {
    const incident = buildIncidents(fixtureSnapshot()).incidents[0]!;
    expect(incident).toMatchObject({
      id: 'inc-open',
      name: 'API requests failing in eu-west',
      status: 'identified',
      impact: 'major',
      started_at: '2026-11-27T11:00:00.000Z',
      monitoring_at: null,
      resolved_at: null,
      page_id: 'herald',
      shortlink: 'https://status.example.com/incidents/inc-open',
    });
    expect(new URL(incident.shortlink).href).toBe(incident.shortlink);
    expect(incident.components.map((c) => [c.id, c.status, c.group])).toEqual([
      ['cmp-api', 'partial_outage', false],
      ['cmp-dashboard', 'degraded_performance', false],
    ]);
    expect(incident.incident_updates.map((u) => u.id)).toEqual(['upd-open-2', 'upd-open-1']);
    expect(incident.incident_updates[0]).toEqual({
      id: 'upd-open-2',
      status: 'identified',
      body: 'We found a bad load balancer rule & are rolling it back.',
      incident_id: 'inc-open',
      created_at: '2026-11-27T11:40:00.000Z',
      updated_at: '2026-11-27T11:40:00.000Z',
      display_at: '2026-11-27T11:40:00.000Z',
      affected_components: [{ code: 'cmp-api', name: 'API', old_status: 'major_outage', new_status: 'partial_outage' }],
      deliver_notifications: true,
    });
    expect(incident.incident_updates[1]?.affected_components).toHaveLength(2);
    const resolved = buildIncidents(fixtureSnapshot()).incidents[1]!;
    expect(resolved.incident_updates.every((u) => u.affected_components === null)).toBe(true);
    expect(resolved.resolved_at).toBe('2026-11-24T10:30:00.000Z');
  });

  it('maps maintenances with their window, and updates pointing at the maintenance', () => {
    const all = buildScheduledMaintenances(fixtureSnapshot()).scheduled_maintenances;
    expect(all.map((m) => [m.id, m.status])).toEqual([
      ['mnt-upcoming', 'scheduled'],
      ['mnt-done', 'completed'],
    ]);
    const [upcoming, done] = all;
    expect(upcoming).toMatchObject({
      impact: 'maintenance',
      scheduled_for: '2026-11-30T02:00:00.000Z',
      scheduled_until: '2026-11-30T04:00:00.000Z',
      resolved_at: null,
      shortlink: 'https://status.example.com/#maintenance-mnt-upcoming',
    });
    expect(upcoming?.components.map((c) => c.id)).toEqual(['cmp-db']);
    expect(done?.resolved_at).toBe('2026-10-10T02:45:00.000Z');
    expect(done?.incident_updates.map((u) => [u.id, u.incident_id])).toEqual([
      ['upd-mnt-d2', 'mnt-done'],
      ['upd-mnt-d1', 'mnt-done'],
    ]);
    expect(buildUpcomingMaintenances(fixtureSnapshot()).scheduled_maintenances.map((m) => m.id)).toEqual([
      'mnt-upcoming',
    ]);
    expect(buildActiveMaintenances(fixtureSnapshot()).scheduled_maintenances).toEqual([]);
    expect(buildActiveMaintenances(withActiveMaintenance()).scheduled_maintenances.map((m) => m.id)).toEqual([
      'mnt-upcoming',
    ]);
  });

  it('returns at most the 50 most recent incidents and maintenances', () => {
    const s = fixtureSnapshot();
    const base = s.incidents[1]!;
    s.incidents = Array.from({ length: 60 }, (_, n) => ({ ...base, id: `inc-${n}` }));
    s.maintenances = Array.from({ length: 60 }, (_, n) => ({ ...s.maintenances[1]!, id: `mnt-${n}` }));
    expect(buildIncidents(s).incidents.map((i) => i.id)).toEqual(s.incidents.slice(0, 50).map((i) => i.id));
    expect(buildScheduledMaintenances(s).scheduled_maintenances).toHaveLength(50);
  });
});

describe('jsonResponse', () => {
  it('sends JSON that any origin may read', async () => {
    const response = jsonResponse(buildStatus(fixtureSnapshot()));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(await response.json()).toEqual(buildStatus(fixtureSnapshot()));
  });
});
