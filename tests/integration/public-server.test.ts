import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../db/client.ts';
import { listComponents } from '../../db/queries/components.ts';
import { setComponentStatus } from '../../src/catalog/set-component-status.ts';
import { seedDemo } from '../../src/demo/seed-demo.ts';
import { heraldEnv, type HeraldProcess, ROOT, runHerald, startHerald, waitFor } from '../support/herald-process.ts';
import { schemaErrors } from '../support/statuspage-schemas.ts';
import { createTestDatabase, type TestDatabase, testDatabaseKinds } from '../support/test-database.ts';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.ts';

const API_SCHEMAS: [string, Parameters<typeof schemaErrors>[0]][] = [
  ['/api/v2/summary.json', 'summary'],
  ['/api/v2/status.json', 'status'],
  ['/api/v2/components.json', 'components'],
  ['/api/v2/incidents.json', 'incidents'],
  ['/api/v2/incidents/unresolved.json', 'incidents'],
  ['/api/v2/scheduled-maintenances.json', 'scheduled-maintenances'],
  ['/api/v2/scheduled-maintenances/upcoming.json', 'scheduled-maintenances'],
  ['/api/v2/scheduled-maintenances/active.json', 'scheduled-maintenances'],
];

beforeAll(() => {
  if (!existsSync(path.join(ROOT, 'dist', 'server', 'entry.mjs'))) {
    throw new Error('These tests run the built server: run "npm run build" first (npm test does).');
  }
});

describe.each(testDatabaseKinds())('public server on %s', (kind) => {
  let database: TestDatabase;
  let herald: HeraldProcess;
  /** A second connection, as another process (CLI, second server) would have. */
  let other: DatabaseHandle;

  beforeAll(async () => {
    database = await createTestDatabase(kind, { migrate: kind === 'postgres' });
    if (kind === 'postgres') {
      await seedDemo(database.handle.db, { now: new Date() });
      herald = await startHerald(heraldEnv({ DATABASE_URL: database.url ?? '', HERALD_DATA_DIR: database.dataDir }));
      other = database.handle;
    } else {
      await database.handle.close(); // the server opens the embedded database itself
      herald = await startHerald(heraldEnv({ HERALD_DATA_DIR: database.dataDir }));
      other = await openDatabase({ databaseUrl: null, dataDir: database.dataDir, shareEmbedded: true });
    }
  });

  afterAll(async () => {
    if (kind === 'embedded') await other?.close();
    expect(await herald?.stop()).toBe(0);
    await database?.dispose().catch(() => {});
  });

  it('serves the status page with caching headers', async () => {
    const response = await fetch(`${herald.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const cacheControl = response.headers.get('cache-control') ?? '';
    for (const directive of ['max-age=', 's-maxage=', 'stale-while-revalidate=', 'stale-if-error=']) expect(cacheControl).toContain(directive);
    expect(response.headers.get('etag')).toMatch(/^W\/"/);
    // The page is rendered in the reader's language (Accept-Language or the herald_lang cookie).
    expect(response.headers.get('vary')).toBe('Accept-Encoding, Accept-Language, Cookie');
    expect(response.headers.get('x-snapshot-age')).toMatch(/^\d+$/);
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const html = await response.text();
    expect(html).toContain('Acme Cloud');
    expect(html).toContain('Managed PostgreSQL');
  });

  it('compresses once with brotli and gzip, chosen by Accept-Encoding', async () => {
    const plain = Buffer.from(await (await fetch(`${herald.url}/`, { headers: { 'accept-encoding': 'identity' } })).arrayBuffer());
    for (const [encoding, decode] of [
      ['br', brotliDecompressSync],
      ['gzip', gunzipSync],
    ] as const) {
      // node's fetch decodes bodies itself, so read the raw bytes through node:http.
      const raw = await new Promise<{ headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
        import('node:http').then(({ get }) =>
          get(`${herald.url}/`, { headers: { 'accept-encoding': encoding } }, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
          }).on('error', reject),
        );
      });
      expect(raw.headers['content-encoding']).toBe(encoding);
      expect(raw.body.length).toBeLessThan(plain.length / 3);
      expect(decode(raw.body).equals(plain)).toBe(true);
    }
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const first = await fetch(`${herald.url}/api/v2/summary.json`);
    const etag = first.headers.get('etag') ?? '';
    const second = await fetch(`${herald.url}/api/v2/summary.json`, { headers: { 'if-none-match': etag } });
    expect(second.status).toBe(304);
    expect(await second.text()).toBe('');
  });

  it('serves every Statuspage endpoint in its documented shape, GET and HEAD, readable cross-origin', async () => {
    for (const [route, schema] of API_SCHEMAS) {
      const response = await fetch(`${herald.url}${route}`);
      expect(response.status, route).toBe(200);
      expect(response.headers.get('access-control-allow-origin'), route).toBe('*');
      expect(schemaErrors(schema, await response.json()), route).toEqual([]);
      const head = await fetch(`${herald.url}${route}`, { method: 'HEAD' });
      expect(head.status, route).toBe(200);
      expect(head.headers.get('access-control-allow-origin'), route).toBe('*');
      expect(await head.text(), route).toBe('');
    }
    const summary = (await (await fetch(`${herald.url}/api/v2/summary.json`)).json()) as { incidents: { status: string }[]; components: unknown[] };
    expect(summary.incidents.length).toBe(1);
    expect(summary.incidents[0]?.status).not.toBe('resolved');
    expect(summary.components.length).toBe(15); // 12 components and 3 groups
  });

  it('serves the feeds', async () => {
    const rss = await fetch(`${herald.url}/feed.rss`);
    expect(rss.headers.get('content-type')).toMatch(/^application\/rss\+xml/);
    expect((await rss.text()).match(/<item>/g)?.length).toBe(50);
    const atom = await fetch(`${herald.url}/feed.atom`);
    expect(atom.headers.get('content-type')).toMatch(/^application\/atom\+xml/);
  });

  it('answers unknown and malformed paths with the friendly 404 page', async () => {
    for (const route of ['/incidents/does-not-exist', '/incidents/%00', '/no/such/page', '/history?month=2026-13']) {
      const response = await fetch(`${herald.url}${route}`);
      expect(response.status, route).toBe(404);
      expect(await response.text(), route).toMatch(/not found/i);
    }
  });

  it('never shows drafts or internal updates in any public output', async () => {
    const hidden = await other.db
      .selectFrom('updates')
      .select('body')
      .where((eb) => eb.or([eb('audience', '=', 'internal'), eb('state', '!=', 'published')]))
      .execute();
    expect(hidden.length).toBeGreaterThan(0);
    const incidents = (await (await fetch(`${herald.url}/api/v2/incidents.json`)).json()) as { incidents: { id: string }[] };
    const outputs = await Promise.all(
      ['/', '/feed.rss', '/feed.atom', '/api/v2/incidents.json', '/api/v2/summary.json', ...incidents.incidents.slice(0, 5).map((i) => `/incidents/${i.id}`)].map(
        async (route) => [route, await (await fetch(`${herald.url}${route}`)).text()] as const,
      ),
    );
    for (const { body } of hidden) {
      const probe = body.slice(0, 40);
      for (const [route, text] of outputs) expect(text.includes(probe), `${route} shows "${probe}"`).toBe(false);
    }
  });

  it('shows a change made by another process within 2 seconds', async () => {
    const [component] = await listComponents(other.db);
    if (!component) throw new Error('demo has components');
    const changedAt = Date.now();
    await other.db.transaction().execute((trx) => setComponentStatus(trx, component.id, 'major_outage', new Date()));
    const seen = await waitFor(async () => {
      const body = (await (await fetch(`${herald.url}/api/v2/components.json`)).json()) as { components: { id: string; status: string }[] };
      return body.components.find((c) => c.id === component.id)?.status === 'major_outage';
    }, 2_000, 50);
    console.log(`[${kind}] change visible after ${Date.now() - changedAt} ms`);
    expect(seen).toBe(true);
    const status = (await (await fetch(`${herald.url}/api/v2/status.json`)).json()) as { status: { indicator: string } };
    expect(status.status.indicator).toBe('critical');
  });

  it('answers /healthz and /readyz', async () => {
    expect((await fetch(`${herald.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${herald.url}/readyz`)).status).toBe(200);
  });
});

describe.runIf(testDatabaseKinds().includes('postgres'))('when PostgreSQL becomes unreachable', () => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  let herald: HeraldProcess | null = null;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    await seedDemo(database.handle.db, { now: new Date() });
    const target = new URL(database.url ?? '');
    proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
    target.host = `127.0.0.1:${proxy.port}`;
    env = heraldEnv({ DATABASE_URL: target.toString(), HERALD_DATA_DIR: database.dataDir });
  });

  afterAll(async () => {
    await herald?.stop();
    await proxy?.close();
    await database?.dispose().catch(() => {});
  });

  it('keeps serving the last snapshot, says how old it is, and recovers by itself', async () => {
    herald = await startHerald(env);
    const base = herald.url;
    const before = await (await fetch(`${base}/api/v2/summary.json`)).text();

    await proxy.cut();
    const cutAt = Date.now();
    const notReady = await waitFor(async () => (await fetch(`${base}/readyz`)).status === 503, 20_000);
    console.log(`/readyz answered 503 ${Date.now() - cutAt} ms after the cut`);
    expect(notReady, herald.output()).toBe(true);
    expect(await waitFor(async () => (await fetch(`${base}/`)).headers.has('x-snapshot-stale-since'), 5_000)).toBe(true);
    for (const route of ['/', '/feed.rss', '/api/v2/summary.json', '/history']) {
      const response = await fetch(`${base}${route}`);
      expect(response.status, route).toBe(200);
      expect(response.headers.get('x-snapshot-stale-since'), route).toMatch(/^\d{4}-/);
    }
    expect(await (await fetch(`${base}/`)).text()).toMatch(/can(’|')t reach/i);
    expect(await (await fetch(`${base}/api/v2/summary.json`)).text()).toBe(before);

    await proxy.restore();
    expect(await waitFor(async () => (await fetch(`${base}/readyz`)).status === 200, 15_000)).toBe(true);
    expect(await waitFor(async () => !(await fetch(`${base}/`)).headers.has('x-snapshot-stale-since'), 5_000)).toBe(true);
    expect(await (await fetch(`${base}/`)).text()).not.toMatch(/can(’|')t reach/i);
    expect(herald.output()).toMatch(/Database unreachable/);
    expect(await herald.stop()).toBe(0);
    herald = null;
  });

  it('starts from the snapshot on disk while the database is down', async () => {
    await proxy.cut();
    herald = await startHerald(env);
    const base = herald.url;
    const response = await fetch(`${base}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-snapshot-stale-since')).toMatch(/^\d{4}-/);
    expect(await response.text()).toContain('Acme Cloud');
    expect(herald.output()).toMatch(/Database unreachable at start/);
    expect((await fetch(`${base}/readyz`)).status).toBe(503);
    await proxy.restore();
    expect(await waitFor(async () => (await fetch(`${base}/readyz`)).status === 200, 15_000)).toBe(true);
    expect(await waitFor(async () => !(await fetch(`${base}/`)).headers.has('x-snapshot-stale-since'), 10_000)).toBe(true);
    expect(await herald.stop()).toBe(0);
    herald = null;
  });

  it('exits with one clear line when the database is down and no snapshot was saved', async () => {
    await proxy.cut();
    const empty = mkdtempSync(path.join(os.tmpdir(), 'herald-empty-'));
    try {
      const result = await runHerald(['start', '--no-build'], { ...env, HERALD_DATA_DIR: empty });
      expect(result.code).not.toBe(0);
      expect(result.output).toMatch(/Cannot reach the database/);
      expect(result.output).not.toMatch(/\n\s+at /); // no stack trace
    } finally {
      rmSync(empty, { recursive: true, force: true });
      await proxy.restore();
    }
  });
});

describe('configuration errors', () => {
  it('rejects a malformed DATABASE_URL with one clear line', async () => {
    const result = await runHerald(['migrate'], heraldEnv({ DATABASE_URL: 'mysql://nope' }));
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/DATABASE_URL must look like postgres:\/\//);
    expect(result.output.trim().split('\n')).toHaveLength(1);
  });

  it('explains every command with --help', async () => {
    for (const command of ['start', 'migrate', 'seed-demo']) {
      const result = await runHerald([command, '--help'], heraldEnv({}));
      expect(result.code, command).toBe(0);
      expect(result.output, command).toMatch(/herald /);
    }
  });
});

