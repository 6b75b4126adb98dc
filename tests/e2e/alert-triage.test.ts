import type { Browser, BrowserContext, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserWithCli, signInWithForm } from '../support/accounts.ts';
import { launchBrowser } from '../support/browser.ts';
import { runHerald, waitFor } from '../support/herald-process.ts';
import { type SharedHerald, sharedHerald } from '../support/shared-herald.ts';

/*
 * From an alert to a published first update, through the real pages as a comms lead
 * would: a route made on /admin/alert-routes, an Alertmanager notification (its v4
 * webhook) opening a triage incident, the dashboard's Triage section, Declare with
 * everything prefilled, publish — two screens — and the public page. Dismiss keeps
 * a reason and publishes nothing. On the run's shared server (its own titles and labels).
 */

const COMMS = { email: 'tess@alerts.example.com', name: 'Tess Triage', role: 'comms' };
const RUN = Date.now().toString(36);
const SERVICE = `payments-${RUN}`;

let herald: SharedHerald;
let browser: Browser;
let url: string;
let token = '';

async function signedInPage(width = 1280): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: 'light' });
  await context.route('**/*', (route) => (new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort('blockedbyclient')));
  const page = await context.newPage();
  await signInWithForm(page, url, COMMS.email);
  await page.waitForURL(`${url}/admin`);
  return { context, page };
}

/** What Alertmanager posts for one group of firing alerts. */
async function fire(alertname: string, summary: string, instances: string[]): Promise<string> {
  const labels = { alertname, service: SERVICE, severity: 'page' };
  const response = await fetch(`${url}/api/v1/alerts/alertmanager`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      version: '4',
      groupKey: `{}:{alertname="${alertname}", service="${SERVICE}"}`,
      truncatedAlerts: 0,
      status: 'firing',
      receiver: 'herald',
      groupLabels: { alertname, service: SERVICE },
      commonLabels: labels,
      commonAnnotations: { summary },
      externalURL: 'http://alertmanager.example:9093',
      alerts: instances.map((instance) => ({
        status: 'firing',
        labels: { ...labels, instance },
        annotations: { summary },
        startsAt: new Date(Date.now() - 120_000).toISOString(),
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: '',
        fingerprint: `${alertname}-${instance}-${RUN}`,
      })),
    }),
  });
  const body = (await response.json()) as { incident_id: string };
  expect(response.status).toBe(202);
  return body.incident_id;
}

beforeAll(async () => {
  herald = sharedHerald();
  url = herald.url;
  await createUserWithCli(herald.env, COMMS);
  const created = await runHerald(['token', 'create', '--name', `Alertmanager ${RUN}`, '--scopes', 'alerts:write'], herald.env);
  expect(created.code, created.output).toBe(0);
  token = created.output.trim().split('\n').at(-1) ?? '';
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe('alerts to a published update', () => {
  it('routes an alert by a route made in the hub, and declares and publishes its prefilled first update in two screens', async () => {
    const { context, page } = await signedInPage();
    // The route: this service's pages suggest SEV1 and API → major outage, with our words.
    await page.goto(`${url}/admin/alert-routes`);
    await page.getByLabel('Name').fill(`Payments ${RUN}`);
    await page.getByLabel(/Label matchers/).fill(`service=${SERVICE}\nseverity=~critical|page`);
    await page.getByRole('checkbox', { name: 'API', exact: true }).check();
    await page.getByLabel('Suggested component status').selectOption('major_outage');
    await page.getByLabel('Suggested severity').selectOption('SEV1');
    await page.getByLabel(/Suggested first public update/).fill('Card payments are failing for some customers ({{alert.summary}}). We are on it and will update within 30 minutes.');
    await page.getByRole('button', { name: 'Add route' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Route saved');

    const title = `Card authorisations failing ${RUN}`;
    const incidentId = await fire('PaymentsDown', title, ['pay-1', 'pay-2']);

    let screens = 0;
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) screens += 1;
    });
    await page.goto(`${url}/admin`); // screen 1: the dashboard, with the Triage section
    const card = page.locator(`[data-triage="${incidentId}"]`);
    await expect.poll(() => card.textContent()).toContain('2 of 2 alerts firing');
    expect(await card.textContent()).toContain('Triage · internal');
    expect(await card.textContent()).toContain('API → major outage');
    await card.getByRole('link', { name: /^Declare/ }).click(); // screen 2: the declare form, prefilled
    await page.waitForURL(`${url}/admin/incidents/new?triage=${incidentId}`);
    expect(await page.getByLabel('Title').inputValue()).toBe(title);
    expect(await page.getByRole('radio', { name: /^SEV1/ }).isChecked()).toBe(true);
    expect(await page.getByLabel(/^API\b/).inputValue()).toBe('major_outage');
    expect(await page.getByLabel('Update', { exact: true }).inputValue()).toBe(
      `Card payments are failing for some customers (${title}). We are on it and will update within 30 minutes.`,
    );
    expect(screens, 'screens before the publish click').toBeLessThanOrEqual(2);
    await page.getByRole('button', { name: 'Declare and publish' }).click();
    await page.waitForURL(`${url}/admin/incidents/${incidentId}?done=declared`);
    console.log(`Alert to published update: ${screens - 1} screens before publishing (dashboard, declare form).`);
    expect(await page.locator('.inc-alerts').textContent()).toContain('Alerts (2 of 2 firing)');

    // The same incident is now public, with the words the route suggested.
    const published = await waitFor(async () => (await (await fetch(`${url}/incidents/${incidentId}`)).text()).includes('Card payments are failing for some customers'), 15_000);
    expect(published).toBe(true);
    await page.goto(`${url}/admin`);
    expect(await page.locator(`[data-triage="${incidentId}"]`).count()).toBe(0);
    await context.close();
  });

  it('dismisses a triage incident with a reason kept, and nothing public', async () => {
    const { context, page } = await signedInPage(390);
    const title = `Settlement batch slow ${RUN}`;
    const incidentId = await fire('SettlementSlow', title, ['batch-1']);
    // The incident list says, in words, that it waits in triage.
    await page.goto(`${url}/admin/incidents?q=${encodeURIComponent(title)}`);
    const listed = page.locator('tbody tr', { hasText: title });
    expect(await listed.locator('td[data-label="Status"]').textContent()).toContain('Triage');
    await page.goto(`${url}/admin`);
    const card = page.locator(`[data-triage="${incidentId}"]`);
    await card.locator('summary').click();
    await card.getByRole('button', { name: 'Dismiss' }).click();
    const again = page.locator(`[data-triage="${incidentId}"]`);
    expect(await again.getByRole('textbox', { name: /Why dismiss it/ }).getAttribute('aria-invalid')).toBe('true');
    expect(await again.locator('.error').textContent()).toContain('Say why you dismiss it');
    await again.getByRole('textbox', { name: /Why dismiss it/ }).fill('Expected: the nightly settlement runs long on month end');
    await again.getByRole('button', { name: 'Dismiss' }).click();
    await page.waitForURL(`${url}/admin?dismissed=${incidentId}`);
    expect(await page.getByRole('status').first().textContent()).toContain('Nothing was published');
    expect(await page.locator(`[data-triage="${incidentId}"]`).count()).toBe(0);
    await page.goto(`${url}/admin/incidents?q=${encodeURIComponent(title)}`);
    expect(await listed.locator('td[data-label="Status"]').textContent()).toContain('Dismissed');
    await page.goto(`${url}/admin/incidents/${incidentId}`);
    expect(await page.locator('main').textContent()).toContain('Dismissed from triage: Expected: the nightly settlement runs long on month end');
    expect((await fetch(`${url}/incidents/${incidentId}`)).status).toBe(404);
    await context.close();
  });
});
