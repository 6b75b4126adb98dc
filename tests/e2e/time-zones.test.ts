import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { createUserWithCli, signInWithForm } from '../support/accounts.ts';
import { heraldEnv, type HeraldProcess, runHerald, startHerald, waitFor } from '../support/herald-process.ts';

/*
 * Times typed in the hub by someone in New York the day before the clocks spring
 * forward (the server's clock starts on 13 March 2027, whatever today is): a
 * maintenance window across the change, an update scheduled inside the skipped
 * hour, and a browser whose time zone the server does not know. One fresh
 * embedded database with the demo page (for its components) per run.
 */

const CLOCK_START = '2027-03-13T12:00:00Z';
const ZONE = 'America/New_York';
const COMMS = { email: 'tz-comms@example.com', name: 'Tess Zone', role: 'comms' };

let dataDir: string;
let env: NodeJS.ProcessEnv;
let herald: HeraldProcess;
let browser: Browser;
let url: string;

async function signedInPage(timezoneId: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId });
  await context.route('**/*', (route) => (new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort('blockedbyclient')));
  const page = await context.newPage();
  await signInWithForm(page, url, COMMS.email);
  await page.waitForURL(`${url}/admin`);
  return { context, page };
}

/** What a browser whose zone the server does not know sends (admin-tz.js has filled the field by then). */
async function pretendZone(page: Page, zone: string): Promise<void> {
  await page.waitForFunction((expected) => document.querySelector<HTMLInputElement>('input[name="tz"]')?.value === expected, ZONE);
  await page.evaluate((value) => {
    for (const input of document.querySelectorAll<HTMLInputElement>('input[name="tz"]')) input.value = value;
  }, zone);
}

async function declareIncident(page: Page, title: string): Promise<string> {
  await page.goto(`${url}/admin/incidents/new`);
  await page.getByLabel('Title').fill(title);
  await page.getByRole('radio', { name: /^SEV2/ }).check();
  await page.getByLabel('Update', { exact: true }).fill('We are looking into slow logins.');
  await page.getByRole('button', { name: 'Declare and publish' }).click();
  await page.waitForURL(/\/admin\/incidents\/[a-z0-9]+\?done=declared$/);
  return /\/admin\/incidents\/([a-z0-9]+)/.exec(page.url())![1]!;
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'herald-tz-e2e-'));
  env = heraldEnv({ HERALD_DATA_DIR: dataDir, PUBLIC_URL: 'https://status.example.com', HERALD_CLOCK_START: CLOCK_START });
  herald = await startHerald(env, 150_000); // a busy machine starts slowly
  url = herald.url;
  await createUserWithCli(env, COMMS);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await herald?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('times typed in New York across the spring-forward change', () => {
  it('a maintenance window 01:00–04:00 on 14 March 2027 is two hours, shown in New York time and in UTC', async () => {
    const { context, page } = await signedInPage(ZONE);
    await page.goto(`${url}/admin/maintenance/new`);
    await expect(page.locator('[data-tz-name]').first().textContent()).resolves.toBe(ZONE);
    await page.getByLabel('Title').fill('Database upgrade across the DST change');
    await page.getByLabel(/^Starts/).fill('2027-03-14T01:00');
    await page.getByLabel(/^Ends/).fill('2027-03-14T04:00');
    await page.locator('input[name="componentIds"]').first().check();
    await page.getByRole('button', { name: 'Schedule maintenance' }).click();
    await page.waitForURL(/\/admin\/maintenance\/[a-z0-9]+\?done=scheduled$/);
    const window = (await page.locator('dt:text-is("Window") + dd').textContent()) ?? '';
    expect(window).toBe('Mar 14, 2027, 01:00 EST · 06:00 UTC – Mar 14, 2027, 04:00 EDT · 08:00 UTC');
    await context.close();
  });

  it('an update scheduled at 02:30, a time the clocks skip, goes out at 03:30 EDT (07:30 UTC)', async () => {
    const { context, page } = await signedInPage(ZONE);
    const incidentId = await declareIncident(page, 'Slow logins (scheduling in the gap)');
    await page.goto(`${url}/admin/incidents/${incidentId}`);
    await page.getByLabel('Update', { exact: true }).fill('We expect the fix to be live.');
    await page.getByLabel(/^Publish at/).fill('2027-03-14T02:30');
    await page.getByRole('button', { name: 'Schedule for status page' }).click();
    await page.waitForURL(/done=scheduled/);
    const notice = (await page.getByRole('status').first().textContent()) ?? '';
    expect(notice).toContain('Mar 14, 2027, 03:30 EDT · 07:30 UTC');
    await context.close();
  });
});

describe('the page\'s configured time zone on the public page', () => {
  it('writes times in it, named ("CET"), keeps the ISO instant, and still rewrites them into the reader\'s zone with JavaScript', async () => {
    const set = await runHerald(['page', 'set', '--time-zone', 'Europe/Berlin'], env);
    expect(set.code, set.output).toBe(0);
    // The window scheduled above (06:00–08:00 UTC on 14 March) is 07:00–09:00 in Berlin, still winter time there.
    const noScript = await browser.newContext({ javaScriptEnabled: false, timezoneId: ZONE });
    const plain = await noScript.newPage();
    const shown = await waitFor(async () => {
      await plain.goto(`${url}/`);
      return ((await plain.locator('main').textContent()) ?? '').includes('Mar 14, 2027, 07:00 – 09:00 CET');
    }, 20_000, 250); // a busy machine: the CLI starts, then every server notices the change
    expect(shown, (await plain.locator('main').innerText()).slice(0, 1500)).toBe(true);
    await expect(plain.locator('time', { hasText: 'Mar 14, 2027, 07:00' }).first().getAttribute('datetime')).resolves.toBe('2027-03-14T06:00:00.000Z');
    await expect(plain.locator('.banner-u time').textContent()).resolves.toMatch(/^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{2}:\d{2} CES?T$/);
    await noScript.close();

    // With JavaScript, a reader in New York reads New York time (the page's zone in the tooltip).
    const withScript = await browser.newContext({ timezoneId: ZONE });
    const reader = await withScript.newPage();
    await reader.goto(`${url}/`);
    const start = reader.locator('time[datetime="2027-03-14T06:00:00.000Z"]').first();
    await reader.waitForFunction(() => document.querySelector('time[data-lt-done]') !== null);
    await expect(start.textContent()).resolves.toBe('Mar 14, 2027, 01:00');
    await expect(start.getAttribute('title')).resolves.toBe('Mar 14, 2027, 07:00');
    await expect(reader.locator('time[datetime="2027-03-14T08:00:00.000Z"]').first().textContent()).resolves.toBe('04:00 EDT');
    await withScript.close();

    // A reader in Paris gets the same short name the server writes ("CET", not "GMT+1").
    const paris = await browser.newContext({ timezoneId: 'Europe/Paris' });
    const parisPage = await paris.newPage();
    await parisPage.goto(`${url}/`);
    await parisPage.waitForFunction(() => document.querySelector('time[data-lt-done]') !== null);
    await expect(parisPage.locator('time[datetime="2027-03-14T08:00:00.000Z"]').first().textContent()).resolves.toBe('09:00 CET');
    await paris.close();
  });
});

describe('a time zone the server does not know', () => {
  it('the composer refuses to schedule in it, says why next to the time, and keeps what was typed', async () => {
    const { context, page } = await signedInPage(ZONE);
    const incidentId = await declareIncident(page, 'Slow logins (unknown zone)');
    await page.goto(`${url}/admin/incidents/${incidentId}`);
    await pretendZone(page, 'Mars/Olympus');
    const body = 'Scheduled from Olympus Mons.';
    await page.getByLabel('Update', { exact: true }).fill(body);
    await page.getByLabel(/^Publish at/).fill('2027-03-14T02:30');
    const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Schedule for status page' }).click()]);
    expect(response.status()).toBe(400);
    await expect(page.locator('#c-when-error').textContent()).resolves.toContain('Unknown time zone “Mars/Olympus”');
    await expect(page.getByLabel(/^Publish at/).inputValue()).resolves.toBe('2027-03-14T02:30');
    await expect(page.getByLabel('Update', { exact: true }).inputValue()).resolves.toBe(body);
    // Nothing was scheduled.
    await page.goto(`${url}/admin/incidents/${incidentId}`);
    await expect(page.locator('.upd-list').textContent()).resolves.not.toContain(body);
    await context.close();
  });

  it('the maintenance form refuses it too, next to the start', async () => {
    const { context, page } = await signedInPage(ZONE);
    await page.goto(`${url}/admin/maintenance/new`);
    await pretendZone(page, 'Mars/Olympus');
    await page.getByLabel('Title').fill('Maintenance from Mars');
    await page.getByLabel(/^Starts/).fill('2027-03-20T01:00');
    await page.getByLabel(/^Ends/).fill('2027-03-20T02:00');
    await page.locator('input[name="componentIds"]').first().check();
    const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Schedule maintenance' }).click()]);
    expect(response.status()).toBe(400);
    await expect(page.locator('#m-start-error').textContent()).resolves.toContain('Unknown time zone “Mars/Olympus”');
    await expect(page.getByLabel('Title').inputValue()).resolves.toBe('Maintenance from Mars');
    await expect(page.getByLabel(/^Starts/).inputValue()).resolves.toBe('2027-03-20T01:00');
    await page.goto(`${url}/admin/maintenance`);
    await expect(page.locator('main').textContent()).resolves.not.toContain('Maintenance from Mars');
    await context.close();
  });
});
