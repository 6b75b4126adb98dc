import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { heraldEnv, type HeraldProcess, runHerald, startHerald, waitFor } from '../support/herald-process.ts';
import { solidPng } from '../support/png.ts';

// A fresh, empty install (no demo) that an admin then brands from the command line.
let dataDir: string;
let env: NodeJS.ProcessEnv;
let herald: HeraldProcess;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'herald-e2e-brand-'));
  env = heraldEnv({ HERALD_DATA_DIR: dataDir, HERALD_DEMO: '0' });
  herald = await startHerald(env);
  browser = await launchBrowser();
  const context = await browser.newContext();
  await context.route('**/*', (route) => (new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort('blockedbyclient')));
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await herald?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('branding in the browser', () => {
  it('shows the name, logo and accent on the status page and the 404 after `page set`', async () => {
    await page.goto(`${herald.url}/`);
    expect(await page.title()).toBe('Status');

    writeFileSync(path.join(dataDir, 'logo.png'), solidPng(48, 48, [130, 80, 223]));
    const result = await runHerald(['page', 'set', '--name', 'Acme Cloud', '--accent', '#8250df', '--footer-link', 'Privacy | https://acme.test/privacy', '--logo', path.join(dataDir, 'logo.png')], env);
    expect(result.code, result.output).toBe(0);

    const started = Date.now();
    const renamed = await waitFor(async () => {
      await page.goto(`${herald.url}/`);
      return (await page.title()) === 'Acme Cloud Status';
    }, 10_000, 250);
    expect(renamed).toBe(true);
    expect(Date.now() - started).toBeLessThan(10_000);

    const logo = page.locator('header .brand-logo');
    await expect(logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).resolves.toBe(48);
    await expect(page.locator('header .brand').textContent()).resolves.toContain('Acme Cloud');
    const stripe = await page.locator('header.top').evaluate((el) => getComputedStyle(el).borderTopColor);
    expect(stripe).toBe('rgb(130, 80, 223)');
    await expect(page.getByRole('navigation', { name: 'Footer' }).getByRole('link', { name: 'Privacy' }).getAttribute('href')).resolves.toBe('https://acme.test/privacy');

    const missing = await page.goto(`${herald.url}/no/such/page`);
    expect(missing?.status()).toBe(404);
    expect(await page.title()).toBe('Page not found · Acme Cloud Status');
    await expect(page.locator('header .brand-logo').evaluate((img: HTMLImageElement) => img.naturalWidth)).resolves.toBe(48);
  });
});
