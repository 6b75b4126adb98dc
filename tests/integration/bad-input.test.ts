import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed-demo.ts';
import { createUserWithCli, TEST_PASSWORD } from '../support/accounts.ts';
import { heraldEnv, type HeraldProcess, ROOT, startHerald, waitFor } from '../support/herald-process.ts';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.ts';
import { createTestDatabase, type TestDatabase, testDatabaseKinds } from '../support/test-database.ts';

/**
 * Bad input never gives a 500: each case below once answered with a stack trace.
 * Every answer here is a 4xx/503 page that says what is wrong, carries the
 * security headers, and shows no stack trace.
 */

beforeAll(() => {
  if (!existsSync(path.join(ROOT, 'dist', 'server', 'entry.mjs'))) {
    throw new Error('These tests run the built server: run "npm run build" first (npm test does).');
  }
});

const ADMIN = 'admin@example.com';

/** Checks what a person (and a security scanner) notices on an error answer. */
async function expectErrorPage(response: Response, status: number, message: RegExp, what: string): Promise<void> {
  expect(response.status, what).toBe(status);
  expect(response.headers.get('content-security-policy'), what).toContain("frame-ancestors 'none'");
  expect(response.headers.get('x-content-type-options'), what).toBe('nosniff');
  const html = await response.text();
  expect(html, what).toMatch(message);
  expect(html, what).not.toMatch(/\n\s+at |TypeError|Error:/);
}

/** A raw request through node:http, for bodies fetch() will not send as given. */
function raw(url: string, options: { method?: string; headers?: Record<string, string>; body?: Buffer | string }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: options.method ?? 'POST', headers: options.headers ?? {} }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    request.on('error', reject);
    request.end(options.body);
  });
}

describe.each(testDatabaseKinds())('bad input on %s', (kind) => {
  let database: TestDatabase;
  let herald: HeraldProcess;
  let base: string;
  let cookie = '';

  const form = (fields: Record<string, string>): RequestInit => ({
    method: 'POST',
    redirect: 'manual',
    headers: { origin: base, 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
    body: new URLSearchParams(fields).toString(),
  });

  beforeAll(async () => {
    database = await createTestDatabase(kind, { migrate: kind === 'postgres' });
    let env: NodeJS.ProcessEnv;
    if (kind === 'postgres') {
      await seedDemo(database.handle.db, { now: new Date() });
      env = heraldEnv({ DATABASE_URL: database.url ?? '', HERALD_DATA_DIR: database.dataDir });
    } else {
      await database.handle.close(); // the server opens the embedded database itself
      env = heraldEnv({ HERALD_DATA_DIR: database.dataDir });
    }
    herald = await startHerald(env);
    base = herald.url;
    await createUserWithCli(env, { email: ADMIN, name: 'Ada Admin', role: 'admin' });
    const signedIn = await fetch(`${base}/admin/login`, form({ email: ADMIN, password: TEST_PASSWORD }));
    expect(signedIn.status).toBe(303);
    cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(cookie).toMatch(/^herald_session=/);
  }, 120_000);

  afterAll(async () => {
    expect(await herald?.stop()).toBe(0);
    await database?.dispose().catch(() => {});
  });

  it('ignores a session cookie with a NUL byte or broken encoding, and lets the browser sign in', async () => {
    for (const bad of ['herald_session=a%00b.cd', 'herald_session=abc.d%00e', 'herald_session=%E0%A4%A']) {
      const page = await fetch(`${base}/admin/login`, { headers: { cookie: bad } });
      expect(page.status, bad).toBe(200);
      const admin = await fetch(`${base}/admin`, { headers: { cookie: bad }, redirect: 'manual' });
      expect(admin.status, bad).toBe(303);
      const signIn = await fetch(`${base}/admin/login`, { ...form({ email: ADMIN, password: TEST_PASSWORD }), headers: { ...(form({}).headers as Record<string, string>), cookie: bad } });
      expect(signIn.status, bad).toBe(303);
      expect(signIn.headers.get('set-cookie'), bad).toMatch(/^herald_session=[a-z0-9]+\.[a-z0-9]+;/);
    }
  });

  it('answers a missing hub page with a 404 to the signed-in, and sends only the signed-out to sign in', async () => {
    // The 404 page used to be rendered without the session cookie: the signed-in were
    // sent to sign in, which sent them back, in a loop.
    const signedIn = await fetch(`${base}/admin/no-such-page`, { headers: { cookie }, redirect: 'manual' });
    await expectErrorPage(signedIn, 404, /not found/i, 'missing hub page, signed in');
    const signedOut = await fetch(`${base}/admin/no-such-page`, { redirect: 'manual' });
    expect(signedOut.status).toBe(303);
    expect(signedOut.headers.get('location')).toBe('/admin/login?next=%2Fadmin%2Fno-such-page');
  });

  it('refuses a NUL byte in addresses and form fields with a 400 or 404 that says why', async () => {
    await expectErrorPage(await fetch(`${base}/subscribe/confirm?token=abc%00def`), 400, /NUL character/, 'confirmation token');
    await expectErrorPage(await fetch(`${base}/unsubscribe?token=abc%00def`), 400, /NUL character/, 'unsubscribe token');
    await expectErrorPage(await fetch(`${base}/admin/incidents?q=db%00`, { headers: { cookie } }), 400, /NUL character/, '?q=');
    await expectErrorPage(await fetch(`${base}/incidents/abc%00def`), 404, /not found/i, 'incident id');
    await expectErrorPage(await fetch(`${base}/admin/incidents/abc%00def`, { headers: { cookie } }), 404, /not found/i, 'admin incident id');
    await expectErrorPage(await fetch(`${base}/admin/login`, form({ email: 'a\u0000b@example.com', password: 'x' })), 400, /NUL character/, 'login email');
    await expectErrorPage(await fetch(`${base}/admin/login`, form({ email: ADMIN, password: 'pass\u0000word' })), 400, /NUL character/, 'login password');
    await expectErrorPage(await fetch(`${base}/subscribe`, form({ email: 'a\u0000b@example.com' })), 400, /NUL character/, 'subscribe email');
    await expectErrorPage(await fetch(`${base}/admin/incidents/new`, form({ title: 'Database\u0000down', severity: 'sev2' })), 400, /NUL character/, 'incident title');
  });

  it('refuses JSON, text and broken multipart bodies on form routes', async () => {
    for (const route of ['/admin/login', '/subscribe', '/admin/incidents/new', '/unsubscribe']) {
      const headers = { origin: base, cookie };
      await expectErrorPage(await fetch(`${base}${route}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: '{"email":"a@example.com"}' }), 400, /takes an HTML form/, `${route} JSON`);
      await expectErrorPage(await fetch(`${base}${route}`, { method: 'POST', headers: { ...headers, 'content-type': 'text/plain' }, body: 'email=a@example.com' }), 400, /not text\/plain/, `${route} text`);
      await expectErrorPage(
        await fetch(`${base}${route}`, { method: 'POST', headers: { ...headers, 'content-type': 'multipart/form-data; boundary=xyz' }, body: '--xyz\r\nbroken' }),
        400,
        /could not be read/,
        `${route} multipart`,
      );
    }
    // A well-formed multipart form still works.
    const multipart = new FormData();
    multipart.set('email', 'nobody@example.com');
    multipart.set('password', 'not the password');
    const wrong = await fetch(`${base}/admin/login`, { method: 'POST', headers: { origin: base }, body: multipart });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain('Wrong email or password.');
  });

  it('sends no HSTS with an http PUBLIC_URL, and nosniff on feeds and API', async () => {
    for (const route of ['/', '/feed.atom', '/api/v2/components.json']) {
      const response = await fetch(`${base}${route}`);
      expect(response.headers.get('strict-transport-security'), route).toBeNull();
      expect(response.headers.get('x-content-type-options'), route).toBe('nosniff');
    }
  });

  it('answers unknown incident ids with one cached, compressed 404', async () => {
    const first = await fetch(`${base}/incidents/nosuchincident1`, { headers: { 'accept-encoding': 'br' } });
    const second = await fetch(`${base}/incidents/Another_Unknown.Id`, { headers: { 'accept-encoding': 'br' } });
    for (const response of [first, second]) {
      expect(response.status).toBe(404);
      expect(await response.text()).toContain('Incident not found');
    }
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(first.headers.get('content-encoding')).toBe('br');
  });

  it('subscribes an address with an internationalised domain, mailed in punycode', async () => {
    const response = await fetch(`${base}/subscribe`, form({ email: 'ops@bücher.example' }));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Check your inbox');
    // The raw message, as the SMTP server would get it (the outbox list shows it decoded).
    const sent = async (): Promise<string> => {
      const dir = path.join(database.dataDir, 'outbox');
      const names = await readdir(dir).catch(() => [] as string[]);
      return (await Promise.all(names.map((name) => readFile(path.join(dir, name), 'utf8')))).join('\n');
    };
    expect(await waitFor(async () => /^To: ops@xn--bcher-kva\.example\r?$/m.test(await sent()), 5_000)).toBe(true);
    const local = await fetch(`${base}/subscribe`, form({ email: 'отдел@example.ru' }));
    expect(local.status).toBe(400);
    expect(await local.text()).toContain('SMTPUTF8');
  });

  it('sends next= with CR/LF to the dashboard', async () => {
    const response = await fetch(`${base}/admin/login?next=${encodeURIComponent('/admin\r\nSet-Cookie: evil=1')}`, { headers: { cookie }, redirect: 'manual' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/admin');
    expect(response.headers.get('set-cookie')).toBeNull();
    const posted = await fetch(`${base}/admin/login?next=${encodeURIComponent('/admin\nx')}`, form({ email: ADMIN, password: TEST_PASSWORD }));
    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).toBe('/admin');
  });

  it('checks at most 5 of 60 parallel guesses from one address', async () => {
    const guesses = await Promise.all(
      // Signed out (no cookie): a signed-in browser is sent on from the login page.
      // Each claims another address in X-Forwarded-For: ignored without HERALD_TRUSTED_PROXIES.
      Array.from({ length: 60 }, (_, i) =>
        fetch(`${base}/admin/login`, {
          ...form({ email: 'target@example.com', password: `guess ${i}` }),
          headers: { origin: base, 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': `198.51.100.${i}` },
        }),
      ),
    );
    const statuses = guesses.map((response) => response.status);
    const checked = statuses.filter((status) => status === 400).length;
    console.log(`${checked} of 60 parallel guesses were checked (${kind})`);
    expect(checked).toBe(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(55);
    // Each refusal says when to come back: a minute after the checked guesses (rounded up to whole seconds).
    const waits = guesses.filter((response) => response.status === 429).map((response) => Number(response.headers.get('retry-after')));
    expect(waits.every((seconds) => seconds >= 1 && seconds <= 61)).toBe(true);
  });

  it('refuses a body over the limit with 413 before reading it', async () => {
    const declared = await raw(`${base}/subscribe`, {
      headers: { origin: base, 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(300 * 1024 * 1024) },
    }).catch((error: unknown) => ({ status: -1, body: String(error) }));
    expect(declared.status).toBe(413);
    expect(declared.body).toMatch(/more than 1 MB/);
    // Chunked, no Content-Length: counted as it streams.
    const streamed = await raw(`${base}/subscribe`, {
      headers: { origin: base, 'content-type': 'application/x-www-form-urlencoded', 'transfer-encoding': 'chunked' },
      body: Buffer.alloc(2 * 1024 * 1024, 'a'),
    }).catch((error: unknown) => ({ status: -1, body: String(error) }));
    expect(streamed.status).toBe(413);
    // Just under the limit is read and answered normally.
    const small = await fetch(`${base}/subscribe`, form({ email: 'someone@example.com', pad: 'x'.repeat(900 * 1024) }));
    expect(small.status).toBeLessThan(500);
    expect(small.status).not.toBe(413);
  });
});

describe.each(testDatabaseKinds())('behind a trusted proxy on %s', (kind) => {
  let database: TestDatabase;
  let herald: HeraldProcess;
  let base: string;

  const signIn = (email: string, password: string, forwardedFor: string): Promise<Response> =>
    fetch(`${base}/admin/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: base, 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': forwardedFor },
      body: new URLSearchParams({ email, password }).toString(),
    });

  beforeAll(async () => {
    database = await createTestDatabase(kind, { migrate: kind === 'postgres' });
    const extra = { HERALD_TRUSTED_PROXIES: '127.0.0.1/8,10.0.0.0/8', HERALD_DATA_DIR: database.dataDir, HERALD_DEMO: '0', PUBLIC_URL: 'https://status.example.com' };
    if (kind === 'embedded') await database.handle.close();
    const env = heraldEnv(kind === 'postgres' ? { ...extra, DATABASE_URL: database.url ?? '' } : extra);
    herald = await startHerald(env);
    base = herald.url;
    await createUserWithCli(env, { email: ADMIN, name: 'Ada Admin', role: 'admin' });
  }, 120_000);

  afterAll(async () => {
    expect(await herald?.stop()).toBe(0);
    await database?.dispose().catch(() => {});
  });

  it('throttles, records and shows the right-most untrusted X-Forwarded-For hop', async () => {
    // One client behind the CDN: 5 of 60 checked, keyed by its own address.
    const one = await Promise.all(Array.from({ length: 60 }, (_, i) => signIn(ADMIN, `guess ${i}`, `1.1.1.${i}, 203.0.113.7, 10.0.0.2`)));
    expect(one.filter((response) => response.status === 400)).toHaveLength(5);
    // Another visitor through the same proxy is not affected, and its address is recorded.
    const owner = await signIn(ADMIN, TEST_PASSWORD, '203.0.113.50, 10.0.0.2');
    expect(owner.status).toBe(303);
    const cookie = (owner.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const account = await (await fetch(`${base}/admin/account`, { headers: { cookie } })).text();
    expect(account).toContain('203.0.113.50');
    expect(account).not.toContain('127.0.0.1');
  });

  it('sends HSTS everywhere with an https PUBLIC_URL, and nosniff on feeds and API', async () => {
    for (const route of ['/', '/feed.rss', '/api/v2/summary.json', '/admin/login', '/no/such/page', '/healthz', '/incidents/abc%00']) {
      const response = await fetch(`${base}${route}`);
      expect(response.headers.get('strict-transport-security'), route).toBe('max-age=31536000; includeSubDomains');
      expect(response.headers.get('x-content-type-options'), route).toBe('nosniff');
    }
  });

  it('accepts forms from PUBLIC_URL and the listen address, never from a Host it was sent', async () => {
    const post = (headers: Record<string, string>): Promise<{ status: number; body: string }> =>
      raw(`${base}/admin/login`, {
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '203.0.113.99', ...headers },
        body: 'email=nobody%40example.com&password=x',
      });
    expect((await post({ origin: 'https://status.example.com' })).status).toBe(400); // checked: wrong password
    expect((await post({ origin: base })).status).toBe(400);
    expect((await post({ origin: base.replace('127.0.0.1', 'localhost') })).status).toBe(400);
    // DNS rebinding: a page on evil.example resolved to Herald sends a matching Host and Origin.
    const rebound = await post({ origin: 'http://evil.example', host: 'evil.example' });
    expect(rebound.status).toBe(403);
    expect(rebound.body).toContain('sent from another site');
    expect((await post({ origin: 'http://evil.example:4321', host: 'evil.example:4321' })).status).toBe(403);
  });

  it('holds the per-account ceiling against 60 addresses at once', async () => {
    const many = await Promise.all(Array.from({ length: 60 }, (_, i) => signIn('victim@example.com', `guess ${i}`, `192.0.2.${i + 1}`)));
    const checked = many.filter((response) => response.status === 400).length;
    console.log(`${checked} of 60 parallel guesses from 60 addresses were checked (${kind})`);
    expect(checked).toBe(10);
  });
});

describe.runIf(testDatabaseKinds().includes('postgres'))('bad input while PostgreSQL is unreachable', () => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  let herald: HeraldProcess;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    await seedDemo(database.handle.db, { now: new Date() });
    const target = new URL(database.url ?? '');
    proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
    target.host = `127.0.0.1:${proxy.port}`;
    herald = await startHerald(heraldEnv({ DATABASE_URL: target.toString(), HERALD_DATA_DIR: database.dataDir }));
  }, 120_000);

  afterAll(async () => {
    await herald?.stop();
    await proxy?.close();
    await database?.dispose().catch(() => {});
  });

  it('answers subscribe and sign-in with a friendly 503, and the status page still works', async () => {
    await proxy.cut();
    try {
      const base = herald.url;
      const post = (route: string, fields: Record<string, string>): Promise<Response> =>
        fetch(`${base}${route}`, { method: 'POST', headers: { origin: base, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
      await expectErrorPage(await post('/subscribe', { email: 'someone@example.com' }), 503, /cannot reach its database/, 'subscribe');
      await expectErrorPage(await post('/admin/login', { email: ADMIN, password: 'whatever it is' }), 503, /cannot reach its database/, 'sign-in');
      const home = await fetch(`${base}/`, { headers: { cookie: 'herald_session=abc.def' } });
      expect(home.status).toBe(200);
    } finally {
      await proxy.restore();
    }
  }, 60_000);
});
