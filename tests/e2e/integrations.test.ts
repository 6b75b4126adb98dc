import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserWithCli, signInWithForm } from '../support/accounts.ts';
import { launchBrowser } from '../support/browser.ts';
import { heraldEnv, type HeraldProcess, ROOT, runHerald, startHerald, waitFor } from '../support/herald-process.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';

// A fresh install whose admin adds integrations from the command line and the hub.
const SHOTS = path.join(ROOT, 'scratch', 'integrations-shots');
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
let dataDir: string;
let env: NodeJS.ProcessEnv;
let herald: HeraldProcess;
let receiver: WebhookReceiver;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'herald-e2e-integrations-'));
  mkdirSync(SHOTS, { recursive: true });
  receiver = await startWebhookReceiver();
  env = heraldEnv({ HERALD_DATA_DIR: dataDir, HERALD_DEMO: '0', HERALD_WEBHOOK_ALLOW_PRIVATE: '1' });
  herald = await startHerald(env, 120_000); // a loaded CI machine migrates a fresh PGlite slowly
  await createUserWithCli(env, { email: 'admin@example.com', name: 'Ada Admin', role: 'admin' });
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.route('**/*', (route) => (new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort('blockedbyclient')));
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await herald?.stop();
  await receiver?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Saves a screenshot under scratch/ and checks it is a PNG as wide as the viewport, not blank. */
async function screenshot(name: string, width: number): Promise<void> {
  await page.setViewportSize({ width, height: 900 });
  const file = path.join(SHOTS, name);
  const png = await page.screenshot({ path: file, fullPage: true });
  expect(readFileSync(file).equals(png)).toBe(true);
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  expect(png.readUInt32BE(16)).toBe(width);
  expect(png.length).toBeGreaterThan(5_000);
}

describe('integrations in the hub', () => {
  let secret = '';

  it('`herald webhook add` prints the signing secret alone on the last line', async () => {
    const refused = await runHerald(['webhook', 'add', '--url', 'ftp://example.com/hook', '--name', 'Nope'], env);
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('herald webhook add: --url: Only http:// and https:// URLs can receive webhooks.');

    const result = await runHerald(['webhook', 'add', '--url', receiver.url('/cli'), '--name', 'Ops Slack', '--kind', 'slack', '--audience', 'all'], env);
    expect(result.code, result.output).toBe(0);
    const lines = result.output.trim().split('\n');
    secret = lines.at(-1)!;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(result.output).toContain('Webhook "Ops Slack" added');
  });

  it('lists it, refuses a bad URL next to the field, and sends a signed test event that the delivery log shows', async () => {
    await signInWithForm(page, herald.url, 'admin@example.com', { next: '/admin' });
    const hub = page.getByRole('navigation', { name: 'Hub' });
    await hub.getByText('Admin', { exact: true }).click(); // the configuration pages sit in the "Admin" menu
    await hub.getByRole('link', { name: 'Integrations' }).first().click();
    await page.waitForURL(`${herald.url}/admin/integrations`);
    const row = page.getByRole('row', { name: /Ops Slack/ });
    await expect(row.textContent()).resolves.toContain('Slack incoming webhook');
    await expect(row.textContent()).resolves.toContain('Internal too');
    await expect(row.textContent()).resolves.toContain('None yet');

    // A bad URL: the message next to the field, what was typed kept.
    await page.getByLabel('Name').fill('Partner feed');
    await page.getByLabel('URL').fill('ftp://partner.example/hook');
    await page.getByRole('button', { name: 'Add integration' }).click();
    await page.waitForLoadState('load');
    await expect(page.locator('#url-error').textContent()).resolves.toBe('Only http:// and https:// URLs can receive webhooks.');
    await expect(page.getByLabel('URL').inputValue()).resolves.toBe('ftp://partner.example/hook');
    await expect(page.getByLabel('Name').inputValue()).resolves.toBe('Partner feed');
    await page.getByLabel('URL').fill(receiver.url('/partner'));
    await page.getByRole('button', { name: 'Add integration' }).click();
    await page.waitForLoadState('load');
    await expect(page.getByLabel('Signing secret of Partner feed').inputValue()).resolves.toMatch(/^whsec_/);
    await screenshot('integrations-1280.png', 1280);
    await screenshot('integrations-390.png', 390);
    await page.setViewportSize({ width: 1280, height: 900 });

    // The CLI's integration: a test event, posted by the server's delivery loop, signed with the printed secret.
    await page.getByRole('link', { name: 'Ops Slack' }).click();
    await page.getByRole('button', { name: 'Send test event' }).click();
    await page.waitForLoadState('load');
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('Test event queued');
    expect(await waitFor(async () => receiver.on('/cli').length === 1, 15_000)).toBe(true);
    const [request] = receiver.on('/cli');
    const body = new Webhook(secret).verify(request!.body, request!.headers as Record<string, string>) as { text: string; blocks: unknown[] };
    expect(body.text).toContain('Test event from');

    // The delivery log: time, result, HTTP status, latency, the answer's first bytes.
    expect(
      await waitFor(async () => {
        await page.reload();
        return (await page.locator('table').count()) > 0;
      }, 10_000, 250),
    ).toBe(true);
    const logRow = page.locator('table tbody tr').first();
    const cells = await logRow.locator('td').allTextContents();
    expect(cells[1]).toBe('test');
    expect(cells[2]).toBe('Delivered');
    expect(cells[3]).toBe('200');
    expect(cells[4]).toMatch(/^\d+ ms$/);
    expect(cells[5]).toBe('ok');
    await screenshot('integration-1280.png', 1280);
    await screenshot('integration-390.png', 390);
  });

  it('is for admins only: a communications lead gets 403 and no Integrations link', async () => {
    await createUserWithCli(env, { email: 'comms@example.com', name: 'Cole Comms', role: 'comms' });
    const context = await browser.newContext();
    await context.route('**/*', (route) => (new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort('blockedbyclient')));
    const comms = await context.newPage();
    try {
      await signInWithForm(comms, herald.url, 'comms@example.com', { next: '/admin' });
      await expect(comms.getByRole('navigation', { name: 'Hub' }).getByRole('link', { name: 'Integrations', includeHidden: true }).count()).resolves.toBe(0);
      const response = await comms.goto(`${herald.url}/admin/integrations`);
      expect(response?.status()).toBe(403);
    } finally {
      await context.close();
    }
  });
});
