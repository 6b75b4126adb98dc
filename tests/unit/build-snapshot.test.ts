import { describe, expect, it } from 'vitest';
import type { Component, Incident, Maintenance, Update } from '../../src/domain/types.ts';
import { buildSnapshot, type SnapshotSource } from '../../src/status/build-snapshot.ts';

const NOW = new Date('2026-11-27T12:00:00Z');
const at = (iso: string): Date => new Date(iso);

function component(id: string, groupId: string | null, position: number, status: Component['status'] = 'operational'): Component {
  return {
    id,
    groupId,
    name: id.toUpperCase(),
    description: null,
    position,
    status,
    showcase: true,
    onlyShowIfDegraded: false,
    manualStatus: null,
    startDate: null,
    createdAt: at('2026-08-01T00:00:00Z'),
    updatedAt: at('2026-08-01T00:00:00Z'),
  };
}

function incident(id: string, status: Incident['status'], startedAt: string, impact: Incident['impact'] = 'major'): Incident {
  return {
    id,
    title: `Incident ${id}`,
    severity: 'SEV2',
    impact,
    status,
    startedAt: at(startedAt),
    identifiedAt: null,
    monitoringAt: null,
    resolvedAt: status === 'resolved' ? at(startedAt) : null,
    createdAt: at(startedAt),
    updatedAt: at(startedAt),
    components: [{ componentId: 'api', status: 'partial_outage' }],
  };
}

function update(id: string, subject: { incidentId?: string; maintenanceId?: string }, publishedAt: string, body = `Update ${id}`): Update {
  return {
    id,
    incidentId: subject.incidentId ?? null,
    maintenanceId: subject.maintenanceId ?? null,
    audience: 'external',
    state: 'published',
    status: 'investigating',
    body,
    scheduledFor: null,
    publishedAt: at(publishedAt),
    deliverNotifications: true,
    createdAt: at(publishedAt),
    updatedAt: at(publishedAt),
    componentChanges: [{ componentId: 'api', oldStatus: 'operational', newStatus: 'partial_outage' }],
  };
}

const maintenance: Maintenance = {
  id: 'm1',
  title: 'Upgrade',
  impact: 'maintenance',
  status: 'in_progress',
  scheduledFor: at('2026-11-27T11:00:00Z'),
  scheduledUntil: at('2026-11-27T13:00:00Z'),
  startedAt: at('2026-11-27T11:00:00Z'),
  completedAt: null,
  cancelledAt: null,
  reminderHours: 24,
  remindedAt: null,
  remindAt: null,
  correctionSentAt: null,
  notifyStart: true,
  notifyComplete: true,
  autoStart: true,
  autoComplete: true,
  createdAt: at('2026-11-20T00:00:00Z'),
  updatedAt: at('2026-11-20T00:00:00Z'),
  componentIds: ['db'],
};

function source(overrides: Partial<SnapshotSource> = {}): SnapshotSource {
  return {
    version: '7',
    changedAt: at('2026-11-27T11:59:00Z'),
    settings: { id: 'page', name: 'Acme', description: 'Acme status', timeZone: 'Etc/UTC', updatedAt: NOW, companyUrl: null, supportUrl: null, accent: null, footerLinks: [], logoType: null, faviconType: null },
    groups: [
      { id: 'g2', name: 'Second', description: null, position: 2, createdAt: NOW, updatedAt: NOW },
      { id: 'g1', name: 'First', description: null, position: 1, createdAt: NOW, updatedAt: NOW },
    ],
    components: [component('db', 'g2', 1), component('api', 'g1', 2, 'partial_outage'), component('web', 'g1', 1), component('cdn', null, 5)],
    intervals: [{ componentId: 'api', status: 'partial_outage', startedAt: at('2026-11-27T10:00:00Z'), endedAt: null }],
    incidents: [incident('open', 'identified', '2026-11-27T10:00:00Z'), incident('old', 'resolved', '2026-11-01T10:00:00Z'), incident('private', 'investigating', '2026-11-27T11:00:00Z', 'critical')],
    maintenances: [maintenance],
    updates: [
      update('u1', { incidentId: 'open' }, '2026-11-27T10:05:00Z'),
      update('u2', { incidentId: 'open' }, '2026-11-27T10:30:00Z', 'Fixed <script>alert(1)</script> **soon**'),
      update('u3', { incidentId: 'old' }, '2026-11-01T10:05:00Z'),
      update('u4', { maintenanceId: 'm1' }, '2026-11-20T00:00:00Z'),
    ],
    ...overrides,
  };
}

describe('buildSnapshot', () => {
  const snapshot = buildSnapshot(source(), { now: NOW, publicUrl: 'https://status.example.com' });

  it('makes an incident public only once it has a published external update', () => {
    expect(snapshot.incidents.map((i) => i.id)).toEqual(['open', 'old']);
  });

  it('orders updates newest first and renders their Markdown safely', () => {
    const open = snapshot.incidents[0];
    expect(open?.updates.map((u) => u.id)).toEqual(['u2', 'u1']);
    expect(open?.updates[0]?.html).toContain('<strong>soon</strong>');
    expect(open?.updates[0]?.html).not.toContain('<script');
    expect(open?.updates[0]?.componentChanges[0]).toEqual({ componentId: 'api', name: 'API', oldStatus: 'operational', newStatus: 'partial_outage' });
  });

  it('orders components ungrouped first, then by group and position', () => {
    expect(snapshot.components.map((c) => c.id)).toEqual(['cdn', 'web', 'api', 'db']);
    expect(snapshot.groups.map((g) => [g.id, g.componentIds])).toEqual([
      ['g1', ['web', 'api']],
      ['g2', ['db']],
    ]);
  });

  it('derives the overall status from components and public open incidents only', () => {
    // The private incident is critical, but not public: the page says "major".
    expect(snapshot.overall).toEqual({ indicator: 'major', description: 'Partial System Outage', underMaintenance: true });
    const calm = buildSnapshot(source({ components: [component('api', null, 1)], incidents: [], updates: [update('u4', { maintenanceId: 'm1' }, '2026-11-20T00:00:00Z')] }), {
      now: NOW,
      publicUrl: 'https://status.example.com',
    });
    expect(calm.overall.description).toBe('Service Under Maintenance');
  });

  it('computes uptime from the intervals and links days to incidents', () => {
    const api = snapshot.components.find((c) => c.id === 'api');
    const today = api?.uptime.days.at(-1);
    expect(api?.uptime.days).toHaveLength(90);
    expect(today?.date).toBe('2026-11-27');
    expect(today?.worst).toBe('partial_outage');
    expect(today?.incidents.map((i) => i.id)).toEqual(['open']);
    expect(today?.ratio).toBeCloseTo(1 - 0.3, 5); // the whole observed part of today was a partial outage
  });

  it('carries the page settings, public URL and version', () => {
    expect(snapshot.page).toMatchObject({ name: 'Acme', url: 'https://status.example.com', updatedAt: '2026-11-27T11:59:00.000Z' });
    expect(snapshot.version).toBe('7');
    expect(snapshot.maintenances.map((m) => m.id)).toEqual(['m1']);
  });
});
