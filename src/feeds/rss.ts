import RSS from 'rss';
import type { PageSnapshot } from '../status/snapshot.ts';
import { listFeedEntries, xmlSafe, type FeedEntry } from './feed-entries.ts';

/**
 * The page's updates as an RSS 2.0 feed (`/feed.rss`). Pure: the same snapshot gives
 * the same bytes, so the response can carry an ETag.
 */
export function buildRss(s: PageSnapshot): string {
  const entries = listFeedEntries(s);
  const base = s.page.url.replace(/\/+$/, '');
  const feed = new RSS({
    title: xmlSafe(`${s.page.name} status`),
    description: xmlSafe(s.page.description || `Incidents and maintenance for ${s.page.name}`),
    generator: 'Herald',
    site_url: `${base}/`,
    feed_url: `${base}/feed.rss`,
    pubDate: s.page.updatedAt,
    ttl: 1,
  });
  for (const entry of entries) {
    feed.item({
      title: entry.title,
      description: entry.html,
      url: entry.link,
      // A guid makes the package emit isPermaLink="false": the id is not the link.
      guid: entry.id,
      date: entry.published,
      categories: entry.categories,
    });
  }
  return withLastBuildDate(feed.xml(), lastChange(s, entries));
}

function lastChange(s: PageSnapshot, entries: FeedEntry[]): Date {
  const times = [s.page.updatedAt, ...entries.map((e) => e.updated)].map((t) => Date.parse(t));
  return new Date(Math.max(...times));
}

/**
 * The `rss` package always writes the current time as lastBuildDate, which would make
 * every response different (and every ETag new). The channel's lastBuildDate comes
 * before any item, so the first match is the channel's.
 */
function withLastBuildDate(xml: string, date: Date): string {
  return xml.replace(/<lastBuildDate>[^<]*<\/lastBuildDate>/, `<lastBuildDate>${date.toUTCString()}</lastBuildDate>`);
}
