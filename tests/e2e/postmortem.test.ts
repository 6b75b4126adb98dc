import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { createUserWithCli, signInWithForm } from '../support/accounts.ts';
import { ROOT, waitFor } from '../support/herald-process.ts';
import { sharedHerald } from '../support/shared-herald.ts';

/*
 * The postmortem workflow through the real pages: resolve an incident, start its
 * postmortem from the incident page, write it, publish the ticked sections
 * publicly, and read them on the public incident page and in the feed, with the
 * unticked sections nowhere public. On the run's shared server.
 */

const COMMS = { email: 'pm-casey@example.com', name: 'Casey Postmortem', role: 'comms' };
const RESPONDER = { email: 'pm-rory@example.com', name: 'Rory Postmortem', role: 'responder' };
const ADMIN = { email: 'pm-ada@example.com', name: 'Ada Postmortem', role: 'admin' };
const SHOTS = path.join(ROOT, 'scratch', 'postmortem-shots');
const TITLE = `Card payments declined ${Date.now().toString(36)}`;
const SECRET = `internal-only-${Math.random().toString(36).slice(2)}`;

let browser: Browser;
let url: string;
let incidentId = '';

async function signedInPage(user: { email: string }, width = 1280): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: 'light' });
  await context.route('**/*', (route) => (new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort('blockedbyclient')));
  const page = await context.newPage();
  await signInWithForm(page, url, user.email);
  await page.waitForURL(`${url}/admin`);
  return { context, page };
}

const text = async (pathname: string): Promise<string> => (await fetch(`${url}${pathname}`)).text();

beforeAll(async () => {
  const herald = sharedHerald();
  url = herald.url;
  for (const user of [COMMS, RESPONDER, ADMIN]) await createUserWithCli(herald.env, user);
  browser = await launchBrowser();
  mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
});

describe('a postmortem', () => {
  it('is written by a responder and published publicly by comms with an action item, then read on the public incident page and in the feed, and counted in the insights', async () => {
    const { context, page } = await signedInPage(COMMS);
    // The insights before: this file has the shared server to itself while it runs.
    const figure = async (name: string): Promise<string> => ((await page.locator(`[data-figure="${name}"]`).textContent()) ?? '').trim();
    await page.goto(`${url}/admin/insights`);
    const before = { incidents: Number(await figure('incidents')), items: Number(await figure('items-opened')) };
    await page.goto(`${url}/admin/incidents/new`);
    await page.getByLabel('Title').fill(TITLE);
    await page.getByRole('radio', { name: /^SEV1/ }).check();
    await page.getByLabel(/^API\b/).selectOption('major_outage');
    await page.getByLabel('Update', { exact: true }).fill('Card payments are being declined. We are investigating.');
    await page.getByRole('button', { name: 'Declare and publish' }).click();
    await page.waitForURL(/\/admin\/incidents\/[a-z0-9]+\?done=declared$/);
    incidentId = /\/admin\/incidents\/([a-z0-9]+)/.exec(page.url())![1]!;
    await page.getByLabel('Last update').fill('Payments work again.');
    await page.getByRole('button', { name: 'Resolve incident' }).click();
    await page.waitForURL(/done=/);

    // The responder starts and writes it from the incident page.
    const responder = await signedInPage(RESPONDER);
    await responder.page.goto(`${url}/admin/incidents/${incidentId}`);
    const panel = responder.page.getByRole('region', { name: 'Postmortem' });
    await expect(panel.textContent()).resolves.toContain('No postmortem yet');
    await panel.getByRole('button', { name: 'Start the postmortem' }).click();
    await responder.page.waitForURL(`${url}/admin/incidents/${incidentId}/postmortem?done=started`);
    await expect(responder.page.getByLabel('Customer impact').inputValue()).resolves.toMatch(/API: at worst major outage/);
    await expect(responder.page.getByLabel('Timeline', { exact: true }).inputValue()).resolves.toContain('**Resolved**');
    await responder.page.getByLabel('Summary').fill('A certificate rotation broke the connection to the card processor for 40 minutes.');
    await responder.page.getByLabel('Root cause and contributing factors').fill('The new certificate chain lacked an intermediate the processor requires.');
    await responder.page.getByLabel('What went poorly').fill(`- ${SECRET}: the rotation skipped staging.`);
    await responder.page.getByLabel('Lessons').fill('- Rotations are rehearsed in staging against the processor sandbox.');
    await responder.page.getByRole('checkbox', { name: 'configuration' }).check();
    await responder.page.getByRole('button', { name: 'Save', exact: true }).click();
    await responder.page.waitForURL(/done=saved/);
    // Responders send it for review; they cannot publish it.
    await expect(responder.page.getByRole('button', { name: 'Publish publicly' }).count()).resolves.toBe(0);
    await responder.page.getByRole('button', { name: 'Send for review' }).click();
    await responder.page.waitForURL(/done=submit$/);
    await expect(responder.page.getByRole('status').textContent()).resolves.toContain('sent for review');

    // Bad input: a section over the cap keeps the text and says so next to the field.
    await responder.page.getByLabel('What went well').fill('x'.repeat(20_001));
    await responder.page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(responder.page.locator('#pm-went_well-error').textContent()).resolves.toContain('under 20,000 characters');
    await expect(responder.page.getByLabel('What went well').inputValue()).resolves.toHaveLength(20_001);
    await responder.context.close();

    // The dashboard lists it (a SEV1 postmortem not yet published), in words.
    await page.goto(`${url}/admin`);
    const due = page.getByRole('region', { name: /^Postmortems missing or overdue/ });
    await expect(due.getByRole('listitem').filter({ hasText: TITLE }).textContent()).resolves.toMatch(/In review[\s\S]*due/);
    await page.screenshot({ path: path.join(SHOTS, 'dashboard-1280.png'), fullPage: true });

    // Comms publishes the ticked sections publicly (What went poorly is not ticked by default).
    await page.goto(`${url}/admin/incidents/${incidentId}/postmortem`);
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: path.join(SHOTS, `editor-${width}.png`), fullPage: true });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    const publish = page.getByRole('region', { name: 'Publish publicly' });
    await expect(publish.getByRole('checkbox', { name: 'What went poorly' }).isChecked()).resolves.toBe(false);
    for (const box of ['Summary', 'Customer impact', 'Root cause and contributing factors', 'Lessons']) await publish.getByRole('checkbox', { name: box }).uncheck();
    await publish.getByRole('button', { name: 'Publish publicly' }).click();
    await expect(page.locator('#pm-public-error').textContent()).resolves.toBe('Tick at least one section to publish publicly');
    for (const box of ['Summary', 'Root cause and contributing factors', 'Lessons']) await publish.getByRole('checkbox', { name: box }).check();
    await publish.getByRole('button', { name: 'Publish publicly' }).click();
    await page.waitForURL(/done=publish_public/);
    await expect(page.getByRole('status').textContent()).resolves.toContain('Postmortem published on the public incident page');

    // An action item from the postmortem; the insights count the incident and its item.
    await page.getByRole('link', { name: 'Add an action item' }).click();
    await page.getByLabel('What needs doing').fill('Alert on certificate chains missing the intermediate');
    await page.getByRole('button', { name: 'Add action item' }).click();
    await page.waitForURL((address) => !address.pathname.endsWith('/admin/action-items/new'));
    await page.goto(`${url}/admin/incidents/${incidentId}`);
    await expect(page.getByRole('region', { name: /^Action items/ }).textContent()).resolves.toContain('Alert on certificate chains missing the intermediate');
    await page.goto(`${url}/admin/insights`);
    expect(Number(await figure('incidents'))).toBe(before.incidents + 1);
    expect(Number(await figure('items-opened'))).toBe(before.items + 1);
    await page.goto(`${url}/admin`);
    await expect(page.getByRole('region', { name: /^Postmortems missing or overdue/ }).textContent()).resolves.not.toContain(TITLE);
    await page.goto(`${url}/admin/incidents/${incidentId}`);
    await expect(page.locator('#timeline').textContent()).resolves.toContain('published the postmortem publicly (summary, root cause and contributing factors, lessons)');
    await page.screenshot({ path: path.join(SHOTS, 'incident-1280.png'), fullPage: true });
    await context.close();

    // The public sees the ticked sections, under "Postmortem", on the page and in the feed.
    const visible = await waitFor(async () => (await text(`/incidents/${incidentId}`)).includes('A certificate rotation broke'), 5_000);
    expect(visible).toBe(true);
    const reader = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'light' });
    const pub = await reader.newPage();
    await pub.goto(`${url}/incidents/${incidentId}`);
    const section = pub.getByRole('region', { name: 'Postmortem' });
    await expect(section.getByRole('heading', { name: 'Lessons' }).count()).resolves.toBe(1);
    await expect(section.textContent()).resolves.toContain('intermediate the processor requires');
    for (const width of [1280, 390]) {
      await pub.setViewportSize({ width, height: 900 });
      await pub.locator('#postmortem').scrollIntoViewIfNeeded();
      await pub.screenshot({ path: path.join(SHOTS, `public-${width}.png`), fullPage: true });
    }
    await reader.close();
    const [rss, atom, page2, api] = await Promise.all([text('/feed.rss'), text('/feed.atom'), text(`/incidents/${incidentId}`), text('/api/v2/incidents.json')]);
    expect(rss).toContain(`Postmortem: ${TITLE}`);
    expect(atom).toContain(`Postmortem: ${TITLE}`);
    for (const [surface, body] of [['rss', rss], ['atom', atom], ['page', page2], ['api', api]] as const) expect(body.includes(SECRET), surface).toBe(false);
  });

  it('has settings an admin edits: due days, required severities, template and root-cause tags', async () => {
    const { context, page } = await signedInPage(ADMIN);
    await page.goto(`${url}/admin/settings`);
    await page.getByRole('link', { name: 'Postmortem settings' }).click();
    await page.waitForURL(`${url}/admin/postmortems/settings`);
    await page.getByLabel('New tag').fill('Bad/tag');
    await page.getByRole('button', { name: 'Add tag' }).click();
    await expect(page.locator('#pms-tag-error').textContent()).resolves.toContain('Use letters, digits');
    await expect(page.getByLabel('New tag').inputValue()).resolves.toBe('Bad/tag');
    await page.getByLabel('New tag').fill('Network');
    await page.getByRole('button', { name: 'Add tag' }).click();
    await page.waitForURL(/done=added/);
    await expect(page.locator('.tag-list').textContent()).resolves.toContain('network');
    await page.getByLabel('Business days after resolution a postmortem is due').fill('0');
    await page.getByRole('button', { name: 'Save postmortem settings' }).click();
    await expect(page.locator('#pms-days-error').textContent()).resolves.toBe('Enter at least 1 business day');
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: path.join(SHOTS, `settings-${width}.png`), fullPage: true });
    }
    await page.getByLabel('Business days after resolution a postmortem is due').fill('5');
    await page.getByRole('button', { name: 'Save postmortem settings' }).click();
    await page.waitForURL(/done=saved/);
    await context.close();
  });
});
