import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { createUserWithCli, signInWithForm } from '../support/accounts.ts';
import { connectToEmbedded } from '../support/embedded-sql.ts';
import { heraldEnv, type HeraldProcess, ROOT, startHerald } from '../support/herald-process.ts';

/*
 * The dashboard a comms lead leaves open at 3 a.m.: it refreshes itself every 30 s
 * (the browser's timers are driven by Playwright's clock, the server's "now" is fixed
 * by HERALD_CLOCK_START) and counts overdue incidents in the tab title. Own server:
 * the test moves an update's time back in the database to make it overdue.
 */

const CLOCK_START = '2026-11-29T09:00:00Z';
const COMMS = { email: 'dash-comms@example.com', name: 'Dana Dash', role: 'comms' };
const SHOTS = path.join(ROOT, 'scratch', 'dashboard-shots');

let dataDir: string;
let herald: HeraldProcess;
let browser: Browser;
let url: string;

async function signedInPage(width = 1280, javaScriptEnabled = true): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, timezoneId: 'Europe/Paris', colorScheme: 'light', javaScriptEnabled });
  await context.route('**/*', (route) => (new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort('blockedbyclient')));
  await context.clock.install();
  const page = await context.newPage();
  await signInWithForm(page, url, COMMS.email);
  await page.waitForURL(`${url}/admin`);
  return { context, page };
}

/** Presses Tab until the focused element passes `check`; returns how many presses it took. */
async function tabsUntil(page: Page, what: string, check: (el: HTMLElement) => boolean, max = 60): Promise<number> {
  for (let i = 1; i <= max; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluateHandle(() => document.activeElement as HTMLElement);
    const found = await focused.evaluate(check);
    await focused.dispose();
    if (found) return i;
  }
  throw new Error(`Tab never reached ${what}`);
}

const focusedId = (page: Page): Promise<string | undefined> => page.evaluate(() => document.activeElement?.id);

async function declareSev1(page: Page, title: string): Promise<string> {
  await page.goto(`${url}/admin/incidents/new`);
  await page.getByLabel('Title').fill(title);
  await page.getByRole('radio', { name: /^SEV1/ }).check();
  await page.getByLabel('Update', { exact: true }).fill('We are looking into failed payments.');
  await page.getByRole('button', { name: 'Declare and publish' }).click();
  await page.waitForURL(/\/admin\/incidents\/[a-z0-9]+\?done=declared$/);
  return /\/admin\/incidents\/([a-z0-9]+)/.exec(page.url())![1]!;
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'herald-dash-e2e-'));
  const env = heraldEnv({ HERALD_DATA_DIR: dataDir, PUBLIC_URL: 'https://status.example.com', HERALD_CLOCK_START: CLOCK_START });
  herald = await startHerald(env, 150_000);
  url = herald.url;
  await createUserWithCli(env, COMMS);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await herald?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the dashboard left open', () => {
  it('refreshes itself every 30 s, without a reload, and counts overdue incidents in the tab title', async () => {
    const { context, page } = await signedInPage();
    const incidentId = await declareSev1(page, 'Payments failing');
    await page.goto(`${url}/admin`);
    await expect(page.title()).resolves.toBe('Dashboard · Herald');
    await expect(page.locator('[data-refresh-note]').isVisible()).resolves.toBe(true);
    await expect(page.locator('[data-refresh-note]').textContent()).resolves.toContain('Refreshes every 30 seconds');
    expect(await page.locator('.adm-card.overdue').count()).toBe(0);
    // Marks this document: a reload would lose it.
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));

    // 31 minutes pass for the incident (its first update moved back in time): SEV1's cadence is 30.
    const sql = await connectToEmbedded(dataDir);
    try {
      await sql.query(`update updates set published_at = published_at - interval '31 minutes', created_at = created_at - interval '31 minutes' where incident_id = $1`, [incidentId]);
      await sql.query(`update incidents set started_at = started_at - interval '31 minutes' where id = $1`, [incidentId]);
    } finally {
      await sql.end();
    }
    // Nothing changes before the 30 s are up…
    await page.clock.runFor(20_000);
    await expect(page.title()).resolves.toBe('Dashboard · Herald');
    // …and then it does, in place.
    await page.clock.runFor(11_000);
    await page.waitForFunction(() => document.title === '(1 overdue) Dashboard · Herald', undefined, { timeout: 10_000 });
    await page.locator('.adm-card.overdue').waitFor();
    await expect(page.locator('.adm-card.overdue').textContent()).resolves.toContain('Overdue');
    await expect(page.locator('#open-h').textContent()).resolves.toContain('1 overdue for a public update');
    await expect(page.evaluate(() => (window as unknown as { marker?: number }).marker)).resolves.toBe(42);
    await page.screenshot({ path: path.join(SHOTS, 'dashboard-overdue-1280.png'), fullPage: true });
    await context.close();

    // Loaded fresh, the server renders the same title; and at 390 px.
    const narrow = await signedInPage(390);
    await expect(narrow.page.title()).resolves.toBe('(1 overdue) Dashboard · Herald');
    await narrow.page.screenshot({ path: path.join(SHOTS, 'dashboard-overdue-390.png'), fullPage: true });
    await narrow.context.close();
  });
});

describe('the keyboard', () => {
  it('reaches Declare incident from the dashboard in at most 3 Tabs, and declares with Ctrl+Enter from the update field', async () => {
    const { context, page } = await signedInPage();
    await page.goto(`${url}/admin`);
    const tabs = await tabsUntil(page, 'the declare skip link', (el) => el.getAttribute('href') === '/admin/incidents/new');
    expect(tabs).toBeLessThanOrEqual(3);
    await expect(page.evaluate(() => document.activeElement?.textContent?.trim())).resolves.toBe('Skip to: declare an incident');
    await page.screenshot({ path: path.join(SHOTS, 'dashboard-skip-1280.png') });
    await page.keyboard.press('Enter');
    await page.waitForURL(`${url}/admin/incidents/new`);
    await expect(page.locator('#d-keys').textContent()).resolves.toContain('presses “Declare and publish”');

    await expect(focusedId(page)).resolves.toBe('d-title');
    await page.keyboard.type('Keyboard-only outage');
    expect(await tabsUntil(page, 'the severity radios', (el) => el.getAttribute('name') === 'severity')).toBe(1);
    await page.keyboard.press('Space'); // SEV1
    expect(await tabsUntil(page, 'the skip link', (el) => el.textContent?.trim() === 'Skip to the first update')).toBe(2);
    await page.screenshot({ path: path.join(SHOTS, 'declare-skip-1280.png') });
    await page.keyboard.press('Enter');
    await expect(focusedId(page)).resolves.toBe('d-body');
    await page.keyboard.type('Nothing loads. We are on it.');
    await page.keyboard.press('Control+Enter');
    await page.waitForURL(/\/admin\/incidents\/[a-z0-9]+\?done=declared$/);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Keyboard-only outage');
    await expect(page.locator('header.inc-h').textContent()).resolves.toContain('SEV1');
    // Published, not a draft: the public page shows it.
    const publicPage = await context.newPage();
    await publicPage.goto(`${url}/`);
    await expect(publicPage.textContent('main')).resolves.toContain('Keyboard-only outage');
    await context.close();
  });

  it('without JavaScript, the skip link and three Tabs reach "Declare and publish"', async () => {
    const { context, page } = await signedInPage(390, false);
    await page.goto(`${url}/admin/incidents/new`);
    await page.getByLabel('Title').focus();
    await page.keyboard.type('No-script outage');
    await tabsUntil(page, 'the severity radios', (el) => el.getAttribute('name') === 'severity');
    await page.keyboard.press('Space');
    await tabsUntil(page, 'the skip link', (el) => el.textContent?.trim() === 'Skip to the first update');
    await page.screenshot({ path: path.join(SHOTS, 'declare-skip-390.png') });
    await page.keyboard.press('Enter');
    await expect(focusedId(page)).resolves.toBe('d-body');
    await page.keyboard.type('Looking into it.');
    expect(await tabsUntil(page, 'Declare and publish', (el) => el.textContent?.trim() === 'Declare and publish')).toBeLessThanOrEqual(3);
    await page.keyboard.press('Enter');
    await page.waitForURL(/done=declared$/);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('No-script outage');
    await context.close();
  });
});

describe('the incident list', () => {
  // Lists what the tests above declared (the two keyboard SEV1s and the demo's incidents).
  it('filters by severity and searches through a GET form, keeping the choices in the link', async () => {
    for (const width of [1280, 390]) {
      const { context, page } = await signedInPage(width);
      await page.goto(`${url}/admin/incidents`);
      await page.getByLabel('Severity').selectOption('SEV1');
      await page.getByLabel('Search').fill('outage');
      await page.getByRole('button', { name: 'Show' }).click();
      await page.waitForURL(/\/admin\/incidents\?q=outage&status=&severity=SEV1&component=$/);
      const titles = await page.locator('tbody tr td:first-child a').allTextContents();
      expect(titles.sort()).toEqual(['Keyboard-only outage', 'No-script outage']);
      await expect(page.getByLabel('Severity').inputValue()).resolves.toBe('SEV1');
      await expect(page.locator('#list-h').textContent()).resolves.toBe('Showing 1–2 of 2');
      await page.screenshot({ path: path.join(SHOTS, `incidents-filtered-${width}.png`), fullPage: true });
      await page.getByRole('link', { name: 'Clear filters' }).click();
      await page.waitForURL(`${url}/admin/incidents`);
      expect(await page.locator('tbody tr').count()).toBeGreaterThan(2);
      await context.close();
    }
  });
});
