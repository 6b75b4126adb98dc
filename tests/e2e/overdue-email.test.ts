import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ParsedMail } from 'mailparser';
import type { Browser, BrowserContext, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserWithCli, signInWithForm } from '../support/accounts.ts';
import { launchBrowser } from '../support/browser.ts';
import { connectToEmbedded } from '../support/embedded-sql.ts';
import { heraldEnv, type HeraldProcess, startHerald, waitFor } from '../support/herald-process.ts';
import { type SmtpSink, startSmtpSink } from '../support/smtp-sink.ts';

/*
 * Nobody misses an overdue update, in a real browser with a real SMTP server: a
 * comms lead declares a SEV1 (cadence: an external update every 30 minutes) with a
 * responder as incident commander. The test moves the incident's update 45 minutes
 * back in the database (the server's clock is fixed by HERALD_CLOCK_START, so no
 * real half hour passes) and restarts the server, whose worker looks for overdue
 * incidents at once when it starts (then every minute). Each lead gets exactly one
 * "Update overdue" email, whose link opens the incident; a second run in the same
 * overdue period (another restart) sends nothing more; the dashboard counts it in
 * the tab title.
 */

const CLOCK_START = '2026-11-29T09:00:00Z';
const PUBLIC_URL = 'https://status.example.com';
const COMMS = { email: 'olive.overdue@example.com', name: 'Olive Overdue', role: 'comms' };
const COMMANDER = { email: 'ivan.incident@example.com', name: 'Ivan Incident', role: 'responder' };
const TITLE = 'Checkout payments failing';
const SHOTS = path.resolve('test-results/screenshots');

let dataDir: string;
let env: NodeJS.ProcessEnv;
let sink: SmtpSink;
let herald: HeraldProcess;
let browser: Browser;

function mailsTo(address: string): ParsedMail[] {
  return sink.received.filter((mail) => (Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : []).some((group) => group.value.some((entry) => entry.address === address)));
}

const overdueMailsTo = (address: string): ParsedMail[] => mailsTo(address).filter((mail) => (mail.subject ?? '').endsWith(`Update overdue: SEV1 ${TITLE}`));

async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.route('**/*', (route) => (new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort('blockedbyclient')));
  return { context, page: await context.newPage() };
}

/** Runs one SQL statement on the running server's embedded database. */
async function query<T>(text: string, values: unknown[] = []): Promise<T[]> {
  const sql = await connectToEmbedded(dataDir);
  try {
    return (await sql.query(text, values)).rows as T[];
  } finally {
    await sql.end();
  }
}

const finishedOverdueRuns = async (): Promise<number> =>
  Number((await query<{ n: string }>(`select count(*) as n from pgboss.job where name = 'overdue-nudges' and state = 'completed'`))[0]?.n ?? 0);

async function restart(): Promise<void> {
  await herald.stop();
  herald = await startHerald(env, 120_000);
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'herald-e2e-overdue-'));
  sink = await startSmtpSink();
  env = heraldEnv({ HERALD_DATA_DIR: dataDir, HERALD_DEMO: '0', PUBLIC_URL, SMTP_URL: sink.url, HERALD_CLOCK_START: CLOCK_START });
  herald = await startHerald(env, 120_000);
  await createUserWithCli(env, COMMS);
  await createUserWithCli(env, COMMANDER);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await herald?.stop();
  await sink?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('an overdue external update', () => {
  it('emails the comms lead and the incident commander once per overdue period, and the dashboard counts it', async () => {
    const { context, page } = await newPage();
    await signInWithForm(page, herald.url, COMMS.email);

    // The comms lead declares a SEV1, naming themselves comms lead and a responder commander.
    await page.goto(`${herald.url}/admin/incidents/new`);
    await page.getByLabel('Title').fill(TITLE);
    await page.getByRole('radio', { name: /^SEV1/ }).check();
    await page.getByLabel('Incident commander').selectOption({ label: COMMANDER.name });
    await page.getByLabel('Communications lead').selectOption({ label: `${COMMS.name} (you)` });
    await page.getByLabel('Update', { exact: true }).fill('Some card payments fail at checkout. We are investigating.');
    await page.getByRole('button', { name: 'Declare and publish' }).click();
    await page.waitForURL(/\/admin\/incidents\/[a-z0-9]+\?done=declared$/);
    const incidentId = /\/admin\/incidents\/([a-z0-9]+)/.exec(page.url())![1]!;
    await page.goto(`${herald.url}/admin`);
    await expect(page.title()).resolves.toBe('Dashboard · Herald');

    // 45 minutes pass for the incident: SEV1's cadence is 30. (45 rather than 31: a restarted server's
    // clock starts again at CLOCK_START, up to a few minutes before the incident was declared.)
    await query(`update updates set published_at = published_at - interval '45 minutes', created_at = created_at - interval '45 minutes' where incident_id = $1`, [incidentId]);
    await query(`update incidents set started_at = started_at - interval '45 minutes' where id = $1`, [incidentId]);
    // The worker looks at once when it starts (and then every minute).
    await restart();

    const arrived = await waitFor(async () => overdueMailsTo(COMMS.email).length > 0 && overdueMailsTo(COMMANDER.email).length > 0, 60_000);
    if (!arrived) throw new Error(`No overdue email. Received: ${sink.received.map((m) => m.subject).join(' | ')}\n${herald.output()}`);
    const [mail] = overdueMailsTo(COMMS.email);
    expect(mail!.text).toContain(`Hello ${COMMS.name},`);
    expect(mail!.text).toContain('You are the communications lead of this incident.');
    expect(mail!.text).toContain('its cadence is every 30 minutes');
    expect(overdueMailsTo(COMMANDER.email)[0]!.text).toContain('You are the incident commander of this incident.');
    const link = /https:\/\/\S+\/admin\/incidents\/[a-z0-9]+/.exec(mail!.text ?? '')?.[0];
    expect(link).toBe(`${PUBLIC_URL}/admin/incidents/${incidentId}`);

    // The link leads the comms lead to the incident; the dashboard counts it in the tab title.
    await page.goto(link!.replace(PUBLIC_URL, herald.url));
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain(TITLE);
    await page.goto(`${herald.url}/admin`);
    await expect(page.title()).resolves.toBe('(1 overdue) Dashboard · Herald');
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, 'dashboard-overdue-emailed-1280.png'), fullPage: true });

    // Same overdue period, another run (a restart runs one at once): nothing more is sent.
    const runs = await finishedOverdueRuns();
    await restart();
    expect(await waitFor(async () => (await finishedOverdueRuns()) > runs, 30_000)).toBe(true);
    // That run queued nothing: still the two messages of the first, both sent.
    const queued = await query<{ status: string }>(`select status from deliveries where kind = 'overdue-nudge'`);
    expect(queued.map((row) => row.status)).toEqual(['sent', 'sent']);
    expect(overdueMailsTo(COMMS.email)).toHaveLength(1);
    expect(overdueMailsTo(COMMANDER.email)).toHaveLength(1);
    const events = await query<{ kind: string }>(`select kind from timeline_events where incident_id = $1 and kind = 'incident.update_overdue'`, [incidentId]);
    expect(events).toHaveLength(1);
    await context.close();
  }, 180_000);
});
