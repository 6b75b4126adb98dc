import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ParsedMail } from 'mailparser';
import type { Browser, BrowserContext, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserWithCli, signInWithForm } from '../support/accounts.ts';
import { launchBrowser } from '../support/browser.ts';
import { heraldEnv, type HeraldProcess, startHerald, waitFor } from '../support/herald-process.ts';
import { type SmtpSink, startSmtpSink } from '../support/smtp-sink.ts';

/*
 * Maintenance that changes, in a real browser with a real SMTP server: a subscriber
 * confirms; comms schedules a window, edits and reschedules it (the subscriber is
 * told the new window), then cancels it with a message (the subscriber is told;
 * the public page no longer lists it, the history and the feed say cancelled).
 */

const READER = 'reader.maint@example.com';
const COMMS = { email: 'casey.maint@example.com', name: 'Casey Comms', role: 'comms' };
const PUBLIC_URL = 'https://status.example.com';
const SHOTS = path.resolve('test-results/screenshots');
// Far enough ahead that the real date never reaches it; the form reads it in UTC (no zone cookie).
const TITLE = 'Storage array firmware upgrade';

let dataDir: string;
let sink: SmtpSink;
let herald: HeraldProcess;
let browser: Browser;

async function newContext(): Promise<BrowserContext> {
  const context = await browser.newContext();
  await context.route('**/*', (route) => (new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort('blockedbyclient')));
  return context;
}

function isTo(mail: ParsedMail, address: string): boolean {
  const to = Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : [];
  return to.some((group) => group.value.some((entry) => entry.address?.toLowerCase() === address));
}

/** The first message to `address` whose subject ends with `subject` (after the page's name), waiting for it. */
async function mailTo(address: string, subject: string): Promise<ParsedMail> {
  const find = (): ParsedMail | undefined => sink.received.find((mail) => isTo(mail, address) && (mail.subject ?? '').endsWith(subject));
  await waitFor(async () => find() !== undefined, 20_000);
  const found = find();
  if (!found) throw new Error(`No mail to ${address} with subject "${subject}". Received: ${sink.received.map((m) => m.subject).join(' | ')}\n${herald.output()}`);
  return found;
}

async function submit(page: Page, button: string): Promise<void> {
  const loaded = page.waitForEvent('load');
  await page.getByRole('button', { name: button }).click();
  await loaded;
}

async function screenshots(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: path.join(SHOTS, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'herald-e2e-maint-'));
  sink = await startSmtpSink();
  const env = heraldEnv({ HERALD_DATA_DIR: dataDir, PUBLIC_URL, SMTP_URL: sink.url });
  herald = await startHerald(env);
  await createUserWithCli(env, COMMS);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await herald?.stop();
  await sink?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('maintenance that changes', () => {
  it('edits, reschedules and cancels a window, and updates one in progress; the subscriber is told each time', async () => {
    // A reader subscribes (all components) and confirms by the mailed link.
    const readerContext = await newContext();
    const reader = await readerContext.newPage();
    await reader.goto(`${herald.url}/subscribe`);
    await reader.getByLabel('Email address').fill(READER);
    await submit(reader, 'Subscribe');
    await waitFor(async () => sink.received.some((m) => isTo(m, READER) && (m.text ?? '').includes('/subscribe/confirm?token=')), 20_000);
    const confirmation = sink.received.find((m) => isTo(m, READER) && (m.text ?? '').includes('/subscribe/confirm?token='))!;
    const confirmUrl = new URL(/https?:\/\/\S+\/subscribe\/confirm\?token=[^\s>\])]+/.exec(confirmation.text ?? '')![0]);
    await reader.goto(`${herald.url}${confirmUrl.pathname}${confirmUrl.search}`);
    await submit(reader, 'Confirm subscription');

    // Comms schedules a window through the form.
    const context = await newContext();
    const page = await context.newPage();
    await signInWithForm(page, herald.url, COMMS.email);
    await page.goto(`${herald.url}/admin/maintenance/new`);
    await page.getByLabel(/^Title/).fill(TITLE);
    await page.getByLabel(/^Starts/).fill('2099-03-10T02:00');
    await page.getByLabel(/^Ends/).fill('2099-03-10T03:00');
    await page.locator('input[name="componentIds"]').first().check();
    await expect(page.getByLabel(/^Remind them before the start/).inputValue()).resolves.toBe('24');
    await expect(page.getByLabel('Email them when it starts').isChecked()).resolves.toBe(true);
    await screenshots(page, 'maintenance-new');
    await submit(page, 'Schedule maintenance');
    await mailTo(READER, `] Scheduled maintenance: ${TITLE}`);
    const detailUrl = page.url().replace(/\?.*$/, '');

    // Edit without moving the window: saved, nobody notified.
    await page.getByRole('link', { name: 'Edit or reschedule' }).click();
    await page.waitForURL(/\/edit$/);
    await screenshots(page, 'maintenance-edit');
    await page.getByLabel(/^Title/).fill(`${TITLE} (array B)`);
    await page.getByLabel(/^Remind them before the start/).fill('12');
    await submit(page, 'Save changes');
    await expect(page.locator('.facts').textContent()).resolves.toContain('Reminded 12 h before the start');
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('nobody was notified');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(`${TITLE} (array B)`);

    // Correct the published announcement: the public page shows the new text at once, nobody is emailed.
    await page.getByRole('link', { name: 'Edit or reschedule' }).click();
    await expect(page.getByLabel('Announcement', { exact: true }).inputValue()).resolves.toContain('We will be performing scheduled maintenance');
    await page.getByLabel('Announcement', { exact: true }).fill('Storage array B gets new firmware. Writes pause for up to a minute.');
    await submit(page, 'Save changes');
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('Subscribers were not emailed again');
    await expect(page.locator('.upd-list').textContent()).resolves.toContain('corrected');
    await reader.goto(`${herald.url}/`);
    await expect(reader.locator('body').textContent()).resolves.toContain('Writes pause for up to a minute.');
    // Corrected again, this time ticking the box: the subscriber gets the correction by email.
    await page.getByRole('link', { name: 'Edit or reschedule' }).click();
    await page.getByLabel('Announcement', { exact: true }).fill('Storage array B gets new firmware. Writes pause for up to two minutes.');
    await page.getByLabel('Email subscribers the corrected announcement').check();
    await submit(page, 'Save changes');
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('subscribers are being emailed the correction');
    const correction = await mailTo(READER, `] Maintenance announcement corrected: ${TITLE} (array B)`);
    expect(correction.text).toContain('Writes pause for up to two minutes.');
    // Exactly one message per step so far: confirmation, announcement, the emailed correction (the silent one sent nothing).
    expect(sink.received.filter((mail) => isTo(mail, READER)).map((mail) => mail.subject?.replace(/^\[[^\]]*\] /, ''))).toEqual([
      expect.stringMatching(/^Confirm/),
      `Scheduled maintenance: ${TITLE}`,
      `Maintenance announcement corrected: ${TITLE} (array B)`,
    ]);

    // Reschedule a day later: the subscriber gets "rescheduled" with the new window.
    await page.getByRole('link', { name: 'Edit or reschedule' }).click();
    await page.getByLabel(/^Starts/).fill('2099-03-11T02:00');
    await page.getByLabel(/^Ends/).fill('2099-03-11T04:00');
    await page.getByLabel(/^Message to subscribers/).fill('We moved the upgrade by a day to avoid the month-end run.');
    await submit(page, 'Save changes');
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('subscribers are being notified');
    const moved = await mailTo(READER, `] Maintenance rescheduled: ${TITLE} (array B)`);
    expect(moved.text).toContain('New window: Mar 11, 2099, 02:00 UTC to Mar 11, 2099, 04:00 UTC');
    expect(moved.text).toContain('We moved the upgrade by a day');

    // The public page lists it as upcoming, at its new time.
    await reader.goto(`${herald.url}/`);
    await expect(reader.locator('body').textContent()).resolves.toContain(`${TITLE} (array B)`);

    // Cancel with a message.
    await page.goto(detailUrl);
    await screenshots(page, 'maintenance-detail-scheduled');
    await page.getByLabel(/^Cancellation message/).fill('The vendor withdrew the firmware; no upgrade is needed.');
    await submit(page, 'Cancel maintenance');
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('Maintenance cancelled');
    await expect(page.getByRole('link', { name: 'Edit or reschedule' }).count()).resolves.toBe(0);
    await screenshots(page, 'maintenance-detail-cancelled');
    const cancelled = await mailTo(READER, `] Maintenance cancelled: ${TITLE} (array B)`);
    expect(cancelled.text).toContain('The vendor withdrew the firmware');

    // Off the public page and the upcoming API; cancelled in the feed and history.
    await reader.goto(`${herald.url}/`);
    await expect(reader.locator('body').textContent()).resolves.not.toContain(`${TITLE} (array B)`);
    const upcoming = await (await reader.request.get(`${herald.url}/api/v2/scheduled-maintenances/upcoming.json`)).json();
    expect(JSON.stringify(upcoming)).not.toContain(TITLE);
    const feed = await (await reader.request.get(`${herald.url}/feed.rss`)).text();
    expect(feed).toContain(`Cancelled: ${TITLE} (array B)`);
    await reader.goto(`${herald.url}/history`);
    const card = reader.locator('li', { hasText: `${TITLE} (array B)` });
    await expect(card.textContent()).resolves.toContain('Cancelled');
    await screenshots(reader, 'history-cancelled');

    // A second window, started by hand, gets an update while in progress: the subscriber is told.
    await page.goto(`${herald.url}/admin/maintenance/new`);
    await page.getByLabel(/^Title/).fill('Load balancer swap');
    await page.getByLabel(/^Starts/).fill('2099-04-01T02:00');
    await page.getByLabel(/^Ends/).fill('2099-04-01T03:00');
    await page.locator('input[name="componentIds"]').first().check();
    await submit(page, 'Schedule maintenance');
    await submit(page, 'Start maintenance now');
    await page.getByLabel('Update', { exact: true }).fill('Traffic is on the new balancers; draining the old ones.');
    await page.getByRole('radio', { name: 'Verifying' }).check();
    await submit(page, 'Publish update to status page');
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('Update published');
    await expect(page.locator('.facts').textContent()).resolves.toContain('Verifying');
    await screenshots(page, 'maintenance-detail-in-progress');
    const progress = await mailTo(READER, '] Maintenance update: Load balancer swap');
    expect(progress.text).toContain('draining the old ones');
    await context.close();
    await readerContext.close();
    // A long walk through every change (about 30 page loads and six emails): more than the default minute on a busy machine.
  }, 150_000);
});

