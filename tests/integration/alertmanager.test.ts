import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AlertmanagerProcess, startAlertmanager } from '../support/alertmanager.ts';
import { createUserWithCli, TEST_PASSWORD } from '../support/accounts.ts';
import { heraldEnv, type HeraldProcess, runHerald, startHerald, waitFor } from '../support/herald-process.ts';
import { createTestDatabase, type TestDatabase, testDatabaseKinds } from '../support/test-database.ts';

/**
 * The real Prometheus Alertmanager (Debian's prometheus-alertmanager) posting to the
 * built Herald: alerts fired through Alertmanager's API reach Herald as its webhook
 * (Bearer token from http_config.authorization), open one triage incident, and
 * resolving them (endsAt in the past) shows on the incident's timeline.
 */
describe.each(testDatabaseKinds())('the real Alertmanager against Herald on %s', (kind) => {
  let database: TestDatabase;
  let herald: HeraldProcess;
  let alertmanager: AlertmanagerProcess | undefined;
  let cookie = '';
  let token = '';
  const ADMIN = 'ada@alerts.test';

  const page = async (path: string): Promise<string> => {
    const response = await fetch(`${herald.url}${path}`, { headers: { cookie } });
    expect(response.status, path).toBe(200);
    return response.text();
  };

  beforeAll(async () => {
    database = await createTestDatabase(kind, { migrate: kind === 'postgres' });
    let env: NodeJS.ProcessEnv;
    if (kind === 'postgres') {
      env = heraldEnv({ DATABASE_URL: database.url ?? '', HERALD_DATA_DIR: database.dataDir, HERALD_DEMO: '0' });
    } else {
      await database.handle.close(); // the server opens the embedded database itself
      env = heraldEnv({ HERALD_DATA_DIR: database.dataDir, HERALD_DEMO: '0' });
    }
    herald = await startHerald(env);
    await createUserWithCli(env, { email: ADMIN, name: 'Ada Admin', role: 'admin' });
    const created = await runHerald(['token', 'create', '--name', 'Alertmanager', '--scopes', 'alerts:write'], env);
    expect(created.code, created.output).toBe(0);
    token = created.output.trim().split('\n').at(-1) ?? '';
    const signedIn = await fetch(`${herald.url}/admin/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: herald.url, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: ADMIN, password: TEST_PASSWORD }).toString(),
    });
    cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    alertmanager = await startAlertmanager({ webhookUrl: `${herald.url}/api/v1/alerts/alertmanager`, token });
  }, 180_000);

  afterAll(async () => {
    await alertmanager?.stop();
    expect(await herald?.stop()).toBe(0);
    await database?.dispose().catch(() => {}); // the embedded handle was closed for the server already
  });

  it('opens a triage incident from alerts fired through Alertmanager, and shows them resolved', async () => {
    const startsAt = new Date(Date.now() - 60_000).toISOString();
    const alert = (instance: string, endsAt?: string) => ({
      labels: { alertname: 'CheckoutLatency', service: 'checkout', severity: 'page', instance },
      annotations: { summary: 'Checkout p99 above 2 s' },
      startsAt,
      ...(endsAt ? { endsAt } : {}),
    });
    await alertmanager!.postAlerts([alert('web-1'), alert('web-2')]);

    let incidentId = '';
    const opened = await waitFor(async () => {
      const html = await page('/admin');
      const match = /href="\/admin\/incidents\/([a-z0-9]+)"[^>]*>Checkout p99 above 2 s</.exec(html);
      incidentId = match?.[1] ?? '';
      return incidentId !== '' && html.includes('2 of 2 alerts firing');
    }, 30_000);
    expect(opened, `no triage incident on the dashboard; Alertmanager said:\n${alertmanager!.output()}`).toBe(true);
    const triage = await page(`/admin/incidents/${incidentId}`);
    expect(triage).toContain('Triage:');
    expect(triage).toContain('<strong>Alertmanager</strong> opened this triage incident from 2 alerts sent by Alertmanager');
    // Internal: the public page does not know it.
    expect(await (await fetch(`${herald.url}/api/v2/incidents.json`)).text()).not.toContain(incidentId);

    const endsAt = new Date(Date.now() - 1_000).toISOString();
    await alertmanager!.postAlerts([alert('web-1', endsAt), alert('web-2', endsAt)]);
    const resolved = await waitFor(async () => (await page(`/admin/incidents/${incidentId}`)).includes('reported every alert resolved (2 alerts). Resolve?'), 30_000);
    expect(resolved, alertmanager!.output()).toBe(true);
    const after = await page(`/admin/incidents/${incidentId}`);
    expect(after).toContain('Alerts (0 of 2 firing)');
    // One group, one incident: the dashboard still lists exactly one triage incident.
    expect((await page('/admin')).match(/data-triage="/g)).toHaveLength(1);
  }, 90_000);

  it('answers 413 in JSON for a body over 1 MB, before reading it all', async () => {
    const response = await fetch(`${herald.url}/api/v1/alerts/generic`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'big', description: 'x'.repeat(1024 * 1024 + 10) }),
    });
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(((await response.json()) as { error: string }).error).toMatch(/1 MB/);
  });

  it('answers JSON errors over HTTP too: 401 without a token, 400 for broken JSON', async () => {
    const noToken = await fetch(`${herald.url}/api/v1/alerts/generic`, { method: 'POST', body: '{}' });
    expect(noToken.status).toBe(401);
    expect(((await noToken.json()) as { error: string }).error).toContain('Authentication required');
    const broken = await fetch(`${herald.url}/api/v1/alerts/generic`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{"title":' });
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { error: string }).error).toMatch(/^The body is not valid JSON: /);
  });
});
