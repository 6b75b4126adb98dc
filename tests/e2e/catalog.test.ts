import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { createUserWithCli, signInWithForm } from '../support/accounts.ts';
import { ROOT, waitFor } from '../support/herald-process.ts';
import { type SharedHerald, sharedHerald } from '../support/shared-herald.ts';

// The run's shared server (demo page, fresh embedded database); accounts from `herald user create`.
const ADMIN = { name: 'Ada Admin', email: 'ada@example.com' };
const RESPONDER = { name: 'Rory Responder', email: 'rory.catalog@example.com' };
const SHOTS = path.join(ROOT, 'scratch', 'catalog-shots');

let env: NodeJS.ProcessEnv;
let herald: SharedHerald;
let browser: Browser;
let admin: Page;
const contexts: BrowserContext[] = [];

async function newContext(options: { colorScheme?: 'light' | 'dark'; viewport?: { width: number; height: number } } = {}): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  contexts.push(context);
  await context.route('**/*', (route) => (new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort('blockedbyclient')));
  return context;
}

async function signIn(page: Page, email: string, next: string): Promise<void> {
  await signInWithForm(page, herald.url, email, { next });
  await page.waitForURL((url) => url.pathname === next);
}

async function createUser(user: { name: string; email: string }, role: string): Promise<void> {
  await createUserWithCli(env, { ...user, role });
}

/** The section of one group on /admin/components. */
const groupSection = (page: Page, name: string): Locator => page.getByRole('region', { name, exact: true });

/** Component names in a section, in order (the label's hidden " status" suffix removed). */
async function namesIn(section: Locator): Promise<string[]> {
  return (await section.locator('.cat-n').allTextContents()).map((text) => text.replace(/ status$/, ''));
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * Saves a screenshot under scratch/ for people to look at, and checks it is one:
 * a PNG on disk as wide as the viewport, at least a screen tall, and not blank
 * (a blank page compresses to a few hundred bytes).
 */
async function screenshot(page: Page, name: string, options: { width: number; fullPage?: boolean }): Promise<void> {
  const file = path.join(SHOTS, name);
  const png = await page.screenshot({ path: file, fullPage: options.fullPage ?? false });
  expect(readFileSync(file).equals(png), `${name} written`).toBe(true);
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE), `${name} is a PNG`).toBe(true);
  // IHDR: width and height, big-endian, right after the signature and the chunk header.
  expect(png.readUInt32BE(16), `${name} width`).toBe(options.width);
  expect(png.readUInt32BE(20), `${name} height`).toBeGreaterThanOrEqual(page.viewportSize()?.height ?? 1);
  expect(png.length, `${name} size`).toBeGreaterThan(5_000);
}

/** Relative luminance (0 black … 1 white) of the page's background, as painted. */
function backgroundLuminance(page: Page): Promise<number> {
  return page.evaluate(() => {
    const painted = [document.body, document.documentElement].map((el) => getComputedStyle(el).backgroundColor).find((c) => !/rgba\(0, 0, 0, 0\)|transparent/.test(c)) ?? 'rgb(255, 255, 255)';
    const [r = 255, g = 255, b = 255] = (painted.match(/\d+(\.\d+)?/g) ?? []).map(Number);
    const linear = (v: number): number => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
  });
}

beforeAll(async () => {
  herald = sharedHerald();
  env = herald.env;
  await createUser(ADMIN, 'admin');
  await createUser(RESPONDER, 'responder');
  browser = await launchBrowser();
  admin = await (await newContext()).newPage();
  await signIn(admin, ADMIN.email, '/admin/components');
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
});

describe('managing components in the browser', () => {
  it('creates a component by its labels, sets it to major outage, and the public page shows it', async () => {
    await admin.goto(`${herald.url}/admin/components`);
    await admin.getByRole('link', { name: 'New component' }).click();
    await admin.waitForURL(/\/admin\/components\/new$/);
    await admin.getByLabel('Name').fill('Billing API');
    await admin.getByLabel('Description').fill('Invoices and payments');
    await admin.getByLabel('Group').selectOption({ label: 'Core platform' });
    await admin.getByRole('button', { name: 'Add component' }).click();
    await admin.waitForURL(/\/admin\/components\?done=created/);
    await expect(admin.getByRole('status').textContent()).resolves.toContain('Component added');

    const core = groupSection(admin, 'Core platform');
    expect((await namesIn(core)).at(-1)).toBe('Billing API');

    await admin.getByLabel('Billing API status').selectOption({ label: 'Major outage' });
    await admin.getByRole('button', { name: 'Set status of Billing API' }).click();
    await admin.waitForURL(/done=status/);
    await expect(admin.getByRole('status').textContent()).resolves.toContain('Billing API is now “Major outage”');
    await expect(admin.getByLabel('Billing API status').inputValue()).resolves.toBe('major_outage');

    // Someone else, not signed in, sees it on the public page.
    const visitor = await (await newContext()).newPage();
    const shown = await waitFor(async () => {
      await visitor.goto(`${herald.url}/`);
      const row = visitor.locator('.cmp', { has: visitor.locator('.cmp-n', { hasText: /^Billing API$/ }) });
      return (await row.count()) === 1 && ((await row.locator('.st').textContent()) ?? '').includes('Major outage');
    }, 15_000, 250);
    expect(shown).toBe(true);
    await expect(visitor.getByRole('region', { name: 'Overall status' }).textContent()).resolves.toMatch(/Outage/);
  });

  it('moves a component up within its group and a group up the page', async () => {
    await admin.goto(`${herald.url}/admin/components`);
    const before = await namesIn(groupSection(admin, 'Core platform'));
    expect(before.at(-1)).toBe('Billing API');
    await admin.getByRole('button', { name: 'Move Billing API Up' }).click();
    await admin.waitForURL(/#c-/);
    const after = await namesIn(groupSection(admin, 'Core platform'));
    expect(after).toEqual([...before.slice(0, -2), 'Billing API', before.at(-2)]);

    const groups = async (): Promise<string[]> => admin.locator('.cat-sec-h h2').allTextContents();
    const order = await groups();
    const second = order[1]!;
    await admin.getByRole('button', { name: `Move group up: ${second}` }).click();
    await admin.waitForURL(/#g-/);
    expect(await groups()).toEqual([second, order[0], ...order.slice(2)]);
    // The first group cannot move further up.
    await expect(admin.getByRole('button', { name: `Move group up: ${second}` }).isDisabled()).resolves.toBe(true);
  });

  it('shows bad input next to the field and keeps what was typed', async () => {
    const rows = await admin.goto(`${herald.url}/admin/components`).then(() => admin.locator('.cat-row').count());
    await admin.goto(`${herald.url}/admin/components/new`);
    await admin.getByLabel('Name').fill('   ');
    await admin.getByLabel('Description').fill('Typed text stays put');
    await admin.getByLabel('Group').selectOption({ label: 'Data' });
    await admin.getByLabel('Only show it while it is not operational').check();
    const response = admin.waitForResponse((r) => r.request().method() === 'POST');
    await admin.getByRole('button', { name: 'Add component' }).click();
    expect((await response).status()).toBe(400);
    const name = admin.getByLabel('Name');
    await expect(name.getAttribute('aria-invalid')).resolves.toBe('true');
    const errorId = await name.getAttribute('aria-describedby');
    await expect(admin.locator(`#${errorId}`).textContent()).resolves.toBe('Give the component a name.');
    await expect(admin.getByLabel('Description').inputValue()).resolves.toBe('Typed text stays put');
    await expect(admin.getByLabel('Group').locator('option:checked').textContent()).resolves.toBe('Data');
    await expect(admin.getByLabel('Only show it while it is not operational').isChecked()).resolves.toBe(true);

    // A deletion needs its box ticked.
    await admin.goto(`${herald.url}/admin/components`);
    await admin.getByRole('link', { name: 'Edit Billing API' }).click();
    await admin.getByRole('button', { name: 'Delete component' }).click();
    await expect(admin.locator('#confirm-error').textContent()).resolves.toMatch(/Tick the box/);
    await admin.goto(`${herald.url}/admin/components`);
    expect(await admin.locator('.cat-row').count()).toBe(rows);
  });

  it('refuses a responder on the server, not only in the menu', async () => {
    const page = await (await newContext()).newPage();
    await signIn(page, RESPONDER.email, '/admin/account');
    expect(await page.getByRole('link', { name: 'Components' }).count()).toBe(0);
    for (const route of ['/admin/components', '/admin/components/new', '/admin/templates', '/admin/audit']) {
      const response = await page.goto(`${herald.url}${route}`);
      expect(response?.status(), route).toBe(403);
    }
    const componentId = (await admin.locator('.cat-row').first().getAttribute('id'))?.slice(2) ?? '';
    const posted = await page.request.post(`${herald.url}/admin/components`, {
      form: { intent: 'status', id: componentId, status: 'major_outage' },
      headers: { origin: herald.url },
      maxRedirects: 0,
    });
    expect(posted.status()).toBe(403);
  });

  it('lists what happened in the audit log, filterable', async () => {
    await admin.goto(`${herald.url}/admin/audit`);
    const table = admin.getByRole('table');
    await expect(table.textContent()).resolves.toContain('Billing API: Operational → Major outage');
    await admin.getByLabel('What').selectOption({ label: 'Component status changed' });
    await admin.getByLabel('Who').selectOption({ label: ADMIN.name });
    await admin.getByRole('button', { name: 'Show events' }).click();
    await admin.waitForURL(/kind=component.status_changed/);
    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBe(1);
    await expect(rows.first().textContent()).resolves.toContain(ADMIN.name);

    await admin.goto(`${herald.url}/admin/audit?from=2026-02-30`);
    await expect(admin.locator('#from-error').textContent()).resolves.toBe('There is no such date.');
  });

  it('writes an update template, refusing an unknown placeholder', async () => {
    await admin.goto(`${herald.url}/admin/templates`);
    await admin.getByRole('link', { name: 'New template' }).click();
    await admin.getByLabel('Name').fill('Monitoring a fix');
    await admin.getByLabel('Incident status').selectOption({ label: 'Monitoring' });
    await admin.getByLabel('Text').fill('A fix for {{incident.name}} is live.');
    await admin.getByRole('button', { name: 'Add template' }).click();
    await expect(admin.locator('#body-error').textContent()).resolves.toMatch(/^Unknown placeholder \{\{incident\.name\}\}/);
    await expect(admin.getByLabel('Name').inputValue()).resolves.toBe('Monitoring a fix');
    await expect(admin.getByLabel('Incident status').inputValue()).resolves.toBe('monitoring');
    await admin.getByLabel('Text').fill('A fix for {{components}} is live and we are monitoring the results.');
    await admin.getByRole('button', { name: 'Add template' }).click();
    await admin.waitForURL(/\/admin\/templates\?done=created/);
    const row = admin.getByRole('row', { name: /Monitoring a fix/ });
    await expect(row.textContent()).resolves.toContain('Monitoring');
  });

  it('takes screenshots of the components list and the audit log, each showing what it should', async () => {
    mkdirSync(SHOTS, { recursive: true });
    await admin.setViewportSize({ width: 1280, height: 900 });
    await admin.goto(`${herald.url}/admin/components`);
    await expect(admin.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Components');
    await expect(namesIn(groupSection(admin, 'Core platform'))).resolves.toContain('Billing API');
    await screenshot(admin, 'components.png', { width: 1280, fullPage: true });

    await admin.goto(`${herald.url}/admin/audit`);
    await expect(admin.getByRole('table').textContent()).resolves.toContain('Billing API: Operational → Major outage');
    await screenshot(admin, 'audit.png', { width: 1280 });

    await admin.goto(`${herald.url}/admin/audit?kind=component.status_changed&to=2026-02-30`);
    await expect(admin.locator('#to-error').textContent()).resolves.toBe('There is no such date.');
    await screenshot(admin, 'audit-bad-filter.png', { width: 1280 });

    await admin.goto(`${herald.url}/admin/components/new`);
    await admin.getByRole('button', { name: 'Add component' }).click();
    await expect(admin.getByLabel('Name').getAttribute('aria-invalid')).resolves.toBe('true');
    await screenshot(admin, 'component-new-error.png', { width: 1280, fullPage: true });

    await admin.goto(`${herald.url}/admin/templates`);
    await expect(admin.getByRole('row', { name: /Monitoring a fix/ }).count()).resolves.toBe(1);
    await screenshot(admin, 'templates.png', { width: 1280, fullPage: true });

    // A phone in dark mode gets the dark palette, not light text on white.
    const dark = await (await newContext({ colorScheme: 'dark', viewport: { width: 390, height: 844 } })).newPage();
    await signIn(dark, ADMIN.email, '/admin/components');
    await expect(dark.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Components');
    expect(await backgroundLuminance(dark)).toBeLessThan(0.2);
    await screenshot(dark, 'components-dark-390.png', { width: 390, fullPage: true });
  });
});
