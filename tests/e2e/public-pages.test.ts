import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { heraldEnv, type HeraldProcess, startHerald } from '../support/herald-process.ts';

// One fresh embedded database per run, with the demo page the server loads itself,
// on a fixed day: the last days of a month, with maintenance coming next month.
const CLOCK_START = '2026-11-29T10:00:00Z';
let dataDir: string;
let herald: HeraldProcess;
let browser: Browser;
/** Every host the browser tried to reach, to prove the page needs nothing from outside. */
const hostsRequested = new Set<string>();

async function newContext(options: { javaScriptEnabled?: boolean; timezoneId?: string } = {}): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    hostsRequested.add(url.hostname);
    return url.hostname === '127.0.0.1' ? route.continue() : route.abort('blockedbyclient');
  });
  return context;
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'herald-e2e-'));
  herald = await startHerald(heraldEnv({ HERALD_DATA_DIR: dataDir, PUBLIC_URL: 'https://status.example.com', HERALD_CLOCK_START: CLOCK_START }));
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await herald?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the public status page', () => {
  it('shows the overall status, groups, components and the active incident without JavaScript', async () => {
    const context = await newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const response = await page.goto(`${herald.url}/`);
    expect(response?.status()).toBe(200);
    await expect(page.title()).resolves.toContain('Acme Cloud');

    const banner = page.getByRole('region', { name: 'Overall status' });
    await expect(banner.textContent()).resolves.toMatch(/Partial System Outage|Major Service Outage|Minor Service Outage/);

    for (const group of ['Core platform', 'Data', 'Edge']) {
      expect(await page.getByRole('heading', { name: group, level: 3 }).count(), group).toBe(1);
    }
    for (const name of ['API', 'Dashboard', 'Webhooks', 'Managed PostgreSQL', 'CDN', 'Email delivery']) {
      expect(await page.locator('.cmp-n', { hasText: new RegExp(`^${name}$`) }).count(), name).toBe(1);
    }
    // Status is said in words, never by colour alone.
    expect(await page.locator('.cmp .st').allTextContents()).toContain('Partial outage');

    // 90 days per component, each with a text description.
    const bars = page.locator('ol.ud');
    expect(await bars.count()).toBe(12);
    const days = bars.first().locator('[popover]');
    expect(await days.count()).toBe(90);
    expect(await days.last().textContent()).toMatch(/\d+(\.\d+)?% uptime|No data/);

    const active = page.getByRole('region', { name: 'Active incidents' });
    const incidentLink = active.getByRole('link').first();
    const title = (await incidentLink.textContent())?.trim() ?? '';
    expect(title.length).toBeGreaterThan(5);

    // Follow the incident to its own page.
    await incidentLink.click();
    await page.waitForURL(/\/incidents\/[a-z0-9]+$/);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain(title);
    const body = (await page.textContent('main')) ?? '';
    expect(body).toMatch(/Identified/);
    expect(body).toMatch(/Investigating/);
    expect(body).not.toMatch(/SEV[123]/); // severity is internal
    await context.close();
  });

  it('links days with an incident to it, and shows history by month', async () => {
    const context = await newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${herald.url}/`);
    const dayLinks = page.locator('.ud [popover] a');
    expect(await dayLinks.count()).toBeGreaterThan(5);

    await page.getByRole('link', { name: 'View incident history' }).click();
    await page.waitForURL(/\/history/);
    // It opens on the current month, not on next month's upcoming maintenance.
    expect(await page.locator('h2.month').textContent()).toBe('November 2026');
    expect(await page.locator('a[rel="next"]').count()).toBe(0);
    const incidents = page.locator('main a[href^="/incidents/"]');
    expect(await incidents.count()).toBeGreaterThan(0);
    // Older months are one link away.
    const previous = page.locator('a[rel="prev"]');
    expect(await previous.count()).toBe(1);
    await previous.click();
    await page.waitForURL(/month=\d{4}-\d{2}/);
    expect(await page.locator('main a[href^="/incidents/"]').count()).toBeGreaterThan(0);
    await context.close();
  });

  it('shows times in the reader\'s time zone when JavaScript runs', async () => {
    const context = await newContext({ timezoneId: 'Asia/Tokyo' });
    const page = await context.newPage();
    await page.goto(`${herald.url}/`);
    const stamp = page.locator('time[data-lt="f"]').first();
    await expect.poll(async () => stamp.textContent()).toMatch(/GMT\+9|JST/);
    expect(await stamp.getAttribute('title')).toMatch(/UTC/);
    await context.close();
  });

  it('answers an unknown incident with a friendly 404 page', async () => {
    const context = await newContext();
    const page = await context.newPage();
    const response = await page.goto(`${herald.url}/incidents/nope`);
    expect(response?.status()).toBe(404);
    expect(await page.textContent('main')).toMatch(/not found/i);
    await page.getByRole('link', { name: /status page|home/i }).first().click();
    await page.waitForURL(`${herald.url}/`);
    await context.close();
  });

  it('loads nothing from any other host', () => {
    expect([...hostsRequested]).toEqual(['127.0.0.1']);
  });
});
