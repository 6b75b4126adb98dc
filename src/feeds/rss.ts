import RSS from 'rss';
import type { PageSnapshot } from '../status/snapshot.ts';
import { feedScope, listFeedEntries, xmlSafe, type FeedEntry } from './feed-entries.ts';

/**
 * The page's updates as an RSS 2.0 feed (`/feed.rss`), or one component's
 * (`/components/<id>/feed.rss`). Pure: the same snapshot gives the same bytes, so
 * the response can carry an ETag.
 */
export function buildRss(s: PageSnapshot, componentId: string | null = null): string {
  const entries = listFeedEntries(s, undefined, componentId);
  const scope = feedScope(s, componentId);
  const feed = new RSS({
    title: xmlSafe(scope.title),
    description: xmlSafe(componentId === null ? s.page.description || `Incidents and maintenance for ${s.page.name}` : `Incidents and maintenance affecting ${scope.title}`),
    generator: 'Herald',
    site_url: scope.pageUrl,
    feed_url: `${scope.feedBase}.rss`,
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
