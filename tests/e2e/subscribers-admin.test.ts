import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Browser, BrowserContext, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserWithCli, signInWithForm } from '../support/accounts.ts';
import { connectToEmbedded } from '../support/embedded-sql.ts';
import { launchBrowser } from '../support/browser.ts';
import { heraldEnv, type HeraldProcess, startHerald } from '../support/herald-process.ts';

/*
 * The subscribers page by role, suspension reasons and reactivation, and the
 * dashboard's notice of a relay outage, through the built server and a browser.
 * Suspensions and the outage are written into the running server's embedded
 * database through its socket (as psql would), standing in for bounces and a relay
 * outage that the integration tests produce for real.
 */

const ADMIN = { email: 'ada.subs@example.com', name: 'Ada Admin', role: 'admin' };
const COMMS = { email: 'casey.subs@example.com', name: 'Casey Comms', role: 'comms' };
const VIEWER = { email: 'vic.subs@example.com', name: 'Vic Viewer', role: 'viewer' };
const RESPONDER = { email: 'rae.subs@example.com', name: 'Rae Responder', role: 'responder' };
const SHOTS = path.resolve(import.meta.dirname, '..', '..', 'scratch', 'subscribers-shots');

let dataDir: string;
let herald: HeraldProcess;
let browser: Browser;
let sql: pg.Client;

async function signedIn(user: { email: string }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  await context.route('**/*', (route) => (new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort('blockedbyclient')));
  const page = await context.newPage();
  await signInWithForm(page, herald.url, user.email);
  return { context, page };
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'herald-e2e-subs-'));
  const env = heraldEnv({ HERALD_DATA_DIR: dataDir, PUBLIC_URL: 'https://status.example.com', HERALD_DEMO: '0' });
  herald = await startHerald(env);
  for (const user of [ADMIN, COMMS, VIEWER, RESPONDER]) await createUserWithCli(env, user);
  sql = await connectToEmbedded(dataDir);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await sql?.end();
  await herald?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('subscribers admin', () => {
  it('keeps viewers and responders away from subscriber addresses, lets comms look (audited), and admins reactivate with reasons shown', async () => {
    // Admin imports three subscribers through the import page.
    const admin = await signedIn(ADMIN);
    await admin.page.goto(`${herald.url}/admin/subscribers/import`);
    await admin.page.getByLabel('Lines to import').fill('early.reader@example.com\nlate.reader@example.com\nsteady.reader@example.com');
    const imported = admin.page.waitForEvent('load');
    await admin.page.getByRole('button', { name: /Import/ }).click();
    await imported;
    await expect(admin.page.getByRole('status').first().textContent()).resolves.toContain('3 imported');

    for (const user of [VIEWER, RESPONDER]) {
      const { context, page } = await signedIn(user);
      expect(await page.getByRole('link', { name: 'Subscribers' }).count()).toBe(0);
      const response = await page.goto(`${herald.url}/admin/subscribers`);
      expect(response?.status()).toBe(403);
      expect(await page.textContent('body')).not.toContain('early.reader@example.com');
      await context.close();
    }

    const comms = await signedIn(COMMS);
    await comms.page.getByRole('link', { name: 'Subscribers' }).first().click();
    await comms.page.waitForURL(/\/admin\/subscribers$/);
    await expect(comms.page.getByRole('cell', { name: 'early.reader@example.com' }).count()).resolves.toBe(1);
    expect(await comms.page.getByRole('link', { name: 'Export CSV' }).count()).toBe(0);
    expect(await comms.page.getByRole('button', { name: /^Remove/ }).count()).toBe(0);
    const exported = await comms.context.request.get(`${herald.url}/admin/subscribers/export.csv`);
    expect(exported.status()).toBe(403);
    expect(await exported.text()).not.toContain('early.reader@example.com');
    await comms.context.close();

    // The audit log names who looked.
    await admin.page.goto(`${herald.url}/admin/audit`);
    const audit = (await admin.page.textContent('main')) ?? '';
    expect(audit).toContain('Subscriber list viewed');
    expect(audit).toContain(COMMS.name);
    expect(audit).toContain('Subscribers imported');

    // Two are suspended by bounces (the reasons as the delivery loop writes them).
    await sql.query(
      `update subscribers set status = 'suspended', bounce_count = 3, suspended_at = $2, suspended_reason = $3 where email = $1`,
      ['early.reader@example.com', '2026-11-28T08:00:00Z', '3 bounces; the last: 550 5.1.1 early.reader@example.com: user unknown'],
    );
    await sql.query(
      `update subscribers set status = 'suspended', bounce_count = 3, suspended_at = $2, suspended_reason = $3 where email = $1`,
      ['late.reader@example.com', '2026-11-29T10:05:00Z', '3 bounces; the last: 552 5.2.2 mailbox full'],
    );
    await admin.page.goto(`${herald.url}/admin/subscribers?status=suspended`);
    const reasons = await admin.page.locator('[data-suspension]').allTextContents();
    expect(reasons.join(' | ')).toContain('550 5.1.1 early.reader@example.com: user unknown');
    expect(reasons.join(' | ')).toContain('552 5.2.2 mailbox full');
    await admin.page.screenshot({ path: path.join(SHOTS, 'suspended.png'), fullPage: true });

    // Reactivate the ones suspended since 10:00 UTC on the 29th: only the late one.
    await admin.page.getByLabel('Reactivate every subscriber suspended since (UTC)').fill('2026-11-29T10:00');
    let loaded = admin.page.waitForEvent('load');
    await admin.page.getByRole('button', { name: 'Reactivate all suspended since then' }).click();
    await loaded;
    await expect(admin.page.getByRole('status').first().textContent()).resolves.toContain('Reactivated 1 subscriber: late.reader@example.com');

    // Then the other by ticking it.
    await admin.page.goto(`${herald.url}/admin/subscribers?status=suspended`);
    await admin.page.getByLabel('Select early.reader@example.com').check();
    loaded = admin.page.waitForEvent('load');
    await admin.page.getByRole('button', { name: 'Reactivate selected' }).click();
    await loaded;
    await expect(admin.page.getByRole('status').first().textContent()).resolves.toContain('Reactivated 1 subscriber: early.reader@example.com');
    const statuses = await sql.query<{ status: string }>(`select distinct status from subscribers`);
    expect(statuses.rows).toEqual([{ status: 'confirmed' }]);
    await admin.context.close();
  });

  it('shows an ongoing relay outage on the dashboard to admins and comms, not to viewers', async () => {
    await sql.query(`insert into mail_alerts (kind, opened_at, detail) values ('relay-outage', now(), 'Mail command failed: 550 5.7.0 Relay temporarily refusing all mail')`);
    for (const user of [ADMIN, COMMS]) {
      const { context, page } = await signedIn(user);
      await page.goto(`${herald.url}/admin`);
      const alert = page.locator('[data-mail-notice="ongoing"]');
      await expect(alert.textContent()).resolves.toContain('The email relay is failing: Mail command failed: 550 5.7.0 Relay temporarily refusing all mail');
      await expect(alert.getAttribute('role')).resolves.toBe('alert');
      if (user === ADMIN) await page.screenshot({ path: path.join(SHOTS, 'dashboard-outage.png'), fullPage: true });
      await page.goto(`${herald.url}/admin/outbox`);
      await expect(page.locator('[data-mail-notice="ongoing"]').count()).resolves.toBe(1);
      await context.close();
    }
    const viewer = await signedIn(VIEWER);
    await viewer.page.goto(`${herald.url}/admin`);
    expect(await viewer.page.locator('[data-mail-notice]').count()).toBe(0);
    await viewer.context.close();
  });

  it('pages 50 at a time keeping the filter, shows what each follows, removes ticked subscribers (audited), and the audit log reads well', async () => {
    const admin = await signedIn(ADMIN);
    await admin.page.goto(`${herald.url}/admin/subscribers/import`);
    const lines = Array.from({ length: 60 }, (_, n) => `bulk${String(n).padStart(2, '0')}@example.com`).join('\n');
    await admin.page.getByLabel('Lines to import').fill(lines);
    let loaded = admin.page.waitForEvent('load');
    await admin.page.getByRole('button', { name: /Import/ }).click();
    await loaded;

    await admin.page.goto(`${herald.url}/admin/subscribers?q=bulk&status=confirmed`);
    expect(await admin.page.locator('tbody tr').count()).toBe(50);
    expect(new Set(await admin.page.locator('[data-components]').allTextContents())).toEqual(new Set(['All components']));
    await expect(admin.page.getByRole('navigation', { name: 'Pages of subscribers' }).textContent()).resolves.toContain('1–50 of 60');
    for (const width of [1280, 390]) {
      await admin.page.setViewportSize({ width, height: 900 });
      // The top of the list is enough to look at (a full page of 50 is very tall at 390 px).
      await admin.page.screenshot({ path: path.join(SHOTS, `list-${width}.png`), fullPage: true, clip: { x: 0, y: 0, width, height: 1600 } });
    }
    await admin.page.setViewportSize({ width: 1280, height: 900 });
    loaded = admin.page.waitForEvent('load');
    await admin.page.getByRole('link', { name: 'Next →' }).click();
    await loaded;
    expect(admin.page.url()).toContain('q=bulk');
    expect(admin.page.url()).toContain('status=confirmed');
    expect(await admin.page.locator('tbody tr').count()).toBe(10);

    // Imported together, they share a time: the order within it is by id, so take the page's first two.
    const emails = (await admin.page.locator('tbody tr td:nth-child(2)').allTextContents()).slice(0, 2);
    for (const email of emails) await admin.page.getByLabel(`Select ${email}`).check();
    loaded = admin.page.waitForEvent('load');
    await admin.page.getByRole('button', { name: 'Remove selected' }).click();
    await loaded;
    await expect(admin.page.getByRole('status').first().textContent()).resolves.toContain(`Removed 2 subscribers: ${[...emails].sort().join(', ')}.`);
    const left = await sql.query<{ n: string }>(`select count(*) as n from subscribers where email like 'bulk%'`);
    expect(left.rows[0]?.n).toBe('58');

    await admin.page.goto(`${herald.url}/admin/audit?kind=subscriber.removed`);
    const details = await admin.page.locator('td.what-c').allTextContents();
    expect(details.filter((text) => emails.some((email) => text.includes(email)))).toHaveLength(2);
    for (const width of [1280, 390]) {
      await admin.page.setViewportSize({ width, height: 900 });
      await admin.page.goto(`${herald.url}/admin/audit`);
      await admin.page.screenshot({ path: path.join(SHOTS, `audit-${width}.png`), fullPage: true });
    }
    await admin.context.close();
  });
});
