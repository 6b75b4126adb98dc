import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { ROOT } from '../support/herald-process.ts';
import { type SharedHerald, sharedHerald } from '../support/shared-herald.ts';

// /widget.js on a customer's own site: another origin (127.0.0.1, another port)
// includes the script, which reads the shared demo server's summary through CORS.
const SHOTS = path.join(ROOT, 'scratch', 'everywhere-shots');

let herald: SharedHerald;
let browser: Browser;
let site: Server;
let siteUrl: string;

beforeAll(async () => {
  herald = sharedHerald();
  mkdirSync(SHOTS, { recursive: true });
  browser = await launchBrowser();
  site = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(
      '<!doctype html><html lang="en"><title>Customer site</title><main><h1>Welcome to our shop</h1><p>Products and more.</p></main>' +
        `<script src="${herald.url}/widget.js" async></script></html>`,
    );
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => site?.close(resolve));
});

async function openIncidentName(): Promise<string> {
  const summary = (await (await fetch(`${herald.url}/api/v2/summary.json`)).json()) as { incidents: { name: string }[] };
  const name = summary.incidents[0]?.name;
  if (!name) throw new Error('the demo has an open incident');
  return name;
}

function newContext(width = 1280): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width, height: 700 } });
}

describe('the status widget on another site', () => {
  it('shows a banner naming the open incident, which can be dismissed until something changes', async () => {
    const incident = await openIncidentName();
    const context = await newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    await page.goto(`${siteUrl}/`);

    const banner = page.getByRole('status');
    await banner.waitFor();
    const link = banner.getByRole('link', { name: incident });
    expect(await link.getAttribute('href')).toMatch(new RegExp(`^${herald.url}/incidents/[a-z0-9]+$`));
    expect(await link.getAttribute('target')).toBe('_blank');
    await page.screenshot({ path: path.join(SHOTS, 'widget-1280.png') });

    // Keyboard: the close button is reachable and named.
    const close = banner.getByRole('button', { name: 'Dismiss status notice' });
    await close.focus();
    await page.keyboard.press('Enter');
    await banner.waitFor({ state: 'detached' });

    // Dismissed stays dismissed on the next page view, for the same incident state.
    await page.reload();
    await page.waitForLoadState('networkidle');
    expect(await page.getByRole('status').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('fits a phone screen', async () => {
    const context = await newContext(390);
    const page = await context.newPage();
    await page.goto(`${siteUrl}/`);
    await page.getByRole('status').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: path.join(SHOTS, 'widget-390.png') });
    await context.close();
  });

  it('shows nothing while no incident is open', async () => {
    const context = await newContext();
    // The same server's answer, with the incidents taken out.
    await context.route(`${herald.url}/api/v2/summary.json`, async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as Record<string, unknown>;
      await route.fulfill({ response, json: { ...body, incidents: [] } });
    });
    const page = await context.newPage();
    const answered = page.waitForResponse(`${herald.url}/api/v2/summary.json`);
    await page.goto(`${siteUrl}/`);
    await answered;
    await page.waitForLoadState('networkidle');
    expect(await page.getByRole('status').count()).toBe(0);
    await context.close();
  });
});
