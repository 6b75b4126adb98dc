import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserWithCli, signInWithForm } from '../support/accounts.ts';
import { launchBrowser } from '../support/browser.ts';
import { ROOT } from '../support/herald-process.ts';
import { type SharedHerald, sharedHerald } from '../support/shared-herald.ts';

// Component pages, badges and /embed on the shared demo server (nothing here changes it).
const SHOTS = path.join(ROOT, 'scratch', 'everywhere-shots');
const VIEWER = { email: 'component-pages-viewer@example.com', name: 'Vera Viewer', role: 'viewer' };

let herald: SharedHerald;
let browser: Browser;
/** A page on another origin (another port of 127.0.0.1) that frames Herald. */
let framer: Server;
let framerUrl: string;

async function newContext(options: { colorScheme?: 'light' | 'dark'; width?: number } = {}): Promise<BrowserContext> {
  return browser.newContext({ colorScheme: options.colorScheme ?? 'light', viewport: { width: options.width ?? 1280, height: 900 } });
}

/** A component an open incident affects, from the page's own API. */
async function affectedComponent(): Promise<{ id: string; name: string; incident: string }> {
  const summary = (await (await fetch(`${herald.url}/api/v2/summary.json`)).json()) as { incidents: { name: string; components: { id: string; name: string }[] }[] };
  // Another file on the shared server may have declared its own incident: take one with a component.
  const incident = summary.incidents.find((i) => i.components.length > 0);
  const component = incident?.components[0];
  if (!incident || !component) throw new Error(`the demo has an open incident with a component\n${herald.output().slice(-2000)}`);
  return { id: component.id, name: component.name, incident: incident.name };
}

beforeAll(async () => {
  herald = sharedHerald();
  mkdirSync(SHOTS, { recursive: true });
  browser = await launchBrowser();
  await createUserWithCli(herald.env, VIEWER);
  framer = createServer((req, res) => {
    const target = new URL(req.url ?? '/', 'http://x').searchParams.get('src') ?? '/embed';
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><title>Customer site</title><h1>Our product</h1><iframe title="Service status" src="${herald.url}${target}" width="360" height="220"></iframe>`);
  });
  await new Promise<void>((resolve) => framer.listen(0, '127.0.0.1', resolve));
  framerUrl = `http://127.0.0.1:${(framer.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => framer?.close(resolve));
});

describe('component pages', () => {
  it('opens from the component name on the home page and shows status, uptime and the open incident', async () => {
    const { id, name, incident } = await affectedComponent();
    const context = await newContext();
    const page = await context.newPage();
    await page.goto(`${herald.url}/`);
    await page.locator('.cmp').getByRole('link', { name, exact: true }).click();
    await page.waitForURL(`${herald.url}/components/${id}`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(name);
    const main = (await page.textContent('main')) ?? '';
    expect(main).toMatch(/Partial outage|Major outage|Degraded performance/);
    expect(await page.locator('.ud [popover]').count()).toBe(90);
    expect(await page.getByRole('region', { name: 'Active incidents' }).getByRole('link', { name: incident }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Maintenance calendar' }).getAttribute('href')).toBe(`/components/${id}/maintenance.ics`);
    expect(await page.getByRole('link', { name: 'Runbook' }).count()).toBe(0);
    await context.close();
  });

  it('lists the past seven days of incidents on the home page, with a link to history', async () => {
    const context = await newContext();
    const page = await context.newPage();
    await page.goto(`${herald.url}/`);
    const past = page.getByRole('region', { name: 'Past incidents' });
    expect(await past.getByRole('heading', { level: 3 }).count()).toBe(7);
    expect(await page.getByRole('link', { name: 'View incident history' }).getAttribute('href')).toBe('/history');
    const upcoming = page.getByRole('region', { name: 'Scheduled maintenance' });
    if ((await upcoming.count()) > 0) expect(await upcoming.getByRole('link', { name: 'Add to calendar' }).first().getAttribute('href')).toBe('/maintenance.ics');
    await context.close();
  });

  it('shows signed-in people the link to the component runbook', async () => {
    const { id } = await affectedComponent();
    const context = await newContext();
    const page = await context.newPage();
    await signInWithForm(page, herald.url, VIEWER.email);
    await page.goto(`${herald.url}/components/${id}`);
    expect(await page.getByRole('link', { name: 'Runbook' }).getAttribute('href')).toBe(`/admin/runbooks/${id}`);
    await context.close();
  });

  it('looks right at 390 and 1280 px, light and dark', async () => {
    const { id } = await affectedComponent();
    for (const colorScheme of ['light', 'dark'] as const) {
      for (const width of [390, 1280]) {
        const context = await newContext({ colorScheme, width });
        const page = await context.newPage();
        await page.goto(`${herald.url}/components/${id}`);
        // Nothing wider than the screen.
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
        await page.screenshot({ path: path.join(SHOTS, `component-${width}-${colorScheme}.png`), fullPage: true });
        await page.goto(`${herald.url}/`);
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
        await page.screenshot({ path: path.join(SHOTS, `home-${width}-${colorScheme}.png`), fullPage: true });
        await page.goto(`${framerUrl}/`);
        await page.frameLocator('iframe').getByRole('region', { name: 'Overall status' }).waitFor();
        await page.screenshot({ path: path.join(SHOTS, `embed-${width}-${colorScheme}.png`) });
        await context.close();
      }
    }
  });
});

describe('badges', () => {
  it('fit their text in the browser font, and say the status to screen readers', async () => {
    const { id, name } = await affectedComponent();
    const context = await newContext();
    const page: Page = await context.newPage();
    for (const route of ['/badge/status.svg', `/badge/components/${id}/status.svg`, `/badge/components/${id}/uptime.svg?days=30`]) {
      await page.goto(`${herald.url}${route}`);
      const fit = await page.evaluate(() => {
        const rects = [...document.querySelectorAll('g[clip-path] rect')].slice(0, 2).map((r) => Number(r.getAttribute('width')));
        const texts = [...document.querySelectorAll('text:not([fill-opacity])')] as SVGTextContentElement[];
        return { rects, lengths: texts.map((t) => t.getComputedTextLength()), label: document.documentElement.getAttribute('aria-label') };
      });
      fit.lengths.forEach((length, i) => {
        const box = fit.rects[i] ?? 0;
        expect(length, `${route} text ${i}`).toBeLessThanOrEqual(box - 4);
        expect(length, `${route} text ${i}`).toBeGreaterThan(box * 0.6 - 10);
      });
      expect(fit.label).toMatch(/: [a-z0-9 .%]+$/);
    }
    await page.goto(`${herald.url}/badge/components/${id}/status.svg`);
    expect(await page.evaluate(() => document.documentElement.getAttribute('aria-label'))).toMatch(new RegExp(`^${name} status: (partial|major) outage|degraded performance$`));
    await context.close();
  });
});

describe('the embed', () => {
  it('can be framed by another site, opens links in a new tab, while the status page itself cannot be framed', async () => {
    const { incident } = await affectedComponent();
    const context = await newContext({ width: 800 });
    const page = await context.newPage();
    await page.goto(`${framerUrl}/`);
    const frame = page.frameLocator('iframe');
    await expect(frame.getByRole('region', { name: 'Overall status' }).textContent()).resolves.toMatch(/Outage|Degraded/);
    const link = frame.getByRole('link', { name: incident });
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await frame.getByRole('link', { name: /status page/ }).getAttribute('target')).toBe('_blank');

    // The home page refuses to be framed: Chromium shows its error page in the frame instead.
    await page.goto(`${framerUrl}/?src=/`);
    const blocked = await (await page.waitForSelector('iframe')).contentFrame();
    await blocked?.waitForLoadState();
    expect(blocked?.url()).not.toBe(`${herald.url}/`);
    expect(await blocked?.getByRole('region', { name: 'Overall status' }).count()).toBe(0);
    await context.close();
  });
});
