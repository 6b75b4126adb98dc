import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import type { Browser, BrowserContext, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserWithCli, signInWithForm } from '../support/accounts.ts';
import { launchBrowser } from '../support/browser.ts';
import { connectToEmbedded } from '../support/embedded-sql.ts';
import { ROOT } from '../support/herald-process.ts';
import { type SharedHerald, sharedHerald } from '../support/shared-herald.ts';

/*
 * The update composer as a comms lead uses it at 3 a.m.: two audiences that cannot
 * be mistaken for each other, the email preview, and preview, template and errors
 * in place with JavaScript, and the same through full pages without it. On the
 * run's shared server; this file declares its own incident and its own subscribers,
 * and compares counts with the database's own answer rather than fixed numbers.
 */

const COMMS = { email: 'cora-composer@example.com', name: 'Cora Composer', role: 'comms' };
const SHOTS = path.join(ROOT, 'scratch', 'composer-shots');
const TITLE = `Search results delayed ${Date.now().toString(36)}`;

let herald: SharedHerald;
let url: string;
let browser: Browser;
let sql: pg.Client;
let incidentId = '';

async function newPage(options: { javaScriptEnabled?: boolean; width?: number } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: options.width ?? 1280, height: 900 }, javaScriptEnabled: options.javaScriptEnabled ?? true, colorScheme: 'light' });
  await context.route('**/*', (route) => (new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort('blockedbyclient')));
  const page = await context.newPage();
  await signInWithForm(page, url, COMMS.email);
  await page.waitForURL(`${url}/admin`);
  return { context, page };
}

/** What the database says an external update on this incident would reach: the fan-out's filter. */
async function expectedSubscribers(): Promise<number> {
  const result = await sql.query<{ n: string }>(
    `select count(*) as n from subscribers s where s.status = 'confirmed' and (s.all_components or exists (
       select 1 from subscriber_components sc join incident_components ic on ic.component_id = sc.component_id
       where sc.subscriber_id = s.id and ic.incident_id = $1))`,
    [incidentId],
  );
  return Number(result.rows[0]!.n);
}

async function expectedInternalList(): Promise<number> {
  const result = await sql.query<{ n: string }>(
    `select count(distinct lower(email)) as n from (select email from users where internal_notifications and disabled_at is null
     union all select email from internal_recipients) list`,
  );
  return Number(result.rows[0]!.n);
}

const plural = (n: number, one: string, many: string): string => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

beforeAll(async () => {
  herald = sharedHerald();
  url = herald.url;
  await createUserWithCli(herald.env, COMMS);
  browser = await launchBrowser();
  sql = await connectToEmbedded(herald.dataDir);
  mkdirSync(SHOTS, { recursive: true });

  // An incident on Search, declared through the form.
  const { context, page } = await newPage();
  await page.goto(`${url}/admin/incidents/new`);
  await page.getByLabel('Title').fill(TITLE);
  await page.getByRole('radio', { name: /^SEV2/ }).check();
  await page.getByLabel(/^Search\b/).selectOption('degraded_performance');
  await page.getByLabel('Update', { exact: true }).fill('Search results are delayed. We are investigating.');
  await page.getByRole('button', { name: 'Declare and publish' }).click();
  await page.waitForURL(/done=declared/);
  incidentId = /\/admin\/incidents\/([a-z0-9]+)/.exec(page.url())![1]!;
  await context.close();

  // Three confirmed subscribers following Search only: the button must count them.
  const search = await sql.query<{ id: string }>(`select id from components where name = 'Search'`);
  for (let i = 0; i < 3; i++) {
    const id = `composer-sub-${i}-${Date.now().toString(36)}`;
    await sql.query(`insert into subscribers (id, email, status, token_hash, all_components, confirmed_at) values ($1, $2, 'confirmed', decode(md5($1), 'hex'), false, now())`, [id, `${id}@example.com`]);
    await sql.query('insert into subscriber_components (subscriber_id, component_id) values ($1, $2)', [id, search.rows[0]!.id]);
  }
});

afterAll(async () => {
  await sql?.end();
  await browser?.close();
});

describe('the composer', () => {
  it('shows one action per audience, switching wording, colour and place in place, and remembers the last one used', async () => {
    const { context, page } = await newPage();
    const subscribers = await expectedSubscribers();
    expect(subscribers).toBeGreaterThanOrEqual(3);
    await page.goto(`${url}/admin/incidents/${incidentId}`);
    const publish = page.getByRole('button', { name: `Publish to status page · notify ${plural(subscribers, 'subscriber', 'subscribers')}` });
    const post = page.getByRole('button', { name: 'Post internal update' });
    await expect(publish.isVisible()).resolves.toBe(true);
    await expect(post.count()).resolves.toBe(0);
    await expect(page.locator('.aud-ext .aud-who').textContent()).resolves.toContain(`Email goes to ${plural(subscribers, 'subscriber', 'subscribers')}`);

    // Unticking the email changes the wording at once.
    await page.getByRole('checkbox', { name: /^Email subscribers/ }).uncheck();
    await expect(page.getByRole('button', { name: 'Publish to status page · no email' }).isVisible()).resolves.toBe(true);
    await page.getByRole('checkbox', { name: /^Email subscribers/ }).check();

    const before = page.url();
    const externalLook = await publish.evaluate((el) => ({ bg: getComputedStyle(el).backgroundColor, left: el.getBoundingClientRect().left }));
    await page.getByRole('radio', { name: /^Internal only/ }).check();
    await expect(post.isVisible()).resolves.toBe(true);
    await expect(publish.count()).resolves.toBe(0);
    expect(page.url()).toBe(before);
    const internalLook = await post.evaluate((el) => ({ bg: getComputedStyle(el).backgroundColor, left: el.getBoundingClientRect().left }));
    expect(internalLook.bg).not.toBe(externalLook.bg);
    // Internal first, on the left; external last, on the right.
    expect(internalLook.left).toBeLessThan(externalLook.left);
    const internalWho = (await page.locator('.aud-int .aud-who').textContent()) ?? '';
    expect(internalWho).toContain(`internal list (${plural(await expectedInternalList(), 'address', 'addresses')})`);
    expect(internalWho).not.toContain('subscriber');

    // An internal post: the timeline says the internal list, never subscribers.
    await page.getByLabel('Update', { exact: true }).fill('Reindexing the search cluster, shard 7 first.');
    await post.click();
    await page.waitForURL(/done=published/);
    const entry = page.locator('#timeline li').filter({ hasText: 'posted an internal update' }).last();
    const sentence = (await entry.textContent()) ?? '';
    expect(sentence).toContain(`internal list notified (${await expectedInternalList()})`);
    expect(sentence).not.toContain('subscriber');
    const listed = (await page.locator('.upd-item').filter({ hasText: 'Reindexing the search cluster' }).textContent()) ?? '';
    expect(listed).toContain('internal list notified');
    expect(listed).not.toContain('subscriber');
    // Remembered: the composer opens on Internal for this person on this incident.
    await expect(page.getByRole('radio', { name: /^Internal only/ }).isChecked()).resolves.toBe(true);
    await expect(post.isVisible()).resolves.toBe(true);
    await page.reload();
    await expect(page.getByRole('radio', { name: /^Internal only/ }).isChecked()).resolves.toBe(true);
    await context.close();
  });

  it('previews the email subscribers will receive, with the public card, in place and keeping the scroll', async () => {
    const { context, page } = await newPage();
    const subscribers = await expectedSubscribers();
    await page.goto(`${url}/admin/incidents/${incidentId}`);
    await page.getByRole('radio', { name: /^External/ }).check();
    await page.getByLabel('Update', { exact: true }).fill('Search is **catching up**; results are about 5 minutes behind.');
    const before = page.url();
    await page.getByRole('button', { name: 'Preview' }).scrollIntoViewIfNeeded();
    const scroll = await page.evaluate(() => window.scrollY);
    expect(scroll).toBeGreaterThan(0);
    let navigated = false;
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigated = true;
    });
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.locator('#email-preview').waitFor();
    expect(navigated, 'no page load').toBe(false);
    expect(page.url()).toBe(before);
    expect(Math.abs((await page.evaluate(() => window.scrollY)) - scroll)).toBeLessThan(2);
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('preview');

    await expect(page.locator('#preview .md strong').textContent()).resolves.toBe('catching up');
    const subject = (await page.locator('[data-email-subject]').textContent()) ?? '';
    expect(subject).toContain(TITLE);
    await expect(page.locator('[data-email-recipients]').textContent()).resolves.toBe(subscribers.toLocaleString('en-US'));
    const html = (await page.locator('#email-preview iframe').getAttribute('srcdoc')) ?? '';
    expect(html).toContain('<strong>catching up</strong>');
    await expect(page.locator('#email-preview iframe').getAttribute('sandbox')).resolves.toBe('');
    // The frame shows it (and runs nothing).
    const frame = page.frameLocator('#email-preview iframe');
    await expect(frame.locator('body').textContent()).resolves.toContain('results are about 5 minutes behind');
    await expect(page.locator('[data-email-text]').textContent()).resolves.toContain('results are about 5 minutes behind');
    await page.screenshot({ path: path.join(SHOTS, 'email-preview-1280.png'), fullPage: true });

    // For an internal update, the internal list's email and its count.
    await page.getByRole('radio', { name: /^Internal only/ }).check();
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.locator('#email-preview-h', { hasText: 'internal list' }).waitFor();
    await expect(page.locator('[data-email-recipients]').textContent()).resolves.toBe(String(await expectedInternalList()));
    await context.close();
  });

  it('applies a template and shows errors in place, with the summary focused', async () => {
    const { context, page } = await newPage();
    await page.goto(`${url}/admin/incidents/${incidentId}`);
    await page.getByRole('radio', { name: /^External/ }).check();
    const before = page.url();
    await page.getByLabel('Start from a template').selectOption({ label: 'Identified (Identified)' });
    await page.getByRole('button', { name: 'Use template' }).scrollIntoViewIfNeeded();
    await page.evaluate(() => window.scrollBy(0, 40));
    const scroll = await page.evaluate(() => window.scrollY);
    await page.getByRole('button', { name: 'Use template' }).click();
    await page.getByRole('status').filter({ hasText: 'Template “Identified” applied' }).waitFor();
    expect(page.url()).toBe(before);
    expect(Math.abs((await page.evaluate(() => window.scrollY)) - scroll)).toBeLessThan(2);
    await expect(page.getByLabel('Update', { exact: true }).inputValue()).resolves.not.toBe('');
    await expect(page.getByLabel('Incident status').inputValue()).resolves.toBe('identified');

    // An empty update: the summary at the top of the form, focused, nothing saved.
    await page.getByLabel('Update', { exact: true }).fill('');
    await page.getByRole('button', { name: /^Publish to status page/ }).click();
    await page.locator('#error-summary').waitFor();
    expect(page.url()).toBe(before);
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('error-summary');
    const box = await page.locator('#error-summary').boundingBox();
    expect(box!.y).toBeGreaterThanOrEqual(0);
    expect(box!.y).toBeLessThan(900);
    const form = await page.locator('form[data-composer]').boundingBox();
    expect(box!.y).toBeLessThan(form!.y);
    await context.close();
  });

  it('does all of it without JavaScript, through full pages', async () => {
    const { context, page } = await newPage({ javaScriptEnabled: false });
    const subscribers = await expectedSubscribers();
    await page.goto(`${url}/admin/incidents/${incidentId}`);
    // Remembered from the first test: Internal.
    await expect(page.getByRole('button', { name: 'Post internal update' }).isVisible()).resolves.toBe(true);
    await page.getByLabel('Update', { exact: true }).fill('Kept across the switch.');
    await page.getByRole('radio', { name: /^External/ }).check();
    await page.getByRole('button', { name: 'Show actions for this audience' }).click();
    await expect(page.getByRole('button', { name: `Publish to status page · notify ${plural(subscribers, 'subscriber', 'subscribers')}` }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('button', { name: 'Post internal update' }).count()).resolves.toBe(0);
    await expect(page.getByLabel('Update', { exact: true }).inputValue()).resolves.toBe('Kept across the switch.');

    await page.getByLabel('Start from a template').selectOption({ label: 'Identified (Identified)' });
    await page.getByRole('button', { name: 'Use template' }).click();
    await expect(page.getByLabel('Incident status').inputValue()).resolves.toBe('identified');
    await page.getByRole('button', { name: 'Preview' }).click();
    await expect(page.locator('#preview .card-t').textContent()).resolves.toBe(TITLE);
    await expect(page.locator('[data-email-subject]').textContent()).resolves.toContain(TITLE);
    await expect(page.locator('[data-email-recipients]').textContent()).resolves.toBe(subscribers.toLocaleString('en-US'));
    // The page comes back at the composer, not at the top.
    expect(new URL(page.url()).hash).toBe('#composer');
    await page.screenshot({ path: path.join(SHOTS, 'nojs-preview-1280.png'), fullPage: true });

    await page.getByLabel('Update', { exact: true }).fill('');
    await page.getByRole('button', { name: /^Publish to status page/ }).click();
    await expect(page.locator('#error-summary').textContent()).resolves.toContain('to fix');
    await context.close();
  });

  it('works the same on a draft’s edit page', async () => {
    const { context, page } = await newPage();
    await page.goto(`${url}/admin/incidents/${incidentId}`);
    await page.getByRole('radio', { name: /^External/ }).check();
    await page.getByLabel('Update', { exact: true }).fill('Draft: search fully caught up.');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.waitForURL(/done=draft/);
    await page.getByRole('link', { name: 'Edit draft' }).first().click();
    await page.waitForURL(/\/admin\/updates\//);
    const before = page.url();
    await expect(page.getByRole('button', { name: /^Publish to status page · notify/ }).isVisible()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.locator('#email-preview').waitFor();
    expect(page.url()).toBe(before);
    await expect(page.locator('[data-email-text]').textContent()).resolves.toContain('Draft: search fully caught up.');
    await page.getByLabel('Update', { exact: true }).fill('');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.locator('#error-summary').waitFor();
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('error-summary');
    expect(page.url()).toBe(before);
    await context.close();
  });

  it('takes screenshots of the composer at 1280 and 390 px, both audiences', async () => {
    for (const width of [1280, 390]) {
      const { context, page } = await newPage({ width });
      await page.goto(`${url}/admin/incidents/${incidentId}`);
      await page.getByRole('radio', { name: /^External/ }).check();
      await page.getByLabel('Update', { exact: true }).fill('Search is **catching up**.');
      await page.locator('#composer').screenshot({ path: path.join(SHOTS, `composer-external-${width}.png`) });
      await page.getByRole('radio', { name: /^Internal only/ }).check();
      await page.locator('#composer').screenshot({ path: path.join(SHOTS, `composer-internal-${width}.png`) });
      await page.getByRole('radio', { name: /^External/ }).check();
      await page.getByRole('button', { name: 'Preview' }).click();
      await page.locator('#email-preview').waitFor();
      await page.screenshot({ path: path.join(SHOTS, `composer-preview-${width}.png`), fullPage: true });
      await page.locator('#email-preview').screenshot({ path: path.join(SHOTS, `email-preview-only-${width}.png`) });
      await context.close();
    }
  });
});
