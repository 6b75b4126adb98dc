import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAlertmanager, parseGeneric, parseGrafana, parseNotification, readJson } from '../../src/alerts/payloads.ts';

const fixture = (name: string): unknown => JSON.parse(readFileSync(path.join(import.meta.dirname, '..', 'fixtures', name), 'utf8'));
const NOW = new Date('2026-12-01T10:00:00Z');

describe('Alertmanager webhook (version 4), as Alertmanager 0.25 sent it', () => {
  it('reads a firing group: its groupKey, a title from the summary, and each alert with no end yet', () => {
    const result = parseAlertmanager(fixture('alertmanager-0.25-firing.json'));
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const n = result.value;
    expect(n.source).toBe('alertmanager');
    expect(n.dedupeKey).toBe('{}:{alertname="HighErrorRate", service="api"}');
    expect(n.status).toBe('firing');
    expect(n.title).toBe('API 5xx above 5%');
    expect(n.commonLabels).toEqual({ alertname: 'HighErrorRate', service: 'api', severity: 'critical' });
    expect(n.alerts.map((a) => [a.fingerprint, a.status, a.name, a.labels['instance'], a.endsAt])).toEqual([
      ['b5449dc473925ed0', 'firing', 'HighErrorRate', 'api-1:9090', null],
      ['e9d302a5ff5db845', 'firing', 'HighErrorRate', 'api-2:9090', null],
    ]);
    expect(n.alerts[0]?.startsAt.toISOString()).toBe('2026-11-29T11:03:10.240Z');
    expect(n.alerts[0]?.generatorUrl).toBe('http://prometheus.example:9090/graph?g0.expr=rate');
    expect(n.alerts[1]?.generatorUrl).toBeNull();
  });

  it('reads the resolved notification of the same group with its end times', () => {
    const result = parseAlertmanager(fixture('alertmanager-0.25-resolved.json'));
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.value.status).toBe('resolved');
    expect(result.value.alerts.map((a) => [a.status, a.endsAt?.toISOString()])).toEqual([
      ['resolved', '2026-11-29T11:04:11.752Z'],
      ['resolved', '2026-11-29T11:04:11.752Z'],
    ]);
  });

  it('titles a group without a summary from its alertname and group labels', () => {
    const body = fixture('alertmanager-0.25-firing.json') as Record<string, unknown>;
    const result = parseAlertmanager({ ...body, commonAnnotations: {} });
    expect(result.ok && result.value.title).toBe('HighErrorRate (api)');
  });

  it('ignores fields it does not know (newer Alertmanagers add some)', () => {
    const body = fixture('alertmanager-0.25-firing.json') as Record<string, unknown>;
    expect(parseAlertmanager({ ...body, notification_reason: 'new', routeLabels: {} }).ok).toBe(true);
  });

  it('refuses a wrong shape naming the field', () => {
    const body = fixture('alertmanager-0.25-firing.json') as { alerts: Record<string, unknown>[] } & Record<string, unknown>;
    const errors = (value: unknown) => {
      const result = parseAlertmanager(value);
      return result.ok ? null : result.errors;
    };
    expect(errors({ ...body, version: '3' })).toEqual({ version: 'must be "4" (Alertmanager webhook version 4)' });
    expect(errors({ ...body, groupKey: undefined })).toEqual({ groupKey: 'is required (Alertmanager sends it)' });
    expect(errors({ ...body, alerts: [{ ...body.alerts[0], status: 'burning' }] })).toEqual({ 'alerts.0.status': 'must be "firing" or "resolved"' });
    expect(errors({ ...body, alerts: [{ ...body.alerts[0], labels: { service: 7 } }] })).toEqual({ 'alerts.0.labels.service': 'must be text' });
    expect(errors({ ...body, alerts: [{ ...body.alerts[0], startsAt: 'yesterday' }] })).toEqual({ 'alerts.0.startsAt': 'must be an RFC 3339 time' });
    expect(errors({ ...body, alerts: [] })).toEqual({ alerts: 'must hold at least one alert' });
  });
});

describe('Grafana alerting webhook, as Grafana documents it', () => {
  it('reads the group, its key and alerts, and keeps Grafana extras out of the way', () => {
    const result = parseGrafana(fixture('grafana-webhook.json'));
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const n = result.value;
    expect(n.source).toBe('grafana');
    expect(n.dedupeKey).toBe('{}:{}');
    expect(n.title).toBe('High memory usage and 1 more');
    expect(n.commonLabels).toEqual({ team: 'blue' });
    expect(n.alerts.map((a) => [a.fingerprint, a.name, a.endsAt])).toEqual([
      ['c6eadffa33fcdf37', 'High memory usage', null],
      ['bc97ff14869b13e3', 'High CPU usage', null],
    ]);
  });

  it('takes the rule name from Grafana’s title when it has one', () => {
    const body = fixture('grafana-webhook.json') as Record<string, unknown>;
    const result = parseGrafana({ ...body, title: '[FIRING:2] Memory pressure (blue)' });
    expect(result.ok && result.value.title).toBe('Memory pressure (blue)');
  });

  it('groups by labels when Grafana sends no groupKey', () => {
    const body = fixture('grafana-webhook.json') as Record<string, unknown>;
    const a = parseGrafana({ ...body, groupKey: undefined, groupLabels: { alertname: 'X' } });
    const b = parseGrafana({ ...body, groupKey: undefined, groupLabels: { alertname: 'X' } });
    const c = parseGrafana({ ...body, groupKey: undefined, groupLabels: { alertname: 'Y' } });
    expect(a.ok && b.ok && a.value.dedupeKey === b.value.dedupeKey).toBe(true);
    expect(a.ok && c.ok && a.value.dedupeKey !== c.value.dedupeKey).toBe(true);
  });
});

describe('the generic endpoint', () => {
  it('makes one alert of the documented fields; dedup_key names the group', () => {
    const result = parseGeneric(
      { title: 'Checkout errors', status: 'firing', dedup_key: 'checkout-5xx', severity: 'critical', component: 'Checkout', description: 'p99 above 2 s', url: 'https://grafana.example/d/1', extra: 'ignored' },
      NOW,
    );
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.value).toMatchObject({ source: 'generic', dedupeKey: 'checkout-5xx', status: 'firing', title: 'Checkout errors', severity: 'critical', component: 'Checkout' });
    expect(result.value.alerts).toEqual([
      {
        fingerprint: 'checkout-5xx',
        status: 'firing',
        name: 'Checkout errors',
        labels: { alertname: 'Checkout errors', severity: 'critical', component: 'Checkout' },
        annotations: { description: 'p99 above 2 s' },
        startsAt: NOW,
        endsAt: null,
        generatorUrl: 'https://grafana.example/d/1',
      },
    ]);
  });

  it('defaults to firing and to the title as the key', () => {
    const a = parseGeneric({ title: 'Disk full' }, NOW);
    const b = parseGeneric({ title: 'disk FULL' }, NOW);
    expect(a.ok && a.value.status).toBe('firing');
    expect(a.ok && b.ok && a.value.dedupeKey === b.value.dedupeKey).toBe(true);
  });

  it('refuses a missing title or a wrong status, naming the field', () => {
    const errors = (value: unknown) => {
      const result = parseGeneric(value, NOW);
      return result.ok ? null : result.errors;
    };
    expect(errors({ status: 'firing' })).toEqual({ title: 'must be text' });
    expect(errors({ title: '' })).toEqual({ title: 'is required' });
    expect(errors({ title: 'x', status: 'ok' })).toEqual({ status: 'must be "firing" or "resolved"' });
    expect(errors({ title: 'x', dedup_key: 5 })).toEqual({ dedup_key: 'must be text' });
  });

  it('wants a JSON object, whatever the source', () => {
    for (const body of [[], 'text', 5, null]) {
      const result = parseNotification('generic', body, NOW);
      expect(result.ok ? null : result.errors['_form']).toBe('The body must be a JSON object (an Alertmanager, Grafana or generic alert notification).');
    }
  });
});

describe('reading JSON', () => {
  it('says why a body is not JSON', () => {
    const result = readJson('{"title": ');
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.reason).toMatch(/JSON/);
  });
});
