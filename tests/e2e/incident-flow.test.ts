import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { createUserWithCli, signInWithForm } from '../support/accounts.ts';
import { ROOT, waitFor } from '../support/herald-process.ts';
import { type SharedHerald, sharedHerald } from '../support/shared-herald.ts';

/*
 * Running an incident in the hub, through the real pages and by their labels, as a
 * person would: declare and publish (timed), internal updates kept private, the
 * keyboard alone, bad input, permissions enforced by the server, and a scheduled
 * update published by the worker. On the run's shared server (tests/support/shared-herald.ts:
 * one fresh embedded database with the demo page, which gives components).
 */

const COMMS = { email: 'casey@example.com', name: 'Casey Comms', role: 'comms' };
const RESPONDER = { email: 'rory@example.com', name: 'Rory Responder', role: 'responder' };
const VIEWER = { email: 'vera@example.com', name: 'Vera Viewer', role: 'viewer' };
const SHOTS = path.join(ROOT, 'scratch', 'hub-shots');

let env: NodeJS.ProcessEnv;
let herald: SharedHerald;
let browser: Browser;
let url: string;
/** The SEV1 declared by the first test; later tests work on it. */
let incidentId = '';
const TITLE = `Checkout payments failing ${Date.now().toString(36)}`;

interface ContextOptions {
  timezoneId?: string;
  width?: number;
  javaScriptEnabled?: boolean;
}

async function newContext(options: ContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: 900 },
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    colorScheme: 'light',
    ...(options.timezoneId ? { timezoneId: options.timezoneId } : {}),
  });
  await context.route('**/*', (route) => (new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort('blockedbyclient')));
  return context;
}

async function signIn(page: Page, user: { email: string }): Promise<void> {
  await signInWithForm(page, url, user.email);
  await page.waitForURL(`${url}/admin`);
}

async function signedInPage(user: { email: string }, options: ContextOptions = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newContext(options);
  const page = await context.newPage();
  await signIn(page, user);
  return { context, page };
}

async function text(pathname: string): Promise<string> {
  const response = await fetch(`${url}${pathname}`);
  return response.text();
}

/** Ids of every incident in the hub's list (open and recent). */
async function incidentIds(page: Page): Promise<string[]> {
  const html = await (await page.request.get(`${url}/admin/incidents`)).text();
  return [...html.matchAll(/href="\/admin\/incidents\/([a-z0-9]+)"/g)].map((m) => m[1]!).filter((id) => id !== 'new');
}

/** Presses Tab until the focused element passes `check` (keyboard only, no clicks). */
async function tabUntil(page: Page, what: string, check: (el: HTMLElement) => boolean, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluateHandle(() => document.activeElement as HTMLElement);
    const found = await focused.evaluate(check);
    await focused.dispose();
    if (found) return;
  }
  throw new Error(`Tab never reached ${what}`);
}

/** A datetime-local value (with seconds) for `date` in `timeZone`. */
function localInput(date: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  return `${parts['year']}-${parts['month']}-${parts['day']}T${parts['hour']}:${parts['minute']}:${parts['second']}`;
}

beforeAll(async () => {
  herald = sharedHerald();
  env = herald.env;
  url = herald.url;
  for (const user of [COMMS, RESPONDER, VIEWER]) await createUserWithCli(env, user);
  browser = await launchBrowser();
  mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
});

describe('running an incident', () => {
  it('declares a SEV1 and publishes its first external update in two screens, and the public sees it', async () => {
    const { context, page } = await signedInPage(COMMS);
    let screens = 0;
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) screens += 1;
    });

    const started = Date.now();
    await page.goto(`${url}/admin`); // screen 1: the dashboard
    await page.getByRole('link', { name: 'Declare incident' }).click(); // screen 2: the form
    await page.waitForURL(`${url}/admin/incidents/new`);
    await page.getByLabel('Title').fill(TITLE);
    await page.getByRole('radio', { name: /^SEV1/ }).check();
    await page.getByLabel(/^API\b/).selectOption('major_outage');
    await page.getByLabel(/^Webhooks\b/).selectOption('partial_outage');
    await page.getByLabel('Update', { exact: true }).fill('We are investigating failed card payments at checkout. Next update within 30 minutes.');
    expect(screens, 'screens before the publish click').toBeLessThanOrEqual(2);
    await page.getByRole('button', { name: 'Declare and publish' }).click();
    await page.waitForURL(/\/admin\/incidents\/[a-z0-9]+\?done=declared$/);
    const elapsed = Date.now() - started;
    console.log(`Declare-to-publish: ${(elapsed / 1000).toFixed(2)} s over ${screens - 1} screens before publishing (dashboard, declare form).`);
    expect(elapsed).toBeLessThan(60_000);

    incidentId = /\/admin\/incidents\/([a-z0-9]+)/.exec(page.url())![1]!;
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(TITLE);
    const header = (await page.locator('header.inc-h').textContent()) ?? '';
    expect(header).toContain('SEV1');
    expect(header).toContain('Public');
    expect(header).toMatch(/Communications lead\s*Casey Comms/);

    // An anonymous reader sees it within about two seconds, everywhere.
    const anonymous = await newContext();
    const reader = await anonymous.newPage();
    const publishedAt = Date.now();
    const seen = await waitFor(async () => {
      const [home, rss, unresolved] = await Promise.all([text('/'), text('/feed.rss'), text('/api/v2/incidents/unresolved.json')]);
      const api = JSON.parse(unresolved) as { incidents: { id: string; name: string; impact: string }[] };
      return home.includes(TITLE) && rss.includes(TITLE) && api.incidents.some((i) => i.id === incidentId && i.name === TITLE && i.impact === 'critical');
    }, 5_000);
    expect(seen, 'the incident on /, /feed.rss and the unresolved API').toBe(true);
    console.log(`Public in ${Date.now() - publishedAt} ms after the redirect.`);
    expect(Date.now() - publishedAt).toBeLessThan(2_500);
    await reader.goto(`${url}/`);
    await expect(reader.getByRole('region', { name: 'Active incidents' }).getByRole('link', { name: TITLE, exact: true }).count()).resolves.toBe(1);
    expect((await reader.textContent('main')) ?? '').not.toContain('SEV1');
    await anonymous.close();
    await context.close();
  });

  it('keeps internal updates out of every public output', async () => {
    const { context, page } = await signedInPage(COMMS);
    const secret = `internal-only-${Math.random().toString(36).slice(2)}`;
    await page.goto(`${url}/admin/incidents/${incidentId}`);
    await page.getByRole('radio', { name: /^Internal only/ }).check();
    await page.getByLabel('Update', { exact: true }).fill(`Rolled back payments-api to v412. ${secret}`);
    // The internal action has its own words: nothing about the status page or subscribers.
    await expect(page.getByRole('button', { name: /^Publish to status page/ }).count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Post internal update' }).click();
    await page.waitForURL(/done=published/);
    await expect(page.locator('.upd-list').textContent()).resolves.toContain(secret);
    const said = (await page.locator('#timeline li').filter({ hasText: 'posted an internal update' }).last().textContent()) ?? '';
    expect(said).toMatch(/internal list notified \(\d+\)/);
    expect(said).not.toContain('subscriber');
    // The composer stays on Internal for the next post; going public is a choice.
    await expect(page.getByRole('radio', { name: /^Internal only/ }).isChecked()).resolves.toBe(true);
    await page.getByRole('radio', { name: /^External/ }).check();

    // A later external update proves the public snapshot was rebuilt after the internal one.
    const marker = `external-after-${Math.random().toString(36).slice(2)}`;
    await page.getByLabel('Update', { exact: true }).fill(`Payments are recovering. ${marker}`);
    await page.getByLabel('Incident status').selectOption('identified');
    const internalUrl = page.url();
    await page.getByRole('button', { name: /^Publish to status page · notify \d+ subscribers?$/ }).click();
    // In place: the page moves on once the update is saved, to the new update's address.
    await page.waitForURL((address) => address.href !== internalUrl && address.href.includes('done=published'));
    expect(await waitFor(async () => (await text(`/incidents/${incidentId}`)).includes(marker), 5_000)).toBe(true);

    const outputs = ['/', `/incidents/${incidentId}`, '/history', '/feed.rss', '/feed.atom', '/api/v2/summary.json', '/api/v2/incidents.json', '/api/v2/incidents/unresolved.json'];
    for (const output of outputs) expect(await text(output), output).not.toContain(secret);
    // …while the internal view shows it.
    await page.goto(`${url}/admin/status`);
    await expect(page.textContent('main')).resolves.toContain(secret);
    await context.close();
  });

  it('declares and publishes from the keyboard alone', async () => {
    const { context, page } = await signedInPage(COMMS);
    const title = `Keyboard-declared DNS outage ${Date.now().toString(36)}`;
    await page.goto(`${url}/admin`);
    await tabUntil(page, 'the Declare incident link', (el) => el.textContent?.trim() === 'Declare incident');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${url}/admin/incidents/new`);
    // The title field has the focus when the form opens.
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('d-title');
    await page.keyboard.type(title);
    await tabUntil(page, 'the severity radios', (el) => el.getAttribute('name') === 'severity');
    await page.keyboard.press('Space'); // the first radio: SEV1
    await tabUntil(page, 'the DNS select', (el) => (el as HTMLSelectElement).labels?.[0]?.textContent?.trim().startsWith('DNS') === true);
    await page.keyboard.type('Major');
    await tabUntil(page, 'the update body', (el) => el.id === 'd-body');
    await page.keyboard.type('DNS lookups fail for some customers. We are investigating.');
    await tabUntil(page, 'the Declare and publish button', (el) => el.textContent?.trim() === 'Declare and publish');
    await page.keyboard.press('Enter');
    await page.waitForURL(/done=declared/);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(title);
    const header = (await page.locator('header.inc-h').textContent()) ?? '';
    expect(header).toContain('SEV1');
    expect(header).toMatch(/DNS \(major outage now\)/);
    expect(await waitFor(async () => (await text('/')).includes(title), 5_000)).toBe(true);
    await context.close();
  });

  it('shows bad input next to its field, keeps what was typed and saves nothing', async () => {
    const { context, page } = await signedInPage(COMMS);
    const before = await incidentIds(page);

    await page.goto(`${url}/admin/incidents/new`);
    await page.getByRole('radio', { name: /^SEV2/ }).check();
    await page.getByLabel(/^API\b/).selectOption('degraded_performance');
    await page.getByLabel('Update', { exact: true }).fill('Checkout is slow <script>alert(1)</script>');
    const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Declare and publish' }).click()]);
    expect(response.status()).toBe(400);
    const title = page.getByLabel('Title');
    await expect(title.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(title.getAttribute('aria-describedby')).resolves.toContain('d-title-error');
    await expect(page.locator('#d-title-error').textContent()).resolves.toContain('Give the incident a title');
    const body = page.getByLabel('Update', { exact: true });
    await expect(body.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(page.locator('#d-body-error').textContent()).resolves.toContain('Remove the <script> tag');
    await expect(body.inputValue()).resolves.toBe('Checkout is slow <script>alert(1)</script>');
    await expect(page.getByRole('radio', { name: /^SEV2/ }).isChecked()).resolves.toBe(true);
    await expect(page.getByLabel(/^API\b/).inputValue()).resolves.toBe('degraded_performance');
    await expect(page.getByRole('alert').first().textContent()).resolves.toMatch(/2 things to fix/);
    expect(await incidentIds(page)).toEqual(before);

    // A schedule time in the past, on the incident page.
    await page.goto(`${url}/admin/incidents/${incidentId}`);
    const updatesBefore = await page.locator('.upd-item').count();
    await page.getByLabel('Update', { exact: true }).fill('We expect full recovery by 10:00.');
    await page.getByLabel(/^Publish at/).fill('2020-01-01T10:00');
    await page.getByRole('button', { name: 'Schedule for status page' }).click();
    await expect(page.locator('#c-when-error').textContent()).resolves.toContain('Pick a time in the future');
    await expect(page.getByLabel(/^Publish at/).getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(page.getByLabel('Update', { exact: true }).inputValue()).resolves.toBe('We expect full recovery by 10:00.');
    await expect(page.getByLabel(/^Publish at/).inputValue()).resolves.toBe('2020-01-01T10:00');
    await expect(page.locator('.upd-item').count()).resolves.toBe(updatesBefore);
    await context.close();
  });

  it('applies a template and previews without JavaScript, keeping everything typed', async () => {
    const { context, page } = await signedInPage(COMMS, { javaScriptEnabled: false });
    const before = await incidentIds(page);
    await page.goto(`${url}/admin/incidents/new`);
    await page.getByLabel('Title').fill('Search is slow');
    await page.getByRole('radio', { name: /^SEV3/ }).check();
    await page.getByLabel(/^Search\b/).selectOption('degraded_performance');
    await page.getByLabel('Start from a template').selectOption({ label: 'Investigating (Investigating)' });
    await page.getByRole('button', { name: 'Use template' }).click();
    const body = await page.getByLabel('Update', { exact: true }).inputValue();
    expect(body).toContain('investigating an issue affecting Search');
    await expect(page.getByLabel('Title').inputValue()).resolves.toBe('Search is slow');
    await expect(page.getByRole('radio', { name: /^SEV3/ }).isChecked()).resolves.toBe(true);
    await expect(page.getByLabel(/^Search\b/).inputValue()).resolves.toBe('degraded_performance');
    await page.getByRole('button', { name: 'Preview update' }).click();
    await expect(page.locator('#preview .card-t').textContent()).resolves.toBe('Search is slow');
    await expect(page.locator('#preview .md').textContent()).resolves.toContain('affecting Search');
    expect(await incidentIds(page)).toEqual(before);
    await context.close();
  });

  it('refuses external publishing to a responder and declaring to a viewer, on the server', async () => {
    const responder = await signedInPage(RESPONDER);
    await responder.page.goto(`${url}/admin/incidents/${incidentId}`);
    await expect(responder.page.getByRole('button', { name: /^Publish to status page/ }).count()).resolves.toBe(0);
    await expect(responder.page.getByRole('button', { name: 'Post internal update' }).count()).resolves.toBe(1);
    const forged = await responder.page.request.post(`${url}/admin/incidents/${incidentId}`, {
      headers: { origin: url },
      form: { form: 'composer', audience: 'external', status: 'identified', body: 'Forged by a responder', notify: 'on', tz: 'UTC', submit: 'publish' },
    });
    expect(forged.status()).toBe(403);
    const forgedButton = await responder.page.request.post(`${url}/admin/incidents/${incidentId}`, {
      headers: { origin: url },
      form: { form: 'composer', audience: 'internal', status: 'identified', body: 'Forged by a responder', notify: 'on', tz: 'UTC', submit: 'publish-external' },
    });
    expect(forgedButton.status()).toBe(403);
    expect(await text(`/incidents/${incidentId}`)).not.toContain('Forged by a responder');
    // A responder may still draft an external update for comms.
    await responder.page.getByRole('radio', { name: /^External/ }).check();
    await responder.page.getByLabel('Update', { exact: true }).fill('Draft for comms: payments recovering.');
    await responder.page.getByRole('button', { name: 'Save draft' }).click();
    await responder.page.waitForURL(/done=draft/);
    await responder.context.close();

    const viewer = await signedInPage(VIEWER);
    const form = await viewer.page.request.get(`${url}/admin/incidents/new`);
    expect(form.status()).toBe(403);
    const declared = await viewer.page.request.post(`${url}/admin/incidents/new`, {
      headers: { origin: url },
      form: { title: 'Viewer incident', severity: 'SEV3', audience: 'internal', status: 'investigating', body: 'Nope', submit: 'internal' },
    });
    expect(declared.status()).toBe(403);
    await expect(viewer.page.getByRole('link', { name: 'Declare incident' }).count()).resolves.toBe(0);
    await viewer.context.close();
  });

  it('publishes a scheduled update at its time, through the worker', async () => {
    const timeZone = 'Europe/Paris';
    const { context, page } = await signedInPage(COMMS, { timezoneId: timeZone });
    const body = `Scheduled recovery note ${Math.random().toString(36).slice(2)}`;
    await page.goto(`${url}/admin/incidents/${incidentId}`);
    await page.getByLabel('Update', { exact: true }).fill(body);
    await page.getByLabel('Incident status').selectOption('monitoring');
    const at = new Date(Date.now() + 3_000);
    await page.getByLabel(/^Publish at/).fill(localInput(at, timeZone));
    const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Schedule for status page' }).click()]);
    expect(response.status(), `scheduling answered ${response.status()}: ${herald.output().slice(-2_000)}`).toBe(303);
    await page.waitForURL(/done=scheduled/);
    // Shown in the person's zone and in UTC.
    const notice = (await page.getByRole('status').first().textContent()) ?? '';
    expect(notice).toMatch(/\d{2}:\d{2} CES?T · (\w{3} \d{1,2}, \d{4}, )?\d{2}:\d{2} UTC/);
    const published = await waitFor(async () => {
      const api = JSON.parse(await text('/api/v2/incidents/unresolved.json')) as { incidents: { id: string; incident_updates: { body: string }[] }[] };
      return api.incidents.some((i) => i.id === incidentId && i.incident_updates.some((u) => u.body.includes(body)));
    }, 20_000, 250);
    expect(published, 'the scheduled update in the public API').toBe(true);
    expect(Date.now() - at.getTime()).toBeLessThan(15_000);
    await context.close();
  });

  it('takes screenshots of the dashboard, the declare form and the composer with a preview', async () => {
    for (const width of [1280, 375]) {
      const { context, page } = await signedInPage(COMMS, { width });
      await page.goto(`${url}/admin`);
      await page.screenshot({ path: path.join(SHOTS, `dashboard-${width}.png`), fullPage: true });
      await page.goto(`${url}/admin/incidents/new`);
      await page.screenshot({ path: path.join(SHOTS, `declare-${width}.png`), fullPage: true });
      await page.goto(`${url}/admin/incidents/${incidentId}`);
      await page.getByLabel('Update', { exact: true }).fill('We have **identified** the cause:\n\n- a certificate expired on the payments gateway\n- renewed; recovering now');
      await page.getByRole('button', { name: 'Preview' }).click();
      await page.locator('#preview').waitFor();
      await expect(page.locator('#preview .md strong').textContent()).resolves.toBe('identified');
      await expect(page.getByLabel('Update', { exact: true }).inputValue()).resolves.toContain('certificate expired');
      await page.screenshot({ path: path.join(SHOTS, `incident-preview-${width}.png`), fullPage: true });
      await context.close();
    }
  });

  it('resolves with the status each component goes to, keeping what the still-open demo incident claims', async () => {
    const { context, page } = await signedInPage(COMMS);
    await page.goto(`${url}/admin/incidents/${incidentId}`);
    // The SEV1 holds API at major outage and Webhooks at partial outage; the demo
    // incident, still open, claims a partial outage and degraded performance.
    const form = page.getByRole('group', { name: 'Components after resolving' });
    await expect(form.getByLabel('API', { exact: true }).inputValue()).resolves.toBe('partial_outage');
    await expect(form.getByLabel('Webhooks', { exact: true }).inputValue()).resolves.toBe('degraded_performance');
    // Nothing better than what the other incident keeps is offered.
    await expect(form.getByLabel('API', { exact: true }).locator('option').allTextContents()).resolves.toEqual(['Partial outage', 'Major outage']);
    await expect(form.textContent()).resolves.toContain('Elevated API error rates and delayed webhooks');
    await page.getByLabel('Last update').fill('Payments are flowing again.');
    await page.getByRole('button', { name: 'Resolve incident' }).click();
    await page.waitForURL(/done=resolved/);
    const statuses = await waitFor(async () => {
      const api = JSON.parse(await text('/api/v2/components.json')) as { components: { name: string; status: string }[] };
      const byName = new Map(api.components.map((c) => [c.name, c.status]));
      return byName.get('API') === 'partial_outage' && byName.get('Webhooks') === 'degraded_performance';
    }, 5_000, 100);
    expect(statuses, 'API and Webhooks keep the demo incident’s statuses in /api/v2/components.json').toBe(true);
    await context.close();
  });
});
