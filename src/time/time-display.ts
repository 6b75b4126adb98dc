import { displayTimeZone, type TimeZone } from './time-zone.ts';

/**
 * Which zone a page's times are written in, and how. Public pages (cached, shared by
 * every reader) use the page's configured zone, named by its short name ("CET"),
 * and local-time.js may rewrite them into the reader's own zone. The hub uses the
 * signed-in reader's zone (the herald_tz cookie admin-tz.js keeps) with UTC on the
 * side, so two people on a call can agree on a time whatever their zones.
 */
export interface TimeDisplay {
  hub: boolean;
  zone: TimeZone;
}

/** `path` is the page's; `readerZone` the herald_tz cookie; `pageZone` the page settings' zone. */
export function timeDisplayFor(path: string, readerZone: string | undefined, pageZone: string | undefined): TimeDisplay {
  const hub = path === '/admin' || path.startsWith('/admin/');
  return { hub, zone: displayTimeZone(hub ? readerZone : pageZone) };
}
