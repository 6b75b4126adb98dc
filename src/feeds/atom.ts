import type { PageSnapshot } from '../status/snapshot.ts';
import { feedScope, listFeedEntries, xmlSafe, type FeedEntry } from './feed-entries.ts';

/**
 * The page's updates as an Atom feed (RFC 4287, `/feed.atom`). Written by hand: the
 * format is small and every value goes through `escapeXml`. Pure.
 */
export function buildAtom(s: PageSnapshot, componentId: string | null = null): string {
  const entries = listFeedEntries(s, undefined, componentId);
  const scope = feedScope(s, componentId);
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    // The page URL identifies the page (or component) for as long as it lives at that address.
    `  <id>${escapeXml(scope.pageUrl)}</id>`,
    `  <title>${escapeXml(scope.title)}</title>`,
    ...(s.page.description && componentId === null ? [`  <subtitle>${escapeXml(s.page.description)}</subtitle>`] : []),
    `  <updated>${lastChange(s, entries)}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${escapeXml(`${scope.feedBase}.atom`)}"/>`,
    `  <link rel="alternate" type="text/html" href="${escapeXml(scope.pageUrl)}"/>`,
    `  <author><name>${escapeXml(s.page.name)}</name></author>`,
    '  <generator>Herald</generator>',
    ...entries.map(renderEntry),
    '</feed>',
    '',
  ];
  return lines.join('\n');
}

function renderEntry(entry: FeedEntry): string {
  return [
    '  <entry>',
    `    <id>${escapeXml(entry.id)}</id>`,
    `    <title type="text">${escapeXml(entry.title)}</title>`,
    `    <published>${entry.published}</published>`,
    `    <updated>${entry.updated}</updated>`,
    `    <link rel="alternate" type="text/html" href="${escapeXml(entry.link)}"/>`,
    ...entry.categories.map((name) => `    <category term="${escapeXml(name)}"/>`),
    `    <summary type="text">${escapeXml(entry.text)}</summary>`,
    `    <content type="html">${escapeXml(entry.html)}</content>`,
    '  </entry>',
  ].join('\n');
}

function lastChange(s: PageSnapshot, entries: FeedEntry[]): string {
  const times = [s.page.updatedAt, ...entries.map((e) => e.updated)].map((t) => Date.parse(t));
  return new Date(Math.max(...times)).toISOString();
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Text or attribute value as XML: markup characters escaped, forbidden characters dropped. */
export function escapeXml(value: string): string {
  return xmlSafe(value).replace(/[&<>"']/g, (c) => XML_ESCAPES[c] ?? c);
}
