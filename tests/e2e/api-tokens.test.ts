import type { Browser, BrowserContext, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserWithCli, signInWithForm } from '../support/accounts.ts';
import { launchBrowser } from '../support/browser.ts';
import { type SharedHerald, sharedHerald } from '../support/shared-herald.ts';

// The run's shared server; this file's own accounts and token names.
const ADMIN = { name: 'Tess Tokens', email: 'tess.tokens@example.com' };
const COMMS = { name: 'Cole Comms', email: 'cole.tokens@example.com' };
const SHOTS = process.env['HERALD_SHOTS_DIR'];

let herald: SharedHerald;
let browser: Browser;
const contexts: BrowserContext[] = [];

async function signedIn(email: string, next: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  contexts.push(context);
  await context.route('**/*', (route) => (new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort('blockedbyclient')));
  const page = await context.newPage();
  await signInWithForm(page, herald.url, email, { next });
  await page.waitForURL((url) => url.pathname === next);
  return page;
}

async function pageId(): Promise<string> {
  return ((await (await fetch(`${herald.url}/api/v2/summary.json`)).json()) as { page: { id: string } }).page.id;
}

beforeAll(async () => {
  herald = sharedHerald();
  await createUserWithCli(herald.env, { ...ADMIN, role: 'admin' });
  await createUserWithCli(herald.env, { ...COMMS, role: 'comms' });
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
});

describe('API tokens in the hub', () => {
  it('creates a token shown once, lists it with its last use, and revokes it after a confirmation', async () => {
    const admin = await signedIn(ADMIN.email, '/admin/tokens');
    // The page lives in the hub's "Admin" menu: its summary is marked, and the link inside is the current page.
    const hub = admin.getByRole('navigation', { name: 'Hub' });
    await expect(hub.locator('.adm-nav-group summary').textContent()).resolves.toBe('Admin (current: API tokens)');
    await hub.locator('.adm-nav-group summary').click();
    await expect(hub.getByRole('link', { name: 'API tokens' }).first().getAttribute('aria-current')).resolves.toBe('page');

    // A refused form keeps what was typed and says what is wrong next to the field.
    await admin.getByLabel('Name').fill('Deploy bot');
    await admin.getByRole('button', { name: 'Create token' }).click();
    await expect(admin.locator('#scopes-error').textContent()).resolves.toBe('Choose at least one scope.');
    await expect(admin.getByLabel('Name').inputValue()).resolves.toBe('Deploy bot');

    await admin.getByRole('checkbox', { name: /components:write:/ }).check();
    await admin.getByRole('checkbox', { name: /^\s*read:/ }).check();
    await admin.getByLabel('Expires after').selectOption({ label: '30 days' });
    await admin.getByRole('button', { name: 'Create token' }).click();
    const shown = admin.getByLabel('The token Deploy bot');
    const token = await shown.inputValue();
    expect(token).toMatch(/^hrld_[a-z2-7]{8}_[a-z2-7]{32}$/);
    await expect(admin.getByRole('status').first().textContent()).resolves.toContain('shown only this once');
    if (SHOTS) await admin.screenshot({ path: `${SHOTS}/tokens-created-1280.png`, fullPage: true });

    // It works, and is never shown again.
    const used = await fetch(`${herald.url}/api/v1/pages/${await pageId()}/components`, { headers: { authorization: `OAuth ${token}` } });
    expect(used.status).toBe(200);
    await admin.goto(`${herald.url}/admin/tokens`);
    expect(await admin.content()).not.toContain(token.split('_')[2]);
    const row = admin.getByRole('row', { name: /Deploy bot/ });
    await expect(row.textContent()).resolves.toMatch(new RegExp(`${token.slice(0, 13)}….*read, components:write.*by Tess Tokens.*from 127\\.0\\.0\\.1.*Active`));

    // Revoking needs the box ticked.
    await row.getByText('Revoke…').click();
    await row.getByRole('button', { name: 'Revoke token' }).click();
    await expect(admin.getByRole('row', { name: /Deploy bot/ }).getByRole('alert').textContent()).resolves.toContain('Tick the box');
    const again = admin.getByRole('row', { name: /Deploy bot/ });
    await again.getByLabel(/Yes, revoke/).check();
    await again.getByRole('button', { name: 'Revoke token' }).click();
    await admin.waitForURL(/done=revoked/);
    await expect(admin.getByRole('status').first().textContent()).resolves.toContain('Token revoked');
    await expect(admin.getByRole('row', { name: /Deploy bot/ }).textContent()).resolves.toContain('Revoked');
    if (SHOTS) await admin.screenshot({ path: `${SHOTS}/tokens-revoked-1280.png`, fullPage: true });
    const refused = await fetch(`${herald.url}/api/v1/pages/${await pageId()}/components`, { headers: { authorization: `Bearer ${token}` } });
    expect(refused.status).toBe(401);

    if (SHOTS) {
      const narrow = await signedIn(ADMIN.email, '/admin/tokens', { width: 390, height: 844 });
      await narrow.screenshot({ path: `${SHOTS}/tokens-390.png`, fullPage: true });
    }
  });

  it('is for admins only: no link and a 403 for others', async () => {
    const comms = await signedIn(COMMS.email, '/admin');
    await expect(comms.getByRole('link', { name: 'API tokens', includeHidden: true }).count()).resolves.toBe(0);
    const response = await comms.goto(`${herald.url}/admin/tokens`);
    expect(response?.status()).toBe(403);
  });
});
