import { describe, expect, it } from 'vitest';
import { buildAtom } from '../../src/feeds/atom.ts';
import { listFeedEntries } from '../../src/feeds/feed-entries.ts';
import { buildRss } from '../../src/feeds/rss.ts';
import { componentIdOfKey, isComponentPageKey, isCrossOriginReadable, missingComponentKey, publicCacheKey } from '../../src/server/public-routes.ts';
import { EMBED_SECURITY_HEADERS, SECURITY_HEADERS, securityHeadersFor } from '../../src/server/security-headers.ts';
import { componentActivity } from '../../src/status/component-view.ts';
import { fixtureSnapshot } from '../fixtures/snapshot.ts';

describe('component routes in the page cache', () => {
  it('gives component pages, feeds, calendars and badges a cache key', () => {
    for (const path of [
      '/components/cmp-api',
      '/components/cmp-api/feed.rss',
      '/components/cmp-api/feed.atom',
      '/components/cmp-api/maintenance.ics',
      '/maintenance.ics',
      '/embed',
      '/badge/status.svg',
      '/badge/status.json',
      '/badge/components/cmp-api/status.svg',
      '/badge/components/cmp-api/uptime.json',
    ]) {
      expect(publicCacheKey('GET', path), path).toBe(path);
      expect(publicCacheKey('GET', `${path}?utm_source=x`), path).toBe(path);
    }
    expect(publicCacheKey('GET', '/components/cmp-api/other')).toBeNull();
    expect(publicCacheKey('POST', '/components/cmp-api')).toBeNull();
  });

  it('keys uptime badges by their days, and leaves a bad value to the route (400)', () => {
    expect(publicCacheKey('GET', '/badge/components/a/uptime.svg?days=30&x=1')).toBe('/badge/components/a/uptime.svg?days=30');
    expect(publicCacheKey('GET', '/badge/components/a/uptime.svg?x=1')).toBe('/badge/components/a/uptime.svg');
    expect(publicCacheKey('GET', '/badge/components/a/uptime.svg?days=7')).toBeNull();
  });

  it('answers every unknown id of a route with one rendering', () => {
    expect(componentIdOfKey('/components/cmp%2Dapi/feed.rss')).toBe('cmp-api');
    expect(componentIdOfKey('/badge/components/x/uptime.svg?days=30')).toBe('x');
    expect(componentIdOfKey('/badge/status.svg')).toBeNull();
    expect(missingComponentKey('/components/nope')).toBe('/components/-');
    expect(missingComponentKey('/components/nope/feed.atom')).toBe('/components/-/feed.atom');
    expect(missingComponentKey('/badge/components/nope/uptime.svg?days=30')).toBe('/badge/components/-/uptime.svg');
    expect(isComponentPageKey('/components/x')).toBe(true);
    expect(isComponentPageKey('/components/x/feed.rss')).toBe(false);
  });

  it('lets other sites read feeds, calendars and badge JSON, and frame /embed only', () => {
    for (const key of ['/components/a/feed.rss', '/components/a/feed.atom', '/maintenance.ics', '/components/a/maintenance.ics', '/badge/status.json'])
      expect(isCrossOriginReadable(key), key).toBe(true);
    for (const key of ['/components/a', '/embed', '/badge/status.svg']) expect(isCrossOriginReadable(key), key).toBe(false);
    expect(String(securityHeadersFor('/embed')['content-security-policy'])).toContain('frame-ancestors *');
    expect(EMBED_SECURITY_HEADERS['x-frame-options']).toBeUndefined();
    for (const path of ['/', '/components/a', '/embed/', '/admin']) expect(securityHeadersFor(path)).toBe(SECURITY_HEADERS);
    expect(String(SECURITY_HEADERS['content-security-policy'])).toContain("frame-ancestors 'none'");
  });
});

describe('a component in the snapshot', () => {
  it('has its open and recent incidents and maintenance', () => {
    const activity = componentActivity(fixtureSnapshot(), 'cmp-api');
    expect(activity.openIncidents.map((i) => i.id)).toEqual(['inc-open']);
    expect(activity.recentIncidents.map((i) => i.id)).toEqual(['inc-resolved']);
    expect(activity.currentMaintenances).toEqual([]);
    expect(activity.recentMaintenances.map((m) => m.id)).toEqual(['mnt-done']);
    expect(componentActivity(fixtureSnapshot(), 'cmp-db').currentMaintenances.map((m) => m.id)).toEqual(['mnt-upcoming']);
  });

  it('has feeds of only what affects it, titled and linked as its own', () => {
    const s = fixtureSnapshot();
    const ids = listFeedEntries(s, 50, 'cmp-db').map((e) => e.id);
    expect(ids).toEqual(['https://status.example.com/maintenance/mnt-upcoming#update-upd-mnt-1']);
    expect(listFeedEntries(s, 50, 'cmp-dashboard').every((e) => e.link.includes('/incidents/inc-open'))).toBe(true);
    const rss = buildRss(s, 'cmp-db');
    expect(rss).toContain('<title><![CDATA[Acme Cloud status: Managed databases]]></title>');
    expect(rss).toContain('https://status.example.com/components/cmp-db/feed.rss');
    const atom = buildAtom(s, 'cmp-db');
    expect(atom).toContain('<id>https://status.example.com/components/cmp-db</id>');
    expect(atom).toContain('href="https://status.example.com/components/cmp-db/feed.atom"');
    // The whole page's feed is unchanged.
    expect(buildAtom(s)).toContain('<id>https://status.example.com/</id>');
  });
});
