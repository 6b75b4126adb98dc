import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type ParsedMail, simpleParser } from 'mailparser';
import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserWithCli, signInWithForm } from '../support/accounts.ts';
import { launchBrowser } from '../support/browser.ts';
import { heraldEnv, type HeraldProcess, runHerald, startHerald, waitFor } from '../support/herald-process.ts';
import { solidPng } from '../support/png.ts';

// A fresh, empty install (no demo) that an admin then brands from the command line.
// No SMTP_URL: mail lands in HERALD_DATA_DIR/outbox, read from there.
const PUBLIC_URL = 'https://status.acme.test';
const ADMIN = { email: 'brand-admin@example.com', name: 'Bea Brand', role: 'admin' };
let dataDir: string;
let env: NodeJS.ProcessEnv;
let herald: HeraldProcess;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'herald-e2e-brand-'));
  env = heraldEnv({ HERALD_DATA_DIR: dataDir, HERALD_DEMO: '0', PUBLIC_URL });
  herald = await startHerald(env, 150_000); // a busy machine starts slowly
  await createUserWithCli(env, ADMIN);
  browser = await launchBrowser();
  const context = await browser.newContext();
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1') return route.continue();
    // Absolute links to the page (the email's logo) are answered by the test server.
    if (url.origin === PUBLIC_URL) return route.fulfill({ response: await route.fetch({ url: `${herald.url}${url.pathname}${url.search}` }) });
    return route.abort('blockedbyclient');
  });
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await herald?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('branding in the browser', () => {
  it('shows the name, logo and accent on the status page and the 404 after `page set`', async () => {
    await page.goto(`${herald.url}/`);
    expect(await page.title()).toBe('Status');

    writeFileSync(path.join(dataDir, 'logo.png'), solidPng(48, 48, [130, 80, 223]));
    const result = await runHerald(['page', 'set', '--name', 'Acme Cloud', '--accent', '#8250df', '--footer-link', 'Privacy | https://acme.test/privacy', '--logo', path.join(dataDir, 'logo.png')], env);
    expect(result.code, result.output).toBe(0);

    const started = Date.now();
    const renamed = await waitFor(async () => {
      await page.goto(`${herald.url}/`);
      return (await page.title()) === 'Acme Cloud Status';
    }, 10_000, 250);
    expect(renamed).toBe(true);
    expect(Date.now() - started).toBeLessThan(10_000);

    const logo = page.locator('header .brand-logo');
    await expect(logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).resolves.toBe(48);
    await expect(page.locator('header .brand').textContent()).resolves.toContain('Acme Cloud');
    const stripe = await page.locator('header.top').evaluate((el) => getComputedStyle(el).borderTopColor);
    expect(stripe).toBe('rgb(130, 80, 223)');
    await expect(page.getByRole('navigation', { name: 'Footer' }).getByRole('link', { name: 'Privacy' }).getAttribute('href')).resolves.toBe('https://acme.test/privacy');

    const missing = await page.goto(`${herald.url}/no/such/page`);
    expect(missing?.status()).toBe(404);
    expect(await page.title()).toBe('Page not found · Acme Cloud Status');
    await expect(page.locator('header .brand-logo').evaluate((img: HTMLImageElement) => img.naturalWidth)).resolves.toBe(48);
    await expect(page.locator('header .brand').textContent()).resolves.toContain('Acme Cloud');
    await expect(page.locator('header.top').evaluate((el) => getComputedStyle(el).borderTopColor)).resolves.toBe('rgb(130, 80, 223)');
  });

  it('keeps the brand in email: the logo (alt: the name) and the accent in the HTML, the name in subject, sender and text', async () => {
    await page.goto(`${herald.url}/subscribe`);
    await page.getByLabel('Email address').fill('reader@example.com');
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('Check your inbox');

    const mail = await newestMailTo('reader@example.com');
    expect(mail.subject).toBe('[Acme Cloud] Confirm your subscription');
    expect(mail.from?.value[0]?.name).toBe('Acme Cloud Status');
    expect(mail.text?.split('\n')[0]).toBe('Acme Cloud');
    const html = typeof mail.html === 'string' ? mail.html : '';
    expect(html).toMatch(/<img src="https:\/\/status\.acme\.test\/brand\/logo\?v=\d+" alt="Acme Cloud"/);
    expect(html).toContain('border-top:4px solid #8250df');
    expect(html).toContain('color:#8250df;');

    // As a mail client shows it: the logo loads from the page's public address.
    // (A blank tab: the status page's Content-Security-Policy would block the image.)
    const reader = await page.context().newPage();
    await reader.setContent(html);
    const logo = reader.getByRole('img', { name: 'Acme Cloud' });
    await expect(logo.evaluate((img: HTMLImageElement) => new Promise((done) => (img.complete ? done(img.naturalWidth) : img.addEventListener('load', () => done(img.naturalWidth)))))).resolves.toBe(48);
    await reader.close();
  });

  it('heads the hub with the page name and logo, not "Herald"', async () => {
    await signInWithForm(page, herald.url, ADMIN.email);
    await page.goto(`${herald.url}/admin`);
    const brand = page.locator('header .brand');
    await expect(brand.textContent()).resolves.toMatch(/^\s*Acme Cloud hub\s*$/);
    await expect(brand.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).resolves.toBe(48);
    await expect(page.locator('link[rel="icon"]').getAttribute('href')).resolves.toMatch(/^\/brand\/logo\?v=\d+$/);
  });

  it('takes a favicon in Settings: refuses a JPEG and an SVG with a script next to the field, then serves a plain SVG on every page', async () => {
    await page.goto(`${herald.url}/admin/settings`);
    const field = page.getByLabel('Upload a favicon');
    const upload = async (name: string, mimeType: string, buffer: Buffer): Promise<void> => {
      await page.getByLabel(/^(Upload|Replace) the favicon$|^Upload a favicon$/).setInputFiles({ name, mimeType, buffer });
      await page.getByRole('button', { name: 'Upload favicon' }).click();
      await page.waitForLoadState('load');
    };
    await expect(field.count()).resolves.toBe(1);
    await upload('photo.jpg', 'image/jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46]));
    await expect(page.locator('#favicon-error').textContent()).resolves.toBe('The file is neither a PNG nor an SVG image.');
    await expect(page.getByLabel('Upload a favicon').getAttribute('aria-invalid')).resolves.toBe('true');
    await upload('evil.svg', 'image/svg+xml', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'));
    await expect(page.locator('#favicon-error').textContent()).resolves.toContain('<script> element');

    await upload('icon.svg', 'image/svg+xml', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><circle cx="16" cy="16" r="14" fill="#8250df"/></svg>'));
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('Favicon saved.');
    await expect(page.getByRole('img', { name: 'Current favicon' }).evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).resolves.toBe(true);
    // Every page links it within seconds (the page snapshot follows the change).
    let hub: string | null = null;
    const linked = await waitFor(async () => {
      await page.goto(`${herald.url}/admin`);
      hub = await page.locator('link[rel="icon"]').getAttribute('href');
      return /^\/brand\/favicon\?v=\d+$/.test(hub ?? '');
    }, 10_000, 250);
    expect(linked, `hub links ${hub}`).toBe(true);
    const shown = await waitFor(async () => {
      await page.goto(`${herald.url}/no/such/page`);
      return (await page.locator('link[rel="icon"]').getAttribute('href')) === hub;
    }, 10_000, 250);
    expect(shown).toBe(true);
  });
});

/** The newest message in the outbox addressed to `to`, parsed. */
async function newestMailTo(to: string): Promise<ParsedMail> {
  const dir = path.join(dataDir, 'outbox');
  let found: ParsedMail | null = null;
  await waitFor(async () => {
    let files: string[];
    try {
      files = readdirSync(dir).filter((name) => name.endsWith('.eml')).sort().reverse();
    } catch {
      return false; // nothing sent yet
    }
    for (const file of files) {
      const mail = await simpleParser(readFileSync(path.join(dir, file)));
      if (mail.to && !Array.isArray(mail.to) && mail.to.text.includes(to)) {
        found = mail;
        return true;
      }
    }
    return false;
  }, 15_000);
  if (found === null) throw new Error(`no mail to ${to} in the outbox`);
  return found;
}
