import { existsSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed-demo.ts';
import { heraldEnv, type HeraldProcess, ROOT, startHerald } from '../support/herald-process.ts';
import { createTestDatabase, type TestDatabase, testDatabaseKinds } from '../support/test-database.ts';

/**
 * Component pages, their feeds and calendars, the page calendar, badges, /embed and
 * /widget.js, served by the built server from the snapshot cache, on both databases.
 */

beforeAll(() => {
  if (!existsSync(path.join(ROOT, 'dist', 'server', 'entry.mjs'))) {
    throw new Error('These tests run the built server: run "npm run build" first (npm test does).');
  }
});

interface ApiComponent {
  id: string;
  name: string;
  status: string;
  group: boolean;
}

describe.each(testDatabaseKinds())('component pages, calendars, badges and embeds on %s', (kind) => {
  let database: TestDatabase;
  let herald: HeraldProcess;
  let components: ApiComponent[];

  beforeAll(async () => {
    database = await createTestDatabase(kind, { migrate: kind === 'postgres' });
    if (kind === 'postgres') {
      await seedDemo(database.handle.db, { now: new Date() });
      herald = await startHerald(heraldEnv({ DATABASE_URL: database.url ?? '', HERALD_DATA_DIR: database.dataDir }));
    } else {
      await database.handle.close(); // the server opens the embedded database itself
      herald = await startHerald(heraldEnv({ HERALD_DATA_DIR: database.dataDir }));
    }
    const body = (await (await fetch(`${herald.url}/api/v2/components.json`)).json()) as { components: ApiComponent[] };
    components = body.components.filter((c) => !c.group);
  });

  afterAll(async () => {
    expect(await herald?.stop()).toBe(0);
    await database?.dispose().catch(() => {});
  });

  const affected = async (): Promise<{ id: string; name: string; incident: string }> => {
    const summary = (await (await fetch(`${herald.url}/api/v2/summary.json`)).json()) as { incidents: { name: string; components: { id: string; name: string }[] }[] };
    const incident = summary.incidents[0];
    const component = incident?.components[0];
    if (!incident || !component) throw new Error('the demo has an open incident with a component');
    return { id: component.id, name: component.name, incident: incident.name };
  };

  it('links every component on the home page to its page', async () => {
    const html = await (await fetch(`${herald.url}/`)).text();
    for (const component of components) expect(html, component.name).toContain(`href="/components/${component.id}"`);
  });

  it('serves a component page with its status, uptime and open incident, cached like the home page', async () => {
    const { id, name, incident } = await affected();
    const response = await fetch(`${herald.url}/components/${id}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toContain('s-maxage=');
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const etag = response.headers.get('etag') ?? '';
    expect(etag).toMatch(/^W\/"/);
    const html = await response.text();
    expect(html).toContain(`<h1>${name}</h1>`);
    expect(html).toContain('uptime per day over the past 90 days');
    expect(html).toContain(incident);
    expect(html).toContain(`href="/components/${id}/maintenance.ics"`);
    expect(html).toContain(`<link rel="alternate" type="application/rss+xml" title="Acme Cloud status: ${name} (RSS)" href="/components/${id}/feed.rss">`);
    // Signed out: no runbook link.
    expect(html).not.toContain('/admin/runbooks/');
    const again = await fetch(`${herald.url}/components/${id}`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });

  it('renders the page for someone with a session cookie instead of serving the cached copy', async () => {
    const { id } = await affected();
    const response = await fetch(`${herald.url}/components/${id}`, { headers: { cookie: 'herald_session=not.valid' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBeNull();
    expect(await response.text()).not.toContain('/admin/runbooks/');
  });

  it('serves a component feed in RSS and Atom with only what affects it', async () => {
    const { id, name, incident } = await affected();
    const rss = await fetch(`${herald.url}/components/${id}/feed.rss`);
    expect(rss.headers.get('content-type')).toMatch(/^application\/rss\+xml/);
    expect(rss.headers.get('access-control-allow-origin')).toBe('*');
    const rssText = await rss.text();
    expect(rssText).toContain(`status: ${name}`);
    expect(rssText).toContain(incident);
    const atom = await fetch(`${herald.url}/components/${id}/feed.atom`);
    expect(atom.headers.get('content-type')).toMatch(/^application\/atom\+xml/);
    expect(await atom.text()).toContain(`/components/${id}/feed.atom`);
    const whole = (await (await fetch(`${herald.url}/feed.rss`)).text()).match(/<item>/g)?.length ?? 0;
    expect(rssText.match(/<item>/g)?.length ?? 0).toBeLessThan(whole);
  });

  it('serves the maintenance calendars as text/calendar that a real parser reads', async () => {
    const response = await fetch(`${herald.url}/maintenance.ics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(response.headers.get('etag')).toMatch(/^W\/"/);
    const text = await response.text();
    expect(text).toContain('\r\n');
    const calendar = new ICAL.Component(ICAL.parse(text));
    const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events.length).toBeGreaterThan(0);
    const api = (await (await fetch(`${herald.url}/api/v2/scheduled-maintenances.json`)).json()) as { scheduled_maintenances: { id: string; components: { id: string }[] }[] };
    // UIDs are named after the page's public address (PUBLIC_URL), not where it listens.
    const summary = (await (await fetch(`${herald.url}/api/v2/summary.json`)).json()) as { page: { url: string } };
    const host = new URL(summary.page.url).host;
    for (const event of events) {
      const [id, at] = event.uid.split('@');
      expect(at).toBe(host);
      expect(api.scheduled_maintenances.map((m) => m.id)).toContain(id);
    }
    const maintained = api.scheduled_maintenances.find((m) => m.components.length > 0)?.components[0]?.id;
    if (maintained) {
      const one = await fetch(`${herald.url}/components/${maintained}/maintenance.ics`);
      expect(one.status).toBe(200);
      expect(new ICAL.Component(ICAL.parse(await one.text())).getAllSubcomponents('vevent').length).toBeGreaterThan(0);
    }
  });

  it('serves badges as SVG and shields.io JSON, cached for a minute', async () => {
    const { id, name } = await affected();
    const svg = await fetch(`${herald.url}/badge/status.svg`);
    expect(svg.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(svg.headers.get('cache-control')).toContain('max-age=60');
    const svgText = await svg.text();
    expect(svgText).toContain('role="img"');
    expect(svgText).toMatch(/<title>[^<]+ status: [a-z ]+<\/title>/);

    const json = await fetch(`${herald.url}/badge/components/${id}/status.json`);
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    expect(json.headers.get('access-control-allow-origin')).toBe('*');
    const body = (await json.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ schemaVersion: 1, label: name });
    expect(body['message']).not.toBe('operational');

    for (const days of ['30', '90']) {
      const uptime = (await (await fetch(`${herald.url}/badge/components/${id}/uptime.json?days=${days}`)).json()) as { message: string; label: string };
      expect(uptime.label).toBe(`${name} uptime (${days}d)`);
      expect(uptime.message).toMatch(/^\d+\.\d\d%$/);
    }
    const uptimeSvg = await fetch(`${herald.url}/badge/components/${id}/uptime.svg`);
    expect(uptimeSvg.status).toBe(200);
    expect(await uptimeSvg.text()).toContain('uptime over the last 90 days');
  });

  it('answers a bad days value with 400 and says what is allowed', async () => {
    const { id } = await affected();
    for (const format of ['svg', 'json']) {
      const response = await fetch(`${herald.url}/badge/components/${id}/uptime.${format}?days=7`);
      expect(response.status).toBe(400);
      expect(await response.text()).toContain('days must be 30 or 90');
    }
  });

  it('answers unknown components with 404 on every route', async () => {
    for (const route of [
      '/components/no-such-thing',
      '/components/no-such-thing/feed.rss',
      '/components/no-such-thing/feed.atom',
      '/components/no-such-thing/maintenance.ics',
      '/badge/components/no-such-thing/status.svg',
      '/badge/components/no-such-thing/uptime.json?days=30',
    ]) {
      const response = await fetch(`${herald.url}${route}`);
      expect(response.status, route).toBe(404);
      expect(response.headers.get('cache-control'), route).toBe('no-store');
      expect(await response.text(), route).toMatch(/not found/i);
    }
    const page = await (await fetch(`${herald.url}/components/another-one`)).text();
    expect(page).toContain('Component not found');
  });

  it('lets other sites frame /embed, and only /embed', async () => {
    const embed = await fetch(`${herald.url}/embed`);
    expect(embed.status).toBe(200);
    expect(embed.headers.get('content-security-policy')).toContain('frame-ancestors *');
    expect(embed.headers.get('x-frame-options')).toBeNull();
    expect(embed.headers.get('etag')).toMatch(/^W\/"/);
    const html = await embed.text();
    expect(html).toContain('target="_blank"');
    expect(html).toContain((await affected()).incident);
    for (const route of ['/', '/history', '/components/' + components[0]?.id, '/admin/login', '/embed/']) {
      const response = await fetch(`${herald.url}${route}`);
      expect(response.headers.get('content-security-policy'), route).toContain("frame-ancestors 'none'");
    }
  });

  it('serves /widget.js as small cacheable JavaScript, and the summary it reads to any origin', async () => {
    const response = await fetch(`${herald.url}/widget.js`, { headers: { 'accept-encoding': 'identity' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('cache-control')).toContain('max-age=');
    const source = Buffer.from(await response.arrayBuffer());
    expect(gzipSync(source, { level: 9 }).length).toBeLessThanOrEqual(3 * 1024);
    const summary = await fetch(`${herald.url}/api/v2/summary.json`, { headers: { origin: 'https://customer.example' } });
    expect(summary.headers.get('access-control-allow-origin')).toBe('*');
  });
});
