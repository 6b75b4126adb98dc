import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserWithCli, signInWithForm } from '../support/accounts.ts';
import { launchBrowser } from '../support/browser.ts';
import { runHerald } from '../support/herald-process.ts';
import { type SharedHerald, sharedHerald } from '../support/shared-herald.ts';

// Renaming an incident on its hub page (the same use case as the API's PATCH name).
let herald: SharedHerald;
let browser: Browser;
const SHOTS = path.resolve(import.meta.dirname, '..', '..', 'scratch', 'incident-rename-shots');
const COMMS = { email: 'casey.rename@example.com', name: 'Casey Rename', role: 'comms' };

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  herald = sharedHerald();
  await createUserWithCli(herald.env, COMMS);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe('renaming an incident in the hub', () => {
  it('renames it from the incident page, keeps an empty name with the message next to the field, and the timeline says so', async () => {
    // An incident to rename, created through the API as a deploy script would.
    const created = await runHerald(['token', 'create', '--name', 'rename e2e', '--scopes', 'incidents:write,incidents:publish'], herald.env);
    expect(created.code, created.output).toBe(0);
    const token = created.output.trim().split('\n').at(-1) ?? '';
    const pageId = ((await (await fetch(`${herald.url}/api/v2/summary.json`)).json()) as { page: { id: string } }).page.id;
    const answer = await fetch(`${herald.url}/api/v1/pages/${pageId}/incidents`, {
      method: 'POST',
      headers: { authorization: `OAuth ${token}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'incident[name]=Slow+logins&incident[body]=We+are+looking+into+it.',
    });
    expect(answer.status).toBe(201);
    const { id } = (await answer.json()) as { id: string };

    const context = await browser.newContext();
    await context.route('**/*', (route) => (new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort('blockedbyclient')));
    const page = await context.newPage();
    await signInWithForm(page, herald.url, COMMS.email);
    await page.goto(`${herald.url}/admin/incidents/${id}`);
    const name = page.getByLabel('Incident name');
    await expect(name.inputValue()).resolves.toBe('Slow logins');

    await name.fill('   ');
    let loaded = page.waitForEvent('load');
    await page.getByRole('button', { name: 'Rename' }).click();
    await loaded;
    await expect(page.locator('#r-title-error').textContent()).resolves.toBe('Give the incident a title');
    await expect(page.getByLabel('Incident name').getAttribute('aria-invalid')).resolves.toBe('true');
    await page.locator('section[aria-labelledby="manage-h"]').screenshot({ path: path.join(SHOTS, 'rename-form-error.png') });
    await page.screenshot({ path: path.join(SHOTS, 'rename-error.png'), fullPage: true });

    await page.getByLabel('Incident name').fill('Slow sign-ins');
    loaded = page.waitForEvent('load');
    await page.getByRole('button', { name: 'Rename' }).click();
    await loaded;
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Slow sign-ins');
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('Incident renamed.');
    await expect(page.locator('#timeline').textContent()).resolves.toContain('renamed the incident from “Slow logins” to “Slow sign-ins”');
    await page.screenshot({ path: path.join(SHOTS, 'renamed.png'), fullPage: true });
    await context.close();
  });
});
