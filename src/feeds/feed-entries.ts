import { describeIncidentStatus } from '../status/overall-status.ts';
import type { PageSnapshot, SnapshotUpdate } from '../status/snapshot.ts';
import { componentPath, incidentPath, maintenancePath } from '../status/links.ts';
import { htmlToPlainText } from '../markdown.ts';

/**
 * One published external update as the RSS and Atom feeds show it. Built from the
 * snapshot only, so both feeds list the same entries with the same ids.
 */
export interface FeedEntry {
  /**
   * Never changes once the update is published: feed readers use it to tell new
   * entries from seen ones. Made of the incident or maintenance id and the update id
   * only (not the title, nor a maintenance's month, which can change).
   */
  id: string;
  kind: 'incident' | 'maintenance';
  /** "Identified: API requests failing in eu-west". */
  title: string;
  /** Absolute URL of a page that shows the update. */
  link: string;
  /** The update's sanitized HTML: safe to show as is. */
  html: string;
  /** The update as plain text, whitespace collapsed. */
  text: string;
  published: string;
  /** The later of publishedAt and updatedAt (an update can be edited after publishing). */
  updated: string;
  /** Affected component names. */
  categories: string[];
}

export const FEED_ENTRY_LIMIT = 50;

/**
 * Every published external update of every public incident and maintenance, newest
 * first (by publishedAt, then id so the order is the same on every build), at most
 * `limit` of them. With `componentId`, only those of incidents and maintenance that
 * affect that component (a component's own feed). Pure.
 */
export function listFeedEntries(s: PageSnapshot, limit = FEED_ENTRY_LIMIT, componentId: string | null = null): FeedEntry[] {
  const base = trimTrailingSlashes(s.page.url);
  const entries: FeedEntry[] = [];
  const affects = (item: { components: { id: string }[] }): boolean => componentId === null || item.components.some((c) => c.id === componentId);

  for (const incident of s.incidents.filter(affects)) {
    const link = `${base}${incidentPath(incident.id)}`;
    for (const update of incident.updates) {
      const names = [
        ...incident.components.map((c) => c.name),
        ...update.componentChanges.map((c) => c.name),
      ];
      entries.push(
        toEntry(update, {
          id: `${link}#update-${encodeURIComponent(update.id)}`,
          kind: 'incident',
          subject: incident.title,
          link,
          categories: names,
        }),
      );
    }
    // The public part of its postmortem, once published publicly: an entry of its own.
    if (incident.postmortem) {
      const published = toIso(incident.postmortem.publishedAt);
      entries.push({
        id: `${link}#postmortem`,
        kind: 'incident',
        title: xmlSafe(`Postmortem: ${incident.title}`),
        link: `${link}#postmortem`,
        html: xmlSafe(incident.postmortem.html),
        text: xmlSafe(htmlToPlainText(incident.postmortem.html)),
        published,
        updated: published,
        categories: [...new Set(incident.components.map((c) => xmlSafe(c.name)))],
      });
    }
  }

  for (const maintenance of s.maintenances.filter(affects)) {
    // There is no maintenance page: the history month lists it under this anchor. The
    // id does not use that link because rescheduling would move it to another month.
    const id = encodeURIComponent(maintenance.id);
    const link = `${base}${maintenancePath(maintenance)}`;
    for (const update of maintenance.updates) {
      entries.push(
        toEntry(update, {
          id: `${base}/maintenance/${id}#update-${encodeURIComponent(update.id)}`,
          kind: 'maintenance',
          subject: maintenance.title,
          link,
          categories: maintenance.components.map((c) => c.name),
        }),
      );
    }
  }

  entries.sort(newestFirst);
  return entries.slice(0, Math.max(0, limit));
}

interface EntryContext {
  id: string;
  kind: FeedEntry['kind'];
  subject: string;
  link: string;
  categories: string[];
}

function toEntry(update: SnapshotUpdate, context: EntryContext): FeedEntry {
  const published = toIso(update.publishedAt);
  const edited = toIso(update.updatedAt);
  return {
    id: context.id,
    kind: context.kind,
    title: xmlSafe(`${describeIncidentStatus(update.status)}: ${context.subject}`),
    link: context.link,
    html: xmlSafe(update.html),
    text: xmlSafe(htmlToPlainText(update.html)),
    published,
    updated: edited > published ? edited : published,
    categories: [...new Set(context.categories.map(xmlSafe))],
  };
}

function newestFirst(a: FeedEntry, b: FeedEntry): number {
  if (a.published !== b.published) return a.published < b.published ? 1 : -1;
  if (a.id === b.id) return 0;
  return a.id < b.id ? 1 : -1;
}

/** Normalised so that string comparison orders timestamps whatever their offset. */
function toIso(timestamp: string): string {
  return new Date(timestamp).toISOString();
}

function trimTrailingSlashes(url: string): string {
  return url.replace(/\/+$/, '');
}

// Characters XML 1.0 forbids even inside CDATA (control characters, lone surrogates):
// one of them in an update body would make the whole feed unreadable.
const INVALID_XML_CHARS = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Removes the characters no XML document may contain. */
export function xmlSafe(value: string): string {
  return value.replace(INVALID_XML_CHARS, '');
}


export interface FeedScope {
  /** "Acme status", or "Acme status: API" for a component's feed. */
  title: string;
  /** The HTML page the feed mirrors, absolute. */
  pageUrl: string;
  /** The feed's own URL without its extension (".rss" or ".atom" follows). */
  feedBase: string;
}

/** Title and addresses of the whole page's feed, or of one component's. */
export function feedScope(s: PageSnapshot, componentId: string | null): FeedScope {
  const base = trimTrailingSlashes(s.page.url);
  const component = componentId === null ? undefined : s.components.find((c) => c.id === componentId);
  if (component === undefined) return { title: `${s.page.name} status`, pageUrl: `${base}/`, feedBase: `${base}/feed` };
  const path = componentPath(component.id);
  return { title: `${s.page.name} status: ${component.name}`, pageUrl: `${base}${path}`, feedBase: `${base}${path}/feed` };
}
