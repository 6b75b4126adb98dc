import { XMLParser, XMLValidator } from 'fast-xml-parser';
import Parser from 'rss-parser';
import { describe, expect, it } from 'vitest';
import { buildAtom } from '../../src/feeds/atom.ts';
import { listFeedEntries } from '../../src/feeds/feed-entries.ts';
import { buildRss } from '../../src/feeds/rss.ts';
import type { PageSnapshot, SnapshotUpdate } from '../../src/status/snapshot.ts';
import { fixtureSnapshot } from '../fixtures/snapshot.ts';

type ParsedItem = Parser.Item & { id?: string; category?: { $: { term: string } }[] };
const parser = new Parser<Record<string, never>, ParsedItem>({
  customFields: { item: [['category', 'category', { keepArray: true }]] },
});

const PAGE_URL = 'https://status.example.com';

/** Every published update id in the fixture, newest first. */
const FIXTURE_ORDER = [
  'upd-open-2',
  'upd-open-1',
  'upd-res-3',
  'upd-res-2',
  'upd-res-1',
  'upd-mnt-1',
  'upd-mnt-d2',
  'upd-mnt-d1',
];

function update(id: string, status: SnapshotUpdate['status'], publishedAt: string, html = `<p>${id}</p>`): SnapshotUpdate {
  return {
    id,
    status,
    body: id,
    html,
    publishedAt,
    createdAt: publishedAt,
    updatedAt: publishedAt,
    deliverNotifications: false,
    componentChanges: [],
  };
}

/** The fixture plus one incident with 60 updates, one a minute from 2026-11-28. */
function snapshotWith60MoreUpdates(): PageSnapshot {
  const s = fixtureSnapshot();
  const [template] = s.incidents;
  if (!template) throw new Error('fixture has no incident');
  const updates = Array.from({ length: 60 }, (_, i) =>
    update(`upd-many-${String(i).padStart(2, '0')}`, 'investigating', new Date(Date.parse('2026-11-28T00:00:00.000Z') + i * 60_000).toISOString()),
  ).reverse();
  s.incidents.unshift({ ...template, id: 'inc-many', title: 'Many updates', updates });
  return s;
}

/** The fixture with markup-looking text in a title, a body and a component name. */
function hostileSnapshot(): PageSnapshot {
  const s = fixtureSnapshot();
  const incident = s.incidents[0];
  const firstUpdate = incident?.updates[0];
  if (!incident || !firstUpdate) throw new Error('fixture has no incident update');
  incident.title = 'Errors <script>alert("x")</script> & timeouts ]]> for A&B';
  incident.components = [{ id: 'cmp-x', name: 'Q&A <b>', status: 'major_outage' }];
  firstUpdate.html = '<p>Rolling back &amp; <strong>watching</strong> ]]&gt; </p>';
  firstUpdate.body = 'Rolling back & watching';
  s.page.name = 'Acme & Sons <Cloud>';
  return s;
}

async function parseRss(s: PageSnapshot): Promise<Parser.Output<ParsedItem>> {
  const xml = buildRss(s);
  expect(XMLValidator.validate(xml)).toBe(true);
  return parser.parseString(xml);
}

async function parseAtom(s: PageSnapshot): Promise<Parser.Output<ParsedItem>> {
  const xml = buildAtom(s);
  expect(XMLValidator.validate(xml)).toBe(true);
  return parser.parseString(xml);
}

describe('listFeedEntries', () => {
  it('lists every published update of incidents and maintenances, newest first', () => {
    const entries = listFeedEntries(fixtureSnapshot());
    expect(entries.map((e) => e.id.split('#update-')[1])).toEqual(FIXTURE_ORDER);
    const published = entries.map((e) => e.published);
    expect([...published].sort().reverse()).toEqual(published);
  });

  it('titles each entry with the status word and the subject', () => {
    const titles = listFeedEntries(fixtureSnapshot()).map((e) => e.title);
    expect(titles).toEqual([
      'Identified: API requests failing in eu-west',
      'Investigating: API requests failing in eu-west',
      'Resolved: Elevated error rates on the API',
      'Monitoring: Elevated error rates on the API',
      'Investigating: Elevated error rates on the API',
      'Scheduled: Database engine upgrade',
      'Completed: Network maintenance',
      'Scheduled: Network maintenance',
    ]);
  });

  it('links incidents to their page, upcoming maintenance to the home page and past maintenance to its history month', () => {
    const entries = listFeedEntries(fixtureSnapshot());
    const byUpdate = new Map(entries.map((e) => [e.id.split('#update-')[1], e]));
    expect(byUpdate.get('upd-open-2')?.link).toBe(`${PAGE_URL}/incidents/inc-open`);
    expect(byUpdate.get('upd-mnt-1')?.link).toBe(`${PAGE_URL}/#maintenance-mnt-upcoming`);
    expect(byUpdate.get('upd-mnt-d1')?.link).toBe(`${PAGE_URL}/history?month=2026-10#maintenance-mnt-done`);
    expect(byUpdate.get('upd-open-2')?.categories).toEqual(['API', 'Dashboard']);
    expect(byUpdate.get('upd-mnt-1')?.categories).toEqual(['Managed databases']);
    expect(byUpdate.get('upd-open-2')?.text).toBe('We found a bad load balancer rule & are rolling it back.');
  });

  it('keeps ids when a maintenance is rescheduled to another month', () => {
    const before = listFeedEntries(fixtureSnapshot());
    const s = fixtureSnapshot();
    const maintenance = s.maintenances[0];
    if (!maintenance) throw new Error('fixture has no maintenance');
    maintenance.scheduledFor = '2026-12-02T02:00:00.000Z';
    maintenance.status = 'in_progress';
    const after = listFeedEntries(s);
    expect(after.map((e) => e.id)).toEqual(before.map((e) => e.id));
    expect(after.find((e) => e.id.endsWith('#update-upd-mnt-1'))?.link).toContain('month=2026-12');
  });

  it('orders updates published at the same moment the same way every time', () => {
    const s = fixtureSnapshot();
    for (const incident of s.incidents) for (const u of incident.updates) u.publishedAt = '2026-11-01T00:00:00.000Z';
    const reversed = { ...s, incidents: [...s.incidents].reverse() };
    expect(listFeedEntries(reversed).map((e) => e.id)).toEqual(listFeedEntries(s).map((e) => e.id));
  });

  it('caps the list at the limit', () => {
    expect(listFeedEntries(snapshotWith60MoreUpdates())).toHaveLength(50);
    expect(listFeedEntries(fixtureSnapshot(), 3)).toHaveLength(3);
  });
});

describe.each([
  ['RSS', parseRss],
  ['Atom', parseAtom],
] as const)('%s feed', (_format, parse) => {
  const idOf = (item: ParsedItem): string | undefined => item.guid ?? item.id;

  it('has one entry per published update, incidents and maintenances, newest first', async () => {
    const feed = await parse(fixtureSnapshot());
    expect(feed.items.map((item) => idOf(item)?.split('#update-')[1])).toEqual(FIXTURE_ORDER);
    const dates = feed.items.map((item) => item.isoDate ?? '');
    expect([...dates].sort().reverse()).toEqual(dates);
    expect(dates[0]).toBe('2026-11-27T11:40:00.000Z');
    expect(feed.items.map((item) => item.title)).toContain('Scheduled: Database engine upgrade');
    expect(feed.items.map((item) => item.title)).toContain('Completed: Network maintenance');
  });

  it('describes the page', async () => {
    const feed = await parse(fixtureSnapshot());
    expect(feed.title).toBe('Acme Cloud status');
    expect(feed.feedUrl).toMatch(/^https:\/\/status\.example\.com\/feed\.(rss|atom)$/);
    expect(feed.link).toBe(`${PAGE_URL}/`);
  });

  it('keeps only the newest 50 updates', async () => {
    const feed = await parse(snapshotWith60MoreUpdates());
    expect(feed.items).toHaveLength(50);
    expect(feed.items[0]?.title).toBe('Investigating: Many updates');
    expect(idOf(feed.items[0] ?? {})).toContain('#update-upd-many-59');
    expect(idOf(feed.items[49] ?? {})).toContain('#update-upd-many-10');
  });

  it('gives the same ids and the same bytes on every build', async () => {
    const first = await parse(fixtureSnapshot());
    const second = await parse(fixtureSnapshot());
    expect(second.items.map(idOf)).toEqual(first.items.map(idOf));
    expect(new Set(first.items.map(idOf)).size).toBe(first.items.length);
    const build = _format === 'RSS' ? buildRss : buildAtom;
    expect(build(fixtureSnapshot())).toBe(build(fixtureSnapshot()));
  });

  it('uses absolute links and ids under the page URL', async () => {
    const feed = await parse(fixtureSnapshot());
    for (const item of feed.items) {
      expect(item.link?.startsWith(`${PAGE_URL}/`)).toBe(true);
      expect(idOf(item)?.startsWith(`${PAGE_URL}/`)).toBe(true);
    }
  });

  it('carries the update html and the affected components', async () => {
    const feed = await parse(fixtureSnapshot());
    const newest = feed.items[0];
    expect(newest?.content).toBe('<p>We found a bad load balancer rule & are rolling it back.</p>');
    const categories = newest?.categories ?? newest?.category?.map((c) => c.$.term);
    expect(categories).toEqual(['API', 'Dashboard']);
  });

  it('escapes markup in titles, bodies and names', async () => {
    const feed = await parse(hostileSnapshot());
    expect(feed.title).toBe('Acme & Sons <Cloud> status');
    const newest = feed.items[0];
    expect(newest?.title).toBe('Identified: Errors <script>alert("x")</script> & timeouts ]]> for A&B');
    expect(newest?.content).toBe('<p>Rolling back &amp; <strong>watching</strong> ]]&gt; </p>');
    const categories = newest?.categories ?? newest?.category?.map((c) => c.$.term);
    expect(categories).toEqual(['Q&A <b>', 'API']);
    // Nothing became an element: the only elements are the feed's own.
    const build = _format === 'RSS' ? buildRss : buildAtom;
    const tree = new XMLParser({ ignoreAttributes: false }).parse(build(hostileSnapshot())) as Record<string, unknown>;
    expect(JSON.stringify(tree)).not.toContain('"script"');
  });

  it('drops characters XML forbids', async () => {
    const s = fixtureSnapshot();
    const first = s.incidents[0]?.updates[0];
    if (!first) throw new Error('fixture has no update');
    first.html = '<p>bell\u0007 and nul\u0000 here</p>';
    const feed = await parse(s);
    expect(feed.items[0]?.content).toBe('<p>bell and nul here</p>');
  });
});

describe('Atom specifics', () => {
  it('has a feed id, updated, author, self and alternate links (RFC 4287)', () => {
    const tree = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(buildAtom(fixtureSnapshot())) as {
      feed: { id: string; updated: string; author: { name: string }; link: { rel: string; href: string }[]; entry: unknown[] };
    };
    expect(tree.feed.id).toBe(`${PAGE_URL}/`);
    expect(tree.feed.updated).toBe('2026-11-27T11:40:00.000Z');
    expect(tree.feed.author.name).toBe('Acme Cloud');
    expect(tree.feed.link).toEqual([
      expect.objectContaining({ rel: 'self', href: `${PAGE_URL}/feed.atom` }),
      expect.objectContaining({ rel: 'alternate', href: `${PAGE_URL}/` }),
    ]);
  });
});

describe('RSS specifics', () => {
  it('marks guids as not permalinks and sets ttl and dates from the snapshot', () => {
    const xml = buildRss(fixtureSnapshot());
    expect(xml).toContain('<guid isPermaLink="false">https://status.example.com/incidents/inc-open#update-upd-open-2</guid>');
    expect(xml).toContain('<ttl>1</ttl>');
    expect(xml).toContain('<pubDate>Fri, 27 Nov 2026 11:40:00 GMT</pubDate>');
    expect(xml).toContain('<lastBuildDate>Fri, 27 Nov 2026 11:40:00 GMT</lastBuildDate>');
  });
});
