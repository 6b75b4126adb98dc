import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserWithCli, signInWithForm } from '../support/accounts.ts';
import { launchBrowser } from '../support/browser.ts';
import { connectToEmbedded } from '../support/embedded-sql.ts';
import { ROOT } from '../support/herald-process.ts';
import { type SharedHerald, sharedHerald } from '../support/shared-herald.ts';

/*
 * Preparation and follow-up in a real browser, on the run's shared server (demo
 * page: its runbooks and checklists included). An admin declares an internal SEV1
 * on Managed PostgreSQL, sees that component's runbook and the SEV1 checklist on the
 * incident page and ticks an item (a plain form post), which the timeline records;
 * adds an action item from the incident page (a bad first try shows its message
 * next to the field), sees it overdue on /admin/action-items with the overdue filter
 * once its due date lies in the past (moved back in the database: no test waits
 * days or depends on today's date), and exports the filtered list as CSV.
 */

const ADMIN = { name: 'Ada Actions', email: 'ada.actions@example.com' };
const OWNER = { name: 'Otto Owner', email: 'otto.owner@example.com' };
const TITLE = 'Replica lag on the primary cluster';
const ITEM = 'Alert on replication lag above 30 s, "primary" cluster';
const SHOTS = path.join(ROOT, 'scratch', 'action-items-shots');

let herald: SharedHerald;
let browser: Browser;
let page: Page;
let incidentUrl = '';
const contexts: BrowserContext[] = [];

async function newContext(width = 1280): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, acceptDownloads: true });
  contexts.push(context);
  await context.route('**/*', (route) => (new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort('blockedbyclient')));
  return context;
}

async function query<T>(text: string, values: unknown[] = []): Promise<T[]> {
  const sql = await connectToEmbedded(herald.dataDir);
  try {
    return (await sql.query(text, values)).rows as T[];
  } finally {
    await sql.end();
  }
}

async function shoot(target: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  const png = await target.screenshot({ path: path.join(SHOTS, name), fullPage: true });
  expect(png.length, name).toBeGreaterThan(5_000);
}

beforeAll(async () => {
  herald = sharedHerald();
  await createUserWithCli(herald.env, { ...ADMIN, role: 'admin' });
  await createUserWithCli(herald.env, { ...OWNER, role: 'responder' });
  browser = await launchBrowser();
  page = await (await newContext()).newPage();
  await signInWithForm(page, herald.url, ADMIN.email, { next: '/admin/incidents/new' });
  await page.waitForURL((url) => url.pathname === '/admin/incidents/new');
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
});

describe('runbooks, checklists and action items on the incident page', () => {
  it('shows the runbook and the SEV1 checklist; a tick is a form post that the timeline records', async () => {
    await page.getByLabel('Title').fill(TITLE);
    await page.getByRole('radio', { name: /^SEV1/ }).check();
    await page.getByLabel(/^Managed PostgreSQL\b/).selectOption('major_outage');
    await page.getByRole('radio', { name: /^Internal only/ }).check();
    await page.getByLabel('Update', { exact: true }).fill('Replication lag on the primary cluster; investigating.');
    // "Declare and publish" publishes the first update to the audience chosen: internal here, so the incident stays off the public page.
    await page.getByRole('button', { name: 'Declare and publish' }).click();
    await page.waitForURL(/\/admin\/incidents\/[a-z0-9]+\?done=declared$/);
    incidentUrl = page.url().replace(/\?.*$/, '');

    const runbooks = page.getByRole('region', { name: 'Runbooks' });
    await expect(runbooks.getByText('Managed PostgreSQL').first().isVisible()).resolves.toBe(true);
    await expect(runbooks.getByRole('heading', { name: 'First five minutes' }).isVisible()).resolves.toBe(true);

    const checklist = page.getByRole('region', { name: 'SEV1 checklist' });
    const first = 'Page the incident commander and name a communications lead';
    await expect(checklist.textContent()).resolves.toContain('0 of 6 done');
    await checklist.getByRole('button', { name: `Tick: ${first}` }).click();
    await page.waitForURL(/#checklist$/);
    const after = page.getByRole('region', { name: 'SEV1 checklist' });
    await expect(after.textContent()).resolves.toContain('1 of 6 done');
    await expect(after.textContent()).resolves.toContain(`Done: ${first}`);
    await expect(after.textContent()).resolves.toContain(`by ${ADMIN.name}`);
    await expect(after.getByRole('button', { name: `Untick: ${first}` }).isVisible()).resolves.toBe(true);
    const timeline = (await page.locator('#timeline').textContent()) ?? '';
    expect(timeline).toContain(`ticked “${first}” on the SEV1 checklist`);
    expect(timeline).toContain(ADMIN.name);
  });

  it('adds an action item from the incident page, with the message next to the field on a bad first try', async () => {
    await page.goto(incidentUrl);
    const panel = page.getByRole('region', { name: /^Action items/ });
    await expect(panel.textContent()).resolves.toContain('No action items yet');
    await panel.getByLabel('Owner').selectOption({ label: OWNER.name });
    await panel.getByRole('button', { name: 'Add action item' }).click();
    // No title: the full form, the owner kept, the message by the title field.
    await page.waitForURL(/\/admin\/action-items\/new/);
    await expect(page.locator('#ai-title-error').textContent()).resolves.toBe('Say what needs doing.');
    await expect(page.getByLabel('What needs doing').getAttribute('aria-describedby')).resolves.toContain('ai-title-error');
    await expect(page.getByLabel('Owner').inputValue()).resolves.not.toBe('');
    await page.getByLabel('What needs doing').fill(ITEM);
    await page.getByLabel('Ticket link (optional)').fill('linear.app/acme/OPS-9');
    await page.getByRole('button', { name: 'Add action item' }).click();
    await expect(page.locator('#ai-ticketUrl-error').textContent()).resolves.toMatch(/starting with https:\/\//);
    await expect(page.getByLabel('What needs doing').inputValue()).resolves.toBe(ITEM);
    await page.getByLabel('Ticket link (optional)').fill('https://linear.app/acme/issue/OPS-9');
    const today = (await page.getByLabel('Due date (optional)').getAttribute('min')) ?? '';
    expect(today).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await page.getByLabel('Due date (optional)').fill(today);
    await page.getByRole('checkbox', { name: 'Managed PostgreSQL' }).check();
    await page.getByRole('button', { name: 'Add action item' }).click();

    // Back where the person came from: the incident page's section.
    await page.waitForURL(`${incidentUrl}#action-items`);
    const listed = (await page.getByRole('region', { name: /^Action items/ }).textContent()) ?? '';
    expect(listed).toContain(ITEM);
    expect(listed).toContain('Due today');
    expect(listed).toContain(OWNER.name);
    await shoot(page, 'incident-sections-1280.png');
  });

  it('shows the item overdue, in words, with the overdue filter, and exports the filtered list as CSV', async () => {
    // Three days later, as far as the item knows.
    await query(`update action_items set due_on = due_on - 3 where title = $1`, [ITEM]);
    await page.goto(`${herald.url}/admin/action-items`);
    await page.getByLabel('Only overdue').check();
    await page.getByLabel('Owner').selectOption({ label: OWNER.name });
    await page.getByRole('button', { name: 'Show items' }).click();
    await page.waitForURL(/overdue=1/);
    const row = page.getByRole('row').filter({ hasText: ITEM });
    await expect(row.textContent()).resolves.toContain('Overdue by 3 days');
    await expect(page.getByRole('row').count()).resolves.toBe(2); // header + this owner's one item
    await shoot(page, 'action-items-1280.png');

    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Export these as CSV' }).click();
    mkdirSync(SHOTS, { recursive: true });
    const file = path.join(SHOTS, 'action-items.csv');
    await (await download).saveAs(file);
    const csv = readFileSync(file, 'utf8').split('\r\n');
    expect(csv[0]).toBe('id,title,incident_id,incident_title,owner,priority,status,due_on,overdue,components,ticket_url,wont_do_reason,created_at,closed_at');
    expect(csv[1]).toContain(`,"Alert on replication lag above 30 s, ""primary"" cluster",`);
    expect(csv[1]).toContain(`,${TITLE},${OWNER.name},P2,Open,`);
    expect(csv[1]).toContain(',Overdue by 3 days,Managed PostgreSQL,https://linear.app/acme/issue/OPS-9,');
    expect(csv.filter((line) => line !== '')).toHaveLength(2);
  });

  it('closes the item as won’t do only with a reason, and the incident page says so', async () => {
    await page.goto(`${herald.url}/admin/action-items?owner=&status=open`);
    await page.getByRole('link', { name: ITEM }).click();
    await page.waitForURL(/\/admin\/action-items\/[a-z0-9]+$/);
    await page.getByLabel('Status').selectOption({ label: 'Won’t do' });
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page.locator('#ai-wontDoReason-error').textContent()).resolves.toMatch(/Say why this will not be done/);
    await expect(page.getByLabel('Status').inputValue()).resolves.toBe('wont_do');
    await page.getByLabel('Reason for “won’t do”').fill('Covered by the new fleet dashboards');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.waitForURL(/\?saved=1$/);
    await expect(page.locator('dl.facts').textContent()).resolves.toContain('Won’t do: Covered by the new fleet dashboards');
    await shoot(page, 'action-item-1280.png');
    await page.goto(incidentUrl);
    const listed = (await page.getByRole('region', { name: /^Action items/ }).textContent()) ?? '';
    expect(listed).toContain('Action items (0 open of 1)');
    expect(listed).toContain('Won’t do');
    const timeline = (await page.locator('#timeline').textContent()) ?? '';
    expect(timeline).toContain(`changed the action item “${ITEM}”: status Open → Won’t do; reason none → Covered by the new fleet dashboards`);
  });

  it('looks right at 1280 and 390 px (screenshots in scratch/action-items-shots)', async () => {
    const componentId = (await query<{ id: string }>(`select id from components where name = 'Managed PostgreSQL'`))[0]!.id;
    await page.goto(`${herald.url}/admin/runbooks/${componentId}`);
    await expect(page.getByRole('heading', { name: 'Managed PostgreSQL runbook' }).isVisible()).resolves.toBe(true);
    await shoot(page, 'runbook-1280.png');
    await page.goto(`${herald.url}/admin/runbooks`);
    await shoot(page, 'runbooks-1280.png');
    const narrow = await (await newContext(390)).newPage();
    await signInWithForm(narrow, herald.url, ADMIN.email, { next: '/admin/action-items' });
    await narrow.waitForURL((url) => url.pathname === '/admin/action-items');
    await shoot(narrow, 'action-items-390.png');
    await narrow.goto(`${herald.url}/admin/runbooks/${componentId}`);
    await shoot(narrow, 'runbook-390.png');
    await narrow.goto(`${incidentUrl}#checklist`);
    await shoot(narrow, 'incident-sections-390.png');
    // The sections alone, readable at phone width.
    for (const id of ['checklist', 'runbooks', 'action-items']) {
      const png = await narrow.locator(`#${id}`).screenshot({ path: path.join(SHOTS, `incident-${id}-390.png`) });
      expect(png.length, id).toBeGreaterThan(2_000);
    }
  });
});
