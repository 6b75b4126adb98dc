import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ParsedMail } from 'mailparser';
import type { Browser, BrowserContext, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { createUserWithCli, signInWithForm, TEST_PASSWORD as PASSWORD } from '../support/accounts.ts';
import { heraldEnv, type HeraldProcess, runHerald, startHerald, waitFor } from '../support/herald-process.ts';
import { type SmtpSink, startSmtpSink } from '../support/smtp-sink.ts';

// One fresh, empty embedded database (no demo): the first admin comes from the setup
// link the server prints, the others from `herald user create` with the password on stdin.
const ADMIN = { name: 'Ada Admin', email: 'ada@example.com' };
const COMMS = { name: 'Casey Comms', email: 'casey@example.com' };
const VIEWER = { name: 'Val Viewer', email: 'val@example.com' };
const LOCKED = { name: 'Lee Locked', email: 'lee@example.com' };
const SHOTS = path.resolve('test-results/screenshots');

let dataDir: string;
let env: NodeJS.ProcessEnv;
let herald: HeraldProcess;
let browser: Browser;
let sink: SmtpSink;
const contexts: BrowserContext[] = [];

async function newPage(): Promise<Page> {
  const context = await browser.newContext();
  contexts.push(context);
  await context.route('**/*', (route) => (new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort('blockedbyclient')));
  return context.newPage();
}

async function signIn(page: Page, email: string, password: string): Promise<void> {
  await signInWithForm(page, herald.url, email, { password });
}

/** Clicks a submit button and waits for the page the POST leads to. */
async function submit(page: Page, button: string): Promise<void> {
  const loaded = page.waitForEvent('load');
  await page.getByRole('button', { name: button }).click();
  await loaded;
}

/** Signs in with a plain POST, as a script would; returns the Set-Cookie header and the cookie. */
async function signInWithFetch(base: string, email: string, origin = base): Promise<{ status: number; setCookie: string; cookie: string }> {
  const response = await fetch(`${base}/admin/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password: PASSWORD }),
  });
  const setCookie = response.headers.get('set-cookie') ?? '';
  return { status: response.status, setCookie, cookie: setCookie.split(';')[0] ?? '' };
}

/** The messages received for `address`, in order. */
function mailsTo(address: string): ParsedMail[] {
  return sink.received.filter((mail) => (Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : []).some((group) => group.value.some((entry) => entry.address === address)));
}

/** Waits for the `count`th message to `address` and returns the invitation link in its text, on this server. */
async function invitationLinkFor(address: string, count = 1): Promise<string> {
  await waitFor(async () => mailsTo(address).length >= count, 20_000);
  const mail = mailsTo(address)[count - 1];
  const link = /https?:\/\/\S+\/admin\/invite\?token=\S+/.exec(mail?.text ?? '')?.[0];
  if (!link) throw new Error(`No invitation link in: ${mail?.text}`);
  return link.replace(/^https?:\/\/[^/]+/, herald.url);
}

async function createUser(user: { name: string; email: string }, role: string, environment = env): Promise<void> {
  const output = await createUserWithCli(environment, { ...user, role });
  expect(output).toContain(`Created ${user.email} (${role}).`);
  expect(output).not.toContain(PASSWORD); // a typed password is never printed
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'herald-e2e-auth-'));
  // A real SMTP server: invitations are emailed, and the invitee's link is taken from the message.
  sink = await startSmtpSink();
  env = heraldEnv({ HERALD_DATA_DIR: dataDir, HERALD_DEMO: '0', SMTP_URL: sink.url });
  herald = await startHerald(env);
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await herald?.stop();
  await sink?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('accounts and sessions in the browser', () => {
  it('sends anonymous visitors of /admin to the sign-in page', async () => {
    const page = await newPage();
    await page.goto(`${herald.url}/admin`);
    expect(new URL(page.url()).pathname).toBe('/admin/login');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/admin');
    await page.goto(`${herald.url}/admin/account`);
    expect(new URL(page.url()).pathname).toBe('/admin/login');
  });

  it('creates the first admin through the setup link printed at start, and only once', async () => {
    const printed = /No users yet\. Create the first admin at (\S+)/.exec(herald.output())?.[1];
    expect(printed, herald.output()).toMatch(/^http:\/\/localhost:4321\/admin\/setup\?token=[a-z0-9]+\.[a-z0-9]+$/);
    const link = new URL(printed ?? '');
    const local = `${herald.url}${link.pathname}${link.search}`;

    const stranger = await newPage();
    const forged = await stranger.goto(`${herald.url}/admin/setup?token=${link.searchParams.get('token')?.split('.')[0]}.notthesecret`);
    expect(forged?.status()).toBe(403);
    expect(await stranger.getByRole('button', { name: 'Create admin account' }).count()).toBe(0);

    const page = await newPage();
    await page.goto(local);
    await page.getByLabel('Your name').fill(ADMIN.name);
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password', { exact: true }).fill('too short');
    await page.getByLabel('Confirm password').fill('too short');
    await submit(page, 'Create admin account');
    // The error is next to the field, and what was typed (but no password) is kept.
    await expect(page.locator('#password-error').textContent()).resolves.toContain('Use at least 12 characters.');
    expect(await page.getByLabel('Password', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Email').inputValue()).toBe(ADMIN.email);
    expect(await page.getByLabel('Password', { exact: true }).inputValue()).toBe('');

    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Confirm password').fill(PASSWORD);
    // The setup POST signs the new admin in and sends them to the dashboard (another
    // team's page: only the redirect is checked here).
    const created = page.waitForResponse((response) => response.request().method() === 'POST' && new URL(response.url()).pathname === '/admin/setup');
    await page.getByRole('button', { name: 'Create admin account' }).click();
    const answer = await created;
    expect(answer.status()).toBe(303);
    expect(await answer.headerValue('location')).toBe('/admin');
    await page.goto(`${herald.url}/admin/account`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Your account');
    expect(await page.textContent('main')).toContain(ADMIN.email);

    // An empty install opens on the first-run checklist until it is dismissed.
    await page.goto(`${herald.url}/admin`);
    const checklist = page.getByRole('region', { name: 'Get started' });
    // SMTP_URL is set, so "Check the mail settings" is done already.
    await expect(checklist.textContent()).resolves.toContain('1 of 5 done');
    for (const step of ['Name your page and add a logo', 'Add your first components', 'Invite the team', 'Check the mail settings', 'Try the subscribe form']) {
      expect(await checklist.textContent()).toContain(step);
    }
    expect(await checklist.getByRole('link', { name: 'Invite people' }).getAttribute('href')).toBe('/admin/users#new-user');
    await submit(page, 'Dismiss this checklist');
    expect(new URL(page.url()).pathname).toBe('/admin');
    expect(await page.getByRole('region', { name: 'Get started' }).count()).toBe(0);

    const reuse = await (await newPage()).goto(local);
    expect(reuse?.status()).toBe(410);
    expect(await reuse?.text()).toContain('Herald is already set up');
    expect(await reuse?.text()).not.toContain('Create admin account');
  });

  it('creates accounts from the CLI with the password on stdin', async () => {
    await createUser(COMMS, 'comms');
    await createUser(VIEWER, 'viewer');
    await createUser(LOCKED, 'responder');
    const bad = await runHerald(['user', 'create', '--email', 'x@example.com', '--role', 'boss'], env, `${PASSWORD}\n`);
    expect(bad.code).toBe(1);
    expect(bad.output.trim()).toBe('herald user create: --role: Choose a role: admin, comms, responder or viewer.');
    const list = await runHerald(['user', 'list'], env);
    expect(list.output).toMatch(/casey@example\.com\s+comms\s+active\s+Casey Comms/);
  });

  it('signs in by the labelled fields and sets a HttpOnly, SameSite=Lax session cookie', async () => {
    const page = await newPage();
    await signIn(page, COMMS.email, PASSWORD);
    expect(new URL(page.url()).pathname).not.toBe('/admin/login');
    const cookies = await page.context().cookies();
    const session = cookies.find((cookie) => cookie.name === 'herald_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/', secure: false });

    const { status, setCookie } = await signInWithFetch(herald.url, COMMS.email);
    expect(status).toBe(303);
    const flags = setCookie.split(';').map((part) => part.trim().toLowerCase());
    expect(flags).toEqual(expect.arrayContaining(['httponly', 'samesite=lax', 'path=/']));
    expect(flags).not.toContain('secure');
  });

  it('marks the cookie Secure when PUBLIC_URL is https', async () => {
    const secureDir = mkdtempSync(path.join(os.tmpdir(), 'herald-e2e-auth-https-'));
    const secureEnv = heraldEnv({ HERALD_DATA_DIR: secureDir, HERALD_DEMO: '0', PUBLIC_URL: 'https://status.example.com' });
    const secure = await startHerald(secureEnv);
    try {
      expect(secure.output()).toContain('Create the first admin at https://status.example.com/admin/setup?token=');
      await createUser(COMMS, 'comms', secureEnv);
      const { status, setCookie } = await signInWithFetch(secure.url, COMMS.email, 'https://status.example.com');
      expect(status).toBe(303);
      expect(setCookie.split(';').map((part) => part.trim().toLowerCase())).toEqual(expect.arrayContaining(['secure', 'httponly', 'samesite=lax', 'path=/']));
    } finally {
      expect(await secure.stop()).toBe(0);
      rmSync(secureDir, { recursive: true, force: true });
    }
  });

  it('refuses a cross-origin POST and changes nothing', async () => {
    const mine = await signInWithFetch(herald.url, COMMS.email);
    const other = await signInWithFetch(herald.url, COMMS.email);
    const account = (cookie: string): Promise<Response> => fetch(`${herald.url}/admin/account`, { redirect: 'manual', headers: { cookie } });
    expect((await account(other.cookie)).status).toBe(200);

    const attacks: Record<string, string>[] = [
      { intent: 'revoke-others' },
      { intent: 'change-password', currentPassword: PASSWORD, newPassword: 'evil new passphrase', confirmPassword: 'evil new passphrase' },
    ];
    for (const body of attacks) {
      const attack = await fetch(`${herald.url}/admin/account`, {
        method: 'POST',
        redirect: 'manual',
        headers: { origin: 'https://evil.example', cookie: mine.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(body),
      });
      expect(attack.status, body.intent).toBe(403);
      expect(await attack.text()).toContain('sent from another site');
    }
    // The other session still works and the password is unchanged.
    expect((await account(other.cookie)).status).toBe(200);
    expect((await account(mine.cookie)).status).toBe(200);
    expect((await signInWithFetch(herald.url, COMMS.email)).status).toBe(303);
  });

  it('signs a session out from another browser, and it stops working at once', async () => {
    const laptop = await newPage();
    const phone = await newPage();
    await signIn(laptop, COMMS.email, PASSWORD);
    await signIn(phone, COMMS.email, PASSWORD);
    await laptop.goto(`${herald.url}/admin/account`);
    expect(await laptop.getByRole('heading', { name: 'Your sessions' }).count()).toBe(1);

    // From the phone, sign out every session but its own, one at a time.
    await phone.goto(`${herald.url}/admin/account`);
    const rows = phone.locator('tbody tr');
    expect(await rows.filter({ hasText: 'This device' }).count()).toBe(1);
    while ((await phone.locator('tbody tr:not(.mine)').count()) > 1) {
      await phone.locator('tbody tr:not(.mine)').last().getByRole('button', { name: /^Sign out/ }).click();
      await phone.waitForURL(/done=revoked/);
    }
    await phone.getByRole('button', { name: 'Sign out everywhere else' }).click();
    await phone.waitForURL(/done=others/);
    await expect(phone.getByRole('status').textContent()).resolves.toContain('Every other session was signed out');
    expect(await phone.locator('tbody tr').count()).toBe(1);

    await laptop.goto(`${herald.url}/admin/account`);
    expect(new URL(laptop.url()).pathname).toBe('/admin/login');
    await phone.reload();
    expect(new URL(phone.url()).pathname).toBe('/admin/account');
  });

  it('changes the password, signing out every other browser but keeping this one', async () => {
    const here = await newPage();
    const elsewhere = await newPage();
    await signIn(here, LOCKED.email, PASSWORD);
    await signIn(elsewhere, LOCKED.email, PASSWORD);
    await here.goto(`${herald.url}/admin/account`);
    await here.getByLabel('Current password').fill(PASSWORD);
    await here.getByLabel('New password', { exact: true }).fill('another long passphrase');
    await here.getByLabel('Confirm new password').fill('not the same one at all');
    await submit(here, 'Change password');
    await expect(here.locator('#confirmPassword-error').textContent()).resolves.toContain('not the same');

    await here.getByLabel('Current password').fill(PASSWORD);
    await here.getByLabel('New password', { exact: true }).fill('another long passphrase');
    await here.getByLabel('Confirm new password').fill('another long passphrase');
    await here.getByRole('button', { name: 'Change password' }).click();
    await here.waitForURL(/done=password/);
    await expect(here.getByRole('status').textContent()).resolves.toContain('Your password was changed');
    await elsewhere.goto(`${herald.url}/admin/account`);
    expect(new URL(elsewhere.url()).pathname).toBe('/admin/login');
    expect((await runHerald(['user', 'reset-password', '--email', LOCKED.email], env, `${PASSWORD}\n`)).code).toBe(0);
  });

  it('shows throttling after repeated wrong passwords', async () => {
    const page = await newPage();
    for (let i = 0; i < 5; i += 1) {
      await signIn(page, LOCKED.email, `wrong password ${i}`);
      await expect(page.getByRole('alert').textContent()).resolves.toBe('Wrong email or password.');
    }
    await signIn(page, LOCKED.email, PASSWORD);
    await expect(page.getByRole('alert').textContent()).resolves.toBe('Too many sign-in attempts. Try again in 1 minute.'); // the first of the growing delays
    expect(new URL(page.url()).pathname).toBe('/admin/login');
    expect(await page.getByLabel('Email').inputValue()).toBe(LOCKED.email);
  });

  it('keeps a viewer out of /admin/users on the server, and lets an admin manage users', async () => {
    const viewer = await newPage();
    await signIn(viewer, VIEWER.email, PASSWORD);
    expect(await viewer.getByRole('link', { name: 'Users', includeHidden: true }).count()).toBe(0);
    const response = await viewer.goto(`${herald.url}/admin/users`);
    expect(response?.status()).toBe(403);
    expect(await viewer.textContent('body')).toContain('You do not have permission');

    const admin = await newPage();
    await signIn(admin, ADMIN.email, PASSWORD);
    await admin.goto(`${herald.url}/admin/users`);
    const table = admin.getByRole('table', { name: 'Everyone with an account' });
    for (const person of [ADMIN, COMMS, VIEWER, LOCKED]) expect(await table.textContent()).toContain(person.email);

    // Bad input: the error sits next to its field and the form keeps what was typed.
    expect(await admin.getByLabel('Initial password').count()).toBe(0); // the admin never types one
    await admin.getByLabel('Name').fill('Sam Responder');
    await admin.getByLabel('Email').fill('sam@example');
    await admin.getByLabel('Role').selectOption('responder');
    await submit(admin, 'Invite user');
    await expect(admin.locator('#email-error').textContent()).resolves.toContain('name@example.com');
    expect(await admin.getByLabel('Email').getAttribute('aria-describedby')).toBe('email-error');
    expect(await admin.getByLabel('Name').inputValue()).toBe('Sam Responder');
    expect(await admin.getByLabel('Role').inputValue()).toBe('responder');

    // A one-time link, emailed: the invitee opens it from the message, sets their own password and is signed in.
    await admin.getByLabel('Email').fill('sam@example.com');
    await submit(admin, 'Invite user');
    await expect(admin.getByRole('status').first().textContent()).resolves.toContain('Invited Sam Responder (sam@example.com). We are emailing them the link.');
    const shown = await admin.getByLabel('Invitation link for sam@example.com').inputValue();
    expect(shown).toMatch(/\/admin\/invite\?token=[a-z0-9]+\.[a-z0-9]+$/);
    const samRow = admin.getByRole('row').filter({ hasText: 'sam@example.com' });
    await expect(samRow.textContent()).resolves.toContain('Invited — pending (expires');
    expect(await samRow.textContent()).not.toContain('Active');
    mkdirSync(SHOTS, { recursive: true });
    for (const width of [1280, 390]) {
      await admin.setViewportSize({ width, height: 900 });
      await admin.screenshot({ path: path.join(SHOTS, `users-invited-${width}.png`), fullPage: true });
    }
    await admin.setViewportSize({ width: 1280, height: 900 });
    const firstLink = await invitationLinkFor('sam@example.com');
    const [invitation] = mailsTo('sam@example.com');
    expect(invitation?.subject).toBe(`[Status] ${ADMIN.name} invited you to the incident hub`);
    expect(invitation?.text).toContain(`${ADMIN.name} invited you to the Status incident hub as Responder.`);

    // "Resend": a new link is emailed; the first one no longer works.
    await admin.getByRole('button', { name: 'Resend invitation to sam@example.com' }).click();
    await admin.waitForLoadState('load');
    await expect(admin.getByRole('status').first().textContent()).resolves.toContain('the earlier link no longer works');
    const link = await invitationLinkFor('sam@example.com', 2);
    expect(link).not.toBe(firstLink);
    const sam = await newPage();
    const stale = await sam.goto(firstLink);
    expect(stale?.status()).toBe(403);
    await expect(sam.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('This invitation link is not valid');

    await sam.goto(link);
    await expect(sam.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Welcome, Sam Responder');
    await sam.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await sam.getByLabel('Confirm password').fill(PASSWORD);
    await submit(sam, 'Set password and sign in');
    expect(new URL(sam.url()).pathname).toBe('/admin');
    await expect(sam.locator('.who').textContent()).resolves.toContain('Sam Responder');
    // Used once: the same link is closed now.
    const again = await sam.goto(link);
    expect(again?.status()).toBe(410);
    await expect(sam.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('This invitation has already been used');
    await admin.goto(`${herald.url}/admin/users`);
    await expect(admin.getByRole('row').filter({ hasText: 'sam@example.com' }).textContent()).resolves.toContain('Active');

    // "Revoke": the person waiting is removed and their link closed.
    await admin.getByLabel('Name').fill('Rae Revoked');
    await admin.getByLabel('Email').fill('rae@example.com');
    await submit(admin, 'Invite user');
    const raeLink = await invitationLinkFor('rae@example.com');
    await admin.getByRole('button', { name: 'Revoke invitation of rae@example.com' }).click();
    await admin.waitForURL(/done=revoked/);
    await expect(admin.getByRole('status').first().textContent()).resolves.toContain('Invitation revoked');
    expect(await admin.getByRole('table', { name: 'Everyone with an account' }).textContent()).not.toContain('rae@example.com');
    expect((await sam.goto(raeLink))?.status()).toBe(403);

    // The viewer becomes a comms lead, then is disabled: signed out at once.
    await admin.locator('main').getByRole('link', { name: VIEWER.name }).click();
    await admin.getByLabel('Role').selectOption('comms');
    await admin.getByRole('button', { name: 'Change role' }).click();
    await admin.waitForURL(/done=role/);
    await admin.getByRole('button', { name: 'Disable account' }).click();
    await admin.waitForURL(/done=disabled/);
    await viewer.goto(`${herald.url}/admin/account`);
    expect(new URL(viewer.url()).pathname).toBe('/admin/login');

    // The only admin cannot demote themselves.
    await admin.goto(`${herald.url}/admin/users`);
    await admin.locator('main').getByRole('link', { name: ADMIN.name }).click();
    await admin.getByLabel('Role').selectOption('viewer');
    await admin.getByRole('button', { name: 'Change role' }).click();
    await expect(admin.locator('#role-error').textContent()).resolves.toContain('You are the only admin');

    // On a phone the hub navigation is one "Menu" line that opens, not rows of links.
    await admin.setViewportSize({ width: 390, height: 800 });
    const hub = admin.getByRole('navigation', { name: 'Hub' });
    expect(await hub.getByRole('link', { name: 'Settings' }).count()).toBe(0);
    const menuHeight = (await hub.boundingBox())?.height ?? 0;
    expect(menuHeight).toBeLessThan(60);
    await expect(hub.locator('.adm-nav-menu summary').textContent()).resolves.toBe('Menu · Users');
    await hub.locator('.adm-nav-menu summary').click();
    await expect(hub.getByRole('link', { name: 'Settings' }).isVisible()).resolves.toBe(true);
  });
});
