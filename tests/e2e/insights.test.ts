import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserWithCli, signInWithForm } from '../support/accounts.ts';
import { launchBrowser } from '../support/browser.ts';
import { heraldEnv, type HeraldProcess, ROOT, startHerald } from '../support/herald-process.ts';

/*
 * Milestones and insights in a browser: declare an incident, mark it mitigated
 * (a separate action from resolving), resolve it, and see the figures on
 * /admin/insights move; a milestone typed out of order is refused next to its
 * field. Its own server (fresh embedded database with the demo, clock starting on
 * a fixed day), so other files' incidents never change the figures it reads.
 */

const CLOCK_START = '2026-11-20T12:00:00Z';
const COMMS = { email: 'insights-comms@example.com', name: 'Ines Sights', role: 'comms' };
const SHOTS = path.join(ROOT, 'scratch', 'insights-shots');

let dataDir: string;
let herald: HeraldProcess;
let browser: Browser;
let url: string;

async function signedInPage(width: number): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, timezoneId: 'Europe/Berlin' });
  await context.route('**/*', (route) => (new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort('blockedbyclient')));
  const page = await context.newPage();
  await signInWithForm(page, url, COMMS.email);
  await page.waitForURL(`${url}/admin`);
  return { context, page };
}

/** The figures of /admin/insights a person reads: open incidents and how many incidents each time is measured over. */
async function figures(page: Page): Promise<{ incidents: number; open: number; mttm: number; mttr: number }> {
  await page.goto(`${url}/admin/insights`);
  const text = async (name: string): Promise<string> => (await page.locator(`[data-figure="${name}"]`).textContent()) ?? '';
  const measured = (t: string): number => Number(/\((\d+) incidents?\)/.exec(t)?.[1] ?? 0);
  return { incidents: Number(await text('incidents')), open: Number(await text('open')), mttm: measured(await text('mttm')), mttr: measured(await text('mttr')) };
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'herald-insights-e2e-'));
  const env = heraldEnv({ HERALD_DATA_DIR: dataDir, PUBLIC_URL: 'https://status.example.com', HERALD_CLOCK_START: CLOCK_START });
  herald = await startHerald(env, 150_000); // a busy machine starts slowly
  url = herald.url;
  await createUserWithCli(env, COMMS);
  browser = await launchBrowser();
  mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await herald?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('milestones and insights', () => {
  it('marks an incident mitigated, resolves it, and sees the insights change', async () => {
    const { context, page } = await signedInPage(1280);
    const before = await figures(page);
    expect(before.incidents).toBeGreaterThan(0); // the demo's incidents, with their milestones
    await page.getByText(/^MTTA, mean time to acknowledge: from detected/).waitFor();
    await page.screenshot({ path: `${SHOTS}/insights-1280.png`, fullPage: true });

    await page.goto(`${url}/admin/incidents/new`);
    await page.getByLabel('Title').fill('Insights e2e: search is slow');
    await page.getByRole('radio', { name: /^SEV2/ }).check();
    await page.getByLabel('Update', { exact: true }).fill('We are looking into slow searches.');
    await page.getByRole('button', { name: 'Declare and publish' }).click();
    await page.waitForURL(/\/admin\/incidents\/[a-z0-9]+\?done=declared$/);
    const incidentUrl = page.url().replace(/\?.*$/, '');
    const section = page.locator('#milestones');
    await section.getByText('Acknowledged', { exact: true }).waitFor();
    expect(await section.locator('dd').nth(3).textContent()).toBe('Not yet');

    const declared = await figures(page);
    expect(declared.incidents).toBe(before.incidents + 1);
    expect(declared.open).toBe(before.open + 1);

    await page.goto(incidentUrl);
    await section.getByText('Edit milestones').click();
    await section.screenshot({ path: `${SHOTS}/milestones-open-1280.png` });
    await section.getByLabel(/^Update/).fill('Search traffic moved to the standby cluster; results are fast again.');
    await section.getByRole('button', { name: 'Mark mitigated' }).click();
    await page.waitForURL(/\?milestones=mitigated#milestones$/);
    await page.getByText('Marked mitigated now.').waitFor();
    expect(await section.locator('dd').nth(3).textContent()).not.toBe('Not yet');
    expect(await section.getByRole('button', { name: 'Mark mitigated' }).count()).toBe(0);
    // Still open: mitigation is not resolution.
    await page.getByRole('button', { name: 'Resolve incident' }).waitFor();
    await page.locator('#timeline').getByText('marked the incident mitigated with an update').waitFor();
    await section.scrollIntoViewIfNeeded();
    await section.screenshot({ path: `${SHOTS}/milestones-1280.png` });

    const mitigated = await figures(page);
    expect(mitigated.mttm).toBe(declared.mttm + 1);
    expect(mitigated.open).toBe(declared.open);

    await page.goto(incidentUrl);
    await page.getByLabel('Last update').fill('Search is back to normal.');
    await page.getByRole('button', { name: 'Resolve incident' }).click();
    await page.waitForURL(/done=resolved/);

    const resolved = await figures(page);
    expect(resolved.open).toBe(declared.open - 1);
    expect(resolved.mttr).toBe(declared.mttr + 1);
    expect(resolved.incidents).toBe(declared.incidents);

    // A milestone out of order: refused next to its field, what was typed kept.
    await page.goto(incidentUrl);
    await section.getByText('Edit milestones').click();
    await section.getByLabel(/^Acknowledged/).fill('2026-11-01T09:00');
    await section.getByLabel(/^Reason/).fill('typo test');
    await section.getByRole('button', { name: 'Save milestones' }).click();
    await page.getByText(/Acknowledged cannot be before (impact started|detected)/).waitFor();
    expect(await page.getByLabel(/^Acknowledged/).inputValue()).toBe('2026-11-01T09:00');
    expect(await page.getByLabel(/^Reason/).inputValue()).toBe('typo test');

    // A real correction, with its reason in the timeline.
    await page.goto(incidentUrl);
    const started = await section.getByLabel(/^Impact started/).inputValue();
    const earlier = started.replace(/T(\d\d):(\d\d)$/, (_, h: string, m: string) => `T${String(Number(h) - 1).padStart(2, '0')}:${m}`);
    await section.getByText('Edit milestones').click();
    await section.getByLabel(/^Impact started/).fill(earlier);
    await section.getByLabel(/^Reason/).fill('error graphs start an hour earlier');
    await section.getByRole('button', { name: 'Save milestones' }).click();
    await page.waitForURL(/\?milestones=saved#milestones$/);
    await page.locator('#timeline').getByText('Reason: error graphs start an hour earlier').waitFor();
    await context.close();
  });

  it('looks right on a phone', async () => {
    const { context, page } = await signedInPage(390);
    await page.goto(`${url}/admin/insights?days=365`);
    await page.getByRole('heading', { name: 'Insights', level: 1 }).waitFor();
    await page.screenshot({ path: `${SHOTS}/insights-390.png`, fullPage: true });
    await page.goto(`${url}/admin/incidents`);
    await page.getByRole('link', { name: 'Insights e2e: search is slow' }).first().click();
    await page.locator('#milestones').screenshot({ path: `${SHOTS}/milestones-390.png` });
    await context.close();
  });
});
