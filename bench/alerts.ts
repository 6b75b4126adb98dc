/**
 * npm run bench:alerts — intake latency under an alert storm. Starts the built
 * server (embedded database in a temporary directory; BENCH_DATABASE_URL runs it on
 * PostgreSQL), makes an `alerts:write` token with the CLI, and sends:
 *
 * 1. a storm of 1,000 alerts in ONE Alertmanager group, arriving one after another:
 *    each notification carries the whole group so far (as Alertmanager's webhook
 *    does), so the last ones hold 1,000 alerts (about 300 KB). BENCH_CONCURRENCY
 *    (default 4) notifications in flight at once.
 * 2. 1,000 generic notifications with one dedup_key (a flapping check).
 *
 * For each: requests, notifications/s, intake latency p50 / p99 / max, and how many
 * incidents were opened (must be 1). The per-token limit is raised for the run
 * (HERALD_ALERT_RATE_LIMIT), since the storm is what is measured, not the limit.
 * Run `npm run build` first.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { heraldEnv, runHerald, startHerald } from '../tests/support/herald-process.ts';

const ALERTS = 1_000;
const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 4);

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'herald-bench-alerts-'));
const databaseUrl = process.env['BENCH_DATABASE_URL'];
const env = heraldEnv({ HERALD_DATA_DIR: dataDir, HERALD_DEMO: '0', HERALD_ALERT_RATE_LIMIT: '100000', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) });

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** Sends `bodies` with CONCURRENCY in flight; returns each latency and the incidents named. */
async function run(url: string, token: string, bodies: (() => string)[]): Promise<{ latencies: number[]; incidents: Set<string>; seconds: number; failures: string[] }> {
  const latencies: number[] = [];
  const incidents = new Set<string>();
  const failures: string[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async (): Promise<void> => {
    while (next < bodies.length) {
      const body = bodies[next++]!();
      const t0 = performance.now();
      const response = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
      const answer = (await response.json()) as { incident_id?: string; error?: string };
      latencies.push(performance.now() - t0);
      if (response.status !== 202) failures.push(`${response.status} ${answer.error ?? ''}`);
      if (answer.incident_id) incidents.add(answer.incident_id);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { latencies: latencies.sort((a, b) => a - b), incidents, seconds: (performance.now() - started) / 1000, failures };
}

function report(name: string, result: Awaited<ReturnType<typeof run>>): void {
  const { latencies, incidents, seconds, failures } = result;
  console.log(
    `${name}: ${latencies.length} notifications in ${seconds.toFixed(1)} s (${(latencies.length / seconds).toFixed(0)}/s), ` +
      `latency p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms, max ${latencies.at(-1)?.toFixed(1)} ms; ` +
      `incidents: ${incidents.size}${failures.length > 0 ? `; FAILURES ${failures.length}: ${failures[0]}` : ''}`,
  );
}

const herald = await startHerald(env, 120_000);
try {
  const created = await runHerald(['token', 'create', '--name', 'bench', '--scopes', 'alerts:write'], env);
  if (created.code !== 0) throw new Error(created.output);
  const token = created.output.trim().split('\n').at(-1) ?? '';
  console.log(`Herald ${databaseUrl ? 'on PostgreSQL' : 'on the embedded database'}, ${CONCURRENCY} notifications in flight.`);

  const startsAt = new Date(Date.now() - 60_000).toISOString();
  const labels = { alertname: 'NodeDown', service: 'fleet', severity: 'critical' };
  const alerts = Array.from({ length: ALERTS }, (_, i) => ({
    status: 'firing',
    labels: { ...labels, instance: `node-${i}:9100` },
    annotations: { summary: `node-${i} is down`, description: 'The node exporter has not answered for 2 minutes.' },
    startsAt,
    endsAt: '0001-01-01T00:00:00Z',
    generatorURL: 'http://prometheus.example:9090/graph?g0.expr=up%3D%3D0',
    fingerprint: `bench${i.toString(16).padStart(11, '0')}`,
  }));
  const notification = (count: number): string =>
    JSON.stringify({
      version: '4',
      groupKey: '{}:{alertname="NodeDown"}',
      truncatedAlerts: 0,
      status: 'firing',
      receiver: 'herald',
      groupLabels: { alertname: 'NodeDown' },
      commonLabels: labels,
      commonAnnotations: { description: 'The node exporter has not answered for 2 minutes.' },
      externalURL: 'http://alertmanager.example:9093',
      alerts: alerts.slice(0, count),
    });
  console.log(`Largest notification: ${(notification(ALERTS).length / 1024).toFixed(0)} KB (${ALERTS} alerts).`);
  report('Storm, 1,000 alerts in one group', await run(`${herald.url}/api/v1/alerts/alertmanager`, token, Array.from({ length: ALERTS }, (_, i) => () => notification(i + 1))));
  report(
    'Generic, 1,000 notifications of one dedup_key',
    await run(
      `${herald.url}/api/v1/alerts/generic`,
      token,
      Array.from({ length: ALERTS }, () => () => JSON.stringify({ title: 'Checkout probe failing', dedup_key: 'checkout-probe', severity: 'critical', description: 'HTTP 503' })),
    ),
  );
} finally {
  await herald.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
