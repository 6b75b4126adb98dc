import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed-demo.ts';
import { heraldEnv, type HeraldProcess, ROOT, runHerald, startHerald, waitFor } from '../support/herald-process.ts';
import { type SmtpSink, startSmtpSink } from '../support/smtp-sink.ts';
import { createTestDatabase, type TestDatabase, testDatabaseKinds } from '../support/test-database.ts';

/**
 * Languages on the built server, on both databases: Accept-Language picks the page's
 * language (with Vary and an ETag of its own), the switcher's ?lang= is remembered in
 * a cookie, and a subscriber's confirmation email is written in the language they
 * subscribed in (the server's own delivery loop, to a real SMTP sink).
 */

beforeAll(() => {
  if (!existsSync(path.join(ROOT, 'dist', 'server', 'entry.mjs'))) {
    throw new Error('These tests run the built server: run "npm run build" first (npm test does).');
  }
});

describe.each(testDatabaseKinds())('languages on %s', (kind) => {
  let database: TestDatabase;
  let herald: HeraldProcess;
  let sink: SmtpSink;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    sink = await startSmtpSink();
    const mail = { SMTP_URL: sink.url, MAIL_FROM: 'status@example.com' };
    database = await createTestDatabase(kind, { migrate: kind === 'postgres' });
    if (kind === 'postgres') {
      await seedDemo(database.handle.db, { now: new Date() });
      env = heraldEnv({ DATABASE_URL: database.url ?? '', HERALD_DATA_DIR: database.dataDir, ...mail });
      herald = await startHerald(env);
    } else {
      await database.handle.close(); // the server opens the embedded database itself
      env = heraldEnv({ HERALD_DATA_DIR: database.dataDir, ...mail });
      herald = await startHerald(env);
    }
  });

  afterAll(async () => {
    expect(await herald?.stop()).toBe(0);
    await sink?.close();
    await database?.dispose().catch(() => {});
  });

  const get = (pathname: string, headers: Record<string, string> = {}): Promise<Response> => fetch(`${herald.url}${pathname}`, { headers, redirect: 'manual' });

  it('answers in the browser language, with Vary and an ETag per language', async () => {
    const english = await get('/', { 'accept-language': 'en-US,en;q=0.9' });
    const german = await get('/', { 'accept-language': 'de-AT,de;q=0.9,en;q=0.5' });
    expect(german.status).toBe(200);
    expect(german.headers.get('vary')).toMatch(/Accept-Language/);
    expect(german.headers.get('vary')).toMatch(/Cookie/);
    expect(german.headers.get('content-language')).toBe('de');
    const html = await german.text();
    expect(html).toContain('<html lang="de"');
    expect(html).toContain('Komponenten');
    expect(html).toContain('Vergangene Störungen');
    expect(await english.text()).toContain('Past incidents');

    const germanTag = german.headers.get('etag') ?? '';
    expect(germanTag).toMatch(/^W\/"/);
    expect(germanTag).not.toBe(english.headers.get('etag'));
    // Each language revalidates against its own ETag.
    expect((await get('/', { 'accept-language': 'de', 'if-none-match': germanTag })).status).toBe(304);
    expect((await get('/', { 'accept-language': 'en', 'if-none-match': germanTag })).status).toBe(200);
    // No language Herald has: the page's default (English).
    expect(await (await get('/', { 'accept-language': 'ja' })).text()).toContain('<html lang="en"');
  });

  it('keeps feeds and the API in English whatever the browser asks for', async () => {
    const api = await get('/api/v2/status.json', { 'accept-language': 'de' });
    expect(api.headers.get('vary') ?? '').not.toMatch(/Accept-Language/);
    expect(((await api.json()) as { status: { description: string } }).status.description).toMatch(/^[A-Z][a-z]+ [A-Za-z ]+$/);
  });

  it('remembers the switcher choice in a cookie, ahead of the browser language', async () => {
    const switched = await get('/history?month=2026-01&lang=fr');
    expect(switched.status).toBe(303);
    expect(switched.headers.get('location')).toBe('/history?month=2026-01');
    const cookie = switched.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^herald_lang=fr; Path=\/; Max-Age=\d+; SameSite=Lax/);

    const french = await get('/history?month=2026-01', { cookie: 'herald_lang=fr', 'accept-language': 'de' });
    const html = await french.text();
    expect(html).toContain('<html lang="fr"');
    expect(html).toContain('Historique des incidents');
    expect(html).toContain('janvier 2026');
    // Never a way to send someone to another site.
    for (const path of ['//evil.example/?lang=de', '/%5Cevil.example/?lang=de']) {
      expect(((await get(path)).headers.get('location') ?? '').startsWith('//'), path).toBe(false);
    }
    // An unknown value is ignored: the browser language decides.
    expect(await (await get('/', { cookie: 'herald_lang=xx', 'accept-language': 'es' })).text()).toContain('Incidentes anteriores');
  });

  it('shows the subscribe flow in the language, and writes the confirmation email in it', async () => {
    const page = await get('/subscribe', { 'accept-language': 'es-MX' });
    expect(page.headers.get('vary')).toMatch(/Accept-Language/);
    expect(await page.text()).toContain('Suscribirse a las actualizaciones');

    // A mistake is explained in the language too, next to the field, keeping what was typed.
    const wrong = await fetch(`${herald.url}/subscribe`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: herald.url, 'accept-language': 'fr-FR', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: 'not-an-address', mode: 'email' }).toString(),
    });
    expect(wrong.status).toBe(400);
    const wrongHtml = await wrong.text();
    expect(wrongHtml).toContain('Saisissez une adresse e-mail comme nom@example.com');
    expect(wrongHtml).toContain('value="not-an-address"');

    const email = `lang-${kind}@example.com`;
    const posted = await fetch(`${herald.url}/subscribe`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: herald.url, cookie: 'herald_lang=de', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email, mode: 'email' }).toString(),
    });
    expect(posted.status).toBe(200);
    expect(await posted.text()).toContain('Wir haben Ihnen einen Bestätigungslink geschickt');

    // The server's delivery loop sends it; wait for it to arrive (no fixed delay).
    for (let i = 0; i < 600 && !sink.recipients().includes(email); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    const message = sink.received.find((m) => JSON.stringify(m.to).includes(email));
    expect(message?.subject).toMatch(/Bitte bestätigen Sie Ihr Abonnement$/);
    expect(message?.text).toContain('Zum Bestätigen öffnen Sie diesen Link');
    expect(message?.html).toContain('<html lang="de"');

    // The confirmation page follows the reader's own language, not the subscriber's.
    const token = /\/subscribe\/confirm\?token=(\S+)/.exec(message?.text ?? '')?.[1] ?? '';
    const confirm = await get(`/subscribe/confirm?token=${token}`, { 'accept-language': 'fr' });
    expect(await confirm.text()).toContain('Confirmez votre abonnement');
  });

  it('`page set --language` sets the default for browsers that ask for none of the languages', async () => {
    const refused = await runHerald(['page', 'set', '--language', 'nl'], env);
    expect(refused.code).toBe(1);
    expect(refused.output).toContain("Choose one of the page's languages: en, de, fr, es.");

    const result = await runHerald(['page', 'set', '--language', 'es'], env);
    expect(result.code).toBe(0);
    expect(result.output).toContain('language es');
    const spanish = await waitFor(async () => (await (await get('/', { 'accept-language': 'ja' })).text()).includes('<html lang="es"'), 10_000);
    expect(spanish).toBe(true);
    // A browser asking for a language Herald has still gets it.
    expect(await (await get('/', { 'accept-language': 'de' })).text()).toContain('<html lang="de"');
    expect(await (await get('/')).text()).toContain('Incidentes anteriores');
  });
});
