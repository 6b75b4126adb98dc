import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import type { Browser, BrowserContext } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserWithCli, signInWithForm } from '../support/accounts.ts';
import { launchBrowser } from '../support/browser.ts';
import { waitFor } from '../support/herald-process.ts';
import { type SharedHerald, sharedHerald } from '../support/shared-herald.ts';

// A public webhook subscriber through the browser: the plain refusal of a private
// address, the confirmation, then the manage page and the hub's list naming the URL.
let herald: SharedHerald;
let browser: Browser;
const SHOTS = path.resolve(import.meta.dirname, '..', '..', 'scratch', 'webhook-subscriber-shots');
const ADMIN = { email: 'ada.hooks@example.com', name: 'Ada Hooks', role: 'admin' };
const HOOK = 'https://93.184.215.14/e2e-status-hook';
const CONTACT = 'hooks.e2e@example.com';

async function newContext(): Promise<BrowserContext> {
  const context = await browser.newContext();
  await context.route('**/*', (route) => (new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort('blockedbyclient')));
  return context;
}

async function newestMailTo(to: string): Promise<string> {
  const dir = path.join(herald.dataDir, 'outbox');
  let found: string | null = null;
  await waitFor(async () => {
    for (const file of readdirSync(dir).filter((name) => name.endsWith('.eml')).sort().reverse()) {
      const mail = await simpleParser(readFileSync(path.join(dir, file)));
      if (mail.to && !Array.isArray(mail.to) && mail.to.text.includes(to)) {
        found = mail.text ?? '';
        return true;
      }
    }
    return false;
  }, 10_000);
  if (found === null) throw new Error(`no mail to ${to} in the outbox`);
  return found;
}

const local = (url: string): string => {
  const parsed = new URL(url);
  return `${herald.url}${parsed.pathname}${parsed.search}`;
};

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  herald = sharedHerald();
  await createUserWithCli(herald.env, ADMIN);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe('a public webhook subscriber', () => {
  it('is refused a private address in plain words, then confirmed, and sees its URL on the manage page; the hub lists the URL', async () => {
    const context = await newContext();
    const page = await context.newPage();
    await page.goto(`${herald.url}/subscribe`);
    await page.getByRole('radio', { name: /^Webhook/ }).check();
    await page.getByLabel(/^Webhook URL/).fill('http://127.0.0.1:9/hook');
    await page.getByLabel('Email address').fill(CONTACT);
    let loaded = page.waitForEvent('load');
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await loaded;
    const error = await page.locator('#webhookUrl-error').textContent();
    expect(error).toBe('127.0.0.1 is a loopback, private, link-local or metadata address: updates can only be posted to a URL reachable from the internet.');
    await page.screenshot({ path: path.join(SHOTS, 'private-address.png'), fullPage: true });

    await page.getByLabel(/^Webhook URL/).fill(HOOK);
    loaded = page.waitForEvent('load');
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await loaded;
    const confirmUrl = /https?:\/\/\S+\/subscribe\/confirm\?token=[^\s>\])]+/.exec(await newestMailTo(CONTACT))?.[0];
    expect(confirmUrl).toBeTruthy();
    await page.goto(local(confirmUrl!));
    loaded = page.waitForEvent('load');
    await page.getByRole('button', { name: 'Confirm subscription' }).click();
    await loaded;
    const manageHref = await page.getByRole('link', { name: /Choose components or unsubscribe/ }).getAttribute('href');
    await page.goto(local(new URL(manageHref!, 'https://status.example.com').toString()));
    const intro = await page.locator('.subscribe p').first().textContent();
    expect(intro?.replace(/\s+/g, ' ')).toContain(`Updates are posted to the webhook ${HOOK}; ${CONTACT} is its contact, told by email if it stops working.`);
    await page.screenshot({ path: path.join(SHOTS, 'manage.png'), fullPage: true });
    await context.close();

    const admin = await newContext();
    const hub = await admin.newPage();
    await signInWithForm(hub, herald.url, ADMIN.email);
    await hub.goto(`${herald.url}/admin/subscribers?q=${encodeURIComponent(CONTACT)}`);
    const cell = hub.locator('td.email-c', { hasText: CONTACT });
    await expect(cell.textContent()).resolves.toContain(`Webhook: ${HOOK} (this address is its contact)`);
    await hub.screenshot({ path: path.join(SHOTS, 'hub-list.png'), fullPage: true });
    await admin.close();
  });
});
