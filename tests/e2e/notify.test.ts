import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ParsedMail } from 'mailparser';
import pg from 'pg';
import type { Browser, BrowserContext, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserWithCli, signInWithForm } from '../support/accounts.ts';
import { connectToEmbedded } from '../support/embedded-sql.ts';
import { launchBrowser } from '../support/browser.ts';
import { heraldEnv, type HeraldProcess, startHerald, waitFor } from '../support/herald-process.ts';
import { type SmtpSink, startSmtpSink } from '../support/smtp-sink.ts';

/*
 * Email end to end, through the real pages and a real SMTP server: subscribe on the
 * public page, confirm with the button behind the mailed link, publish in the admin, receive the
 * notification (both parts, one-click unsubscribe headers), unsubscribe with the
 * RFC 8058 POST a mail provider sends, publish again, receive nothing. The built
 * server with the demo page and its active incident, one fresh embedded database.
 */

const READER = 'reader.notify@example.com';
/** Stays subscribed: their copy of the last update shows the loop did run when READER gets nothing. */
const CONTROL = 'control.notify@example.com';
const COMMS = { email: 'casey.notify@example.com', name: 'Casey Comms', role: 'comms' };
const ADMIN = { email: 'ada.notify@example.com', name: 'Ada Admin', role: 'admin' };
const TEAM_LIST = 'oncall.notify@example.com';
const PUBLIC_URL = 'https://status.example.com';

let dataDir: string;
let env: NodeJS.ProcessEnv;
let sink: SmtpSink;
let herald: HeraldProcess;
let browser: Browser;
let sql: pg.Client;

async function newContext(): Promise<BrowserContext> {
  const context = await browser.newContext();
  await context.route('**/*', (route) => (new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort('blockedbyclient')));
  return context;
}

/** Links in mail point at PUBLIC_URL; the test server is elsewhere. */
function local(url: string): string {
  const parsed = new URL(url);
  expect(parsed.origin).toBe(PUBLIC_URL);
  return `${herald.url}${parsed.pathname}${parsed.search}`;
}

/**
 * True once the server has nothing left to send: every notification fanned out and
 * no delivery queued or in flight. Checking that a message did NOT arrive waits for
 * this instead of for a fixed time. Read through the embedded database's socket, as psql would.
 */
async function deliveriesSettled(): Promise<boolean> {
  const { rows } = await sql.query<{ pending: string }>(
    `select (select count(*) from notifications where fanned_out_at is null) + (select count(*) from deliveries where status in ('queued', 'sending')) as pending`,
  );
  return Number(rows[0]?.pending) === 0;
}

function isTo(mail: ParsedMail, address: string): boolean {
  const to = Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : [];
  return to.some((group) => group.value.some((entry) => entry.address?.toLowerCase() === address));
}

/** The first message to `address` whose text contains `marker`, waiting for it. */
async function mailTo(address: string, marker: string, timeoutMs = 20_000): Promise<ParsedMail> {
  const find = (): ParsedMail | undefined => sink.received.find((mail) => isTo(mail, address) && (mail.text ?? '').includes(marker));
  await waitFor(async () => find() !== undefined, timeoutMs);
  const found = find();
  if (!found) throw new Error(`No mail to ${address} containing "${marker}". Received: ${sink.received.map((m) => m.subject).join(' | ')}\n${herald.output()}`);
  return found;
}

function header(mail: ParsedMail, name: string): string {
  const line = mail.headerLines.find((h) => h.key === name.toLowerCase())?.line ?? '';
  return line.slice(line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim();
}

/** Subscribes on the public page by its labels (all components), and confirms by the mailed link. */
async function subscribeAndConfirm(page: Page, address: string): Promise<void> {
  await page.goto(`${herald.url}/`);
  await page.getByRole('link', { name: 'Subscribe to updates' }).first().click();
  await page.waitForURL(/\/subscribe$/);
  await page.getByLabel('Email address').fill(address);
  const subscribed = page.waitForEvent('load');
  await page.getByRole('button', { name: 'Subscribe' }).click();
  await subscribed;
  await expect(page.getByRole('status').textContent()).resolves.toContain('Check your inbox');

  // The confirmation arrives over SMTP (sent by the delivery loop, not the request);
  // its link opens a page whose button confirms.
  const confirmation = await mailTo(address, '/subscribe/confirm?token=');
  const confirmUrl = /https?:\/\/\S+\/subscribe\/confirm\?token=[^\s>\])]+/.exec(confirmation.text ?? '')?.[0];
  expect(confirmUrl).toBeTruthy();
  const opened = await page.goto(local(confirmUrl!));
  expect(opened?.status()).toBe(200);
  const confirmed = page.waitForEvent('load');
  await page.getByRole('button', { name: 'Confirm subscription' }).click();
  await confirmed;
  await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe("You're subscribed");
}

async function publishExternal(page: Page, incidentId: string, body: string): Promise<void> {
  await page.goto(`${herald.url}/admin/incidents/${incidentId}`);
  await page.getByRole('radio', { name: /^External/ }).check();
  await page.getByLabel('Update', { exact: true }).fill(body);
  await expect(page.getByRole('checkbox', { name: /^Email subscribers/ }).isChecked()).resolves.toBe(true);
  const loaded = page.waitForEvent('load');
  await page.getByRole('button', { name: /^Publish to status page · notify/ }).click();
  await loaded;
  await expect(page.getByRole('status').first().textContent()).resolves.toContain('Update published.');
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'herald-e2e-notify-'));
  sink = await startSmtpSink();
  env = heraldEnv({ HERALD_DATA_DIR: dataDir, PUBLIC_URL, SMTP_URL: sink.url, SMTP_POOL_SIZE: '2' });
  herald = await startHerald(env);
  await createUserWithCli(env, COMMS);
  await createUserWithCli(env, ADMIN);
  sql = await connectToEmbedded(dataDir);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await sql?.end();
  await herald?.stop();
  await sink?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('email notifications', () => {
  it('confirms a subscriber, notifies them of a published update, and stops after one-click unsubscribe', async () => {
    const context = await newContext();
    const reader = await context.newPage();
    await reader.goto(`${herald.url}/`);
    const activeHref = await reader.getByRole('region', { name: 'Active incidents' }).getByRole('link').first().getAttribute('href');
    const incidentId = /\/incidents\/([A-Za-z0-9_-]+)/.exec(activeHref ?? '')?.[1];
    expect(incidentId, 'the demo has an active incident').toBeTruthy();
    await subscribeAndConfirm(reader, READER);
    await subscribeAndConfirm(reader, CONTROL);
    await context.close();

    // Comms publishes an external update on the active incident.
    const admin = await newContext();
    const page = await admin.newPage();
    await signInWithForm(page, herald.url, COMMS.email);
    await page.waitForURL(`${herald.url}/admin`);
    const first = `Rate limiter rolled back ${Date.now().toString(36)}`;
    await publishExternal(page, incidentId!, first);

    // The notification: both parts, the update, and the one-click unsubscribe headers.
    const mail = await mailTo(READER, first);
    expect(mail.text).toContain(first);
    expect(typeof mail.html === 'string' ? mail.html : '').toContain(first);
    const listUnsubscribe = header(mail, 'List-Unsubscribe');
    expect(listUnsubscribe).toMatch(/^<https:\/\/status\.example\.com\/unsubscribe\?token=[^>]+>/);
    expect(header(mail, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(header(mail, 'List-Id')).toContain('<status.example.com>');
    expect(mail.messageId).toMatch(/^<update-.+@status\.example\.com>$/);

    // The incident page shows the delivery summary, and its JSON says the same.
    await page.reload();
    await expect(page.getByRole('region', { name: 'Email delivery' }).textContent()).resolves.toMatch(/Email: [1-9]\d* sent/);
    const updateHref = await page.getByRole('region', { name: 'Email delivery' }).getByRole('link').last().getAttribute('href');
    const updateId = updateHref?.replace('#update-', '') ?? '';
    const json = await page.request.get(`${herald.url}/admin/updates/${updateId}/deliveries.json`);
    expect(json.status()).toBe(200);
    expect(await json.json()).toMatchObject({ updateId, sent: expect.any(Number), failed: 0, text: expect.stringMatching(/^Email: /) });

    // RFC 8058: the mail provider POSTs the https link, with no cookie, session or CSRF token.
    const oneClickUrl = /^<([^>]+)>/.exec(listUnsubscribe)?.[1] ?? '';
    const oneClick = await fetch(local(oneClickUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(200);

    // Another update: it reaches the control subscriber, and nothing more reaches the reader.
    const second = `Error rates back to normal ${Date.now().toString(36)}`;
    await publishExternal(page, incidentId!, second);
    await mailTo(CONTROL, second);
    expect(await waitFor(deliveriesSettled, 20_000), 'deliveries settled').toBe(true);
    expect(sink.received.filter((m) => isTo(m, READER) && (m.text ?? '').includes(second))).toEqual([]);
    expect(sink.received.filter((m) => isTo(m, READER) && (m.text ?? '').includes(first))).toHaveLength(1);
    await admin.close();
  });

  it('sends published internal updates to users who opted in and to the addresses in settings, never to subscribers', async () => {
    const context = await newContext();
    const page = await context.newPage();
    await page.goto(`${herald.url}/`);
    const activeHref = await page.getByRole('region', { name: 'Active incidents' }).getByRole('link').first().getAttribute('href');
    const incidentId = /\/incidents\/([A-Za-z0-9_-]+)/.exec(activeHref ?? '')?.[1];

    // The admin adds a team address on the settings page, by its labels.
    await signInWithForm(page, herald.url, ADMIN.email);
    await page.goto(`${herald.url}/admin/settings`);
    await page.getByLabel('Add an address').fill(TEAM_LIST);
    let loaded = page.waitForEvent('load');
    await page.getByRole('button', { name: 'Add to the internal list' }).click();
    await loaded;
    await expect(page.getByRole('region', { name: 'Internal mailing list' }).textContent()).resolves.toContain(TEAM_LIST);
    await page.getByLabel('Add an address').fill('not an address');
    loaded = page.waitForEvent('load');
    await page.getByRole('button', { name: 'Add to the internal list' }).click();
    await loaded;
    await expect(page.getByLabel('Add an address').getAttribute('aria-invalid')).resolves.toBe('true');
    await context.clearCookies();

    // Comms opts in on their account page, then posts an internal update.
    await signInWithForm(page, herald.url, COMMS.email);
    await page.goto(`${herald.url}/admin/account`);
    const optIn = page.getByRole('checkbox', { name: 'Email me internal updates' });
    await expect(optIn.isChecked()).resolves.toBe(false);
    await optIn.check();
    loaded = page.waitForEvent('load');
    await page.getByRole('button', { name: 'Save email choice' }).click();
    await loaded;
    await expect(page.getByRole('checkbox', { name: 'Email me internal updates' }).isChecked()).resolves.toBe(true);

    const secret = `Rolled back deploy 1432 ${Date.now().toString(36)}`;
    await page.goto(`${herald.url}/admin/incidents/${incidentId}`);
    await page.getByRole('radio', { name: /^Internal only/ }).check();
    await page.getByLabel('Update', { exact: true }).fill(secret);
    loaded = page.waitForEvent('load');
    await page.getByRole('button', { name: 'Post internal update' }).click();
    await loaded;

    await mailTo(COMMS.email, secret);
    await mailTo(TEAM_LIST, secret);
    expect(await waitFor(deliveriesSettled, 20_000), 'deliveries settled').toBe(true);
    const leaked = sink.received.filter((mail) => (mail.text ?? '').includes(secret) && (isTo(mail, CONTROL) || isTo(mail, READER) || isTo(mail, ADMIN.email)));
    expect(leaked).toEqual([]);
    await context.close();
  });
});
