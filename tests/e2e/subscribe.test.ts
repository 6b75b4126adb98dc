import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import type { Browser, BrowserContext } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { waitFor } from '../support/herald-process.ts';
import { type SharedHerald, sharedHerald } from '../support/shared-herald.ts';

// The run's shared server; no SMTP_URL, so mail lands in HERALD_DATA_DIR/outbox.
let dataDir: string;
let herald: SharedHerald;
let browser: Browser;
const SHOTS = path.resolve(import.meta.dirname, '..', '..', 'scratch', 'subscribe-shots');

async function newContext(options: { javaScriptEnabled?: boolean } = {}): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  await context.route('**/*', (route) => (new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort('blockedbyclient')));
  return context;
}

/** The newest message in the outbox addressed to `to`, parsed. */
async function newestMailTo(to: string): Promise<{ text: string }> {
  const dir = path.join(dataDir, 'outbox');
  let found: { text: string } | null = null;
  await waitFor(async () => {
    const files = readdirSync(dir).filter((name) => name.endsWith('.eml')).sort().reverse();
    for (const file of files) {
      const mail = await simpleParser(readFileSync(path.join(dir, file)));
      if (mail.to && !Array.isArray(mail.to) && mail.to.text.includes(to)) {
        found = { text: mail.text ?? '' };
        return true;
      }
    }
    return false;
  }, 10_000);
  if (found === null) throw new Error(`no mail to ${to} in the outbox`);
  return found;
}

/** The page's own links point at PUBLIC_URL; the test server is elsewhere. */
function local(url: string): string {
  const parsed = new URL(url);
  return `${herald.url}${parsed.pathname}${parsed.search}`;
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  herald = sharedHerald();
  dataDir = herald.dataDir;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe('subscribing', () => {
  it('subscribes without JavaScript, confirms with the button behind the emailed link, and unsubscribes in one click', async () => {
    const context = await newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${herald.url}/`);
    await page.getByRole('link', { name: 'Subscribe to updates' }).first().click();
    await page.waitForURL(/\/subscribe$/);
    await page.screenshot({ path: path.join(SHOTS, 'subscribe.png'), fullPage: true });

    await page.getByLabel('Email address').fill('reader@example.com');
    await page.getByLabel('API', { exact: true }).check();
    const loaded = page.waitForEvent('load');
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await loaded;
    await expect(page.getByRole('status').textContent()).resolves.toContain('Check your inbox: we sent a link to confirm');

    const mail = await newestMailTo('reader@example.com');
    const confirmUrl = /https?:\/\/\S+\/subscribe\/confirm\?token=[^\s>\])]+/.exec(mail.text)?.[0];
    expect(confirmUrl).toBeTruthy();
    // A link-scanning mail filter opens the link first: that confirms nothing.
    const scanned = await fetch(local(confirmUrl!));
    expect(scanned.status).toBe(200);
    expect(await scanned.text()).toContain('Confirm subscription');
    const opened = await page.goto(local(confirmUrl!));
    expect(opened?.status()).toBe(200);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Confirm your subscription');
    await page.screenshot({ path: path.join(SHOTS, 'confirm.png'), fullPage: true });
    const posted = page.waitForEvent('load');
    await page.getByRole('button', { name: 'Confirm subscription' }).click();
    await posted;
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe("You're subscribed");
    const manageHref = await page.getByRole('link', { name: /Choose components or unsubscribe/ }).getAttribute('href');
    const again = await page.goto(local(confirmUrl!));
    expect(again?.status()).toBe(404);

    // The manage link from the confirmation page carries the unsubscribe token.
    const token = new URL(manageHref!, herald.url).searchParams.get('token')!;
    const unsubscribePage = await page.goto(`${herald.url}/unsubscribe?token=${encodeURIComponent(token)}`);
    expect(unsubscribePage?.status()).toBe(200);
    await expect(page.getByRole('button', { name: 'Unsubscribe' }).count()).resolves.toBe(1);
    await page.screenshot({ path: path.join(SHOTS, 'unsubscribe.png'), fullPage: true });
    await context.close();

    // RFC 8058 one-click: as a mail provider posts it, with no cookie, session or Origin.
    const oneClick = await fetch(`${herald.url}/unsubscribe?token=${encodeURIComponent(token)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(200);
    expect(await oneClick.text()).toContain("You're unsubscribed");

    const status = await fetch(`${herald.url}/subscribe/manage?token=${encodeURIComponent(token)}`);
    expect(await status.text()).toContain('unsubscribed');

    const tampered = await fetch(`${herald.url}/unsubscribe?token=${encodeURIComponent(`${token.slice(0, -2)}xx`)}`, { method: 'POST' });
    expect(tampered.status).toBe(404);
  });

  it('shows a bad address next to the field and keeps what was typed', async () => {
    const context = await newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${herald.url}/subscribe`);
    await page.getByLabel('Email address').fill('not an address');
    await page.getByLabel('API', { exact: true }).check();
    const loaded = page.waitForEvent('load');
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await loaded;
    const field = page.getByLabel('Email address');
    await expect(field.inputValue()).resolves.toBe('not an address');
    await expect(field.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(page.locator('#email-error').textContent()).resolves.toContain('Enter an email address');
    await expect(page.getByLabel('API', { exact: true }).isChecked()).resolves.toBe(true);
    await page.screenshot({ path: path.join(SHOTS, 'subscribe-error.png'), fullPage: true });
    await context.close();
  });
});
