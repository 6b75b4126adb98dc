import { componentMaintenances, RECENT_DAYS } from '../status/component-view.ts';
import { componentPath, maintenancePath } from '../status/links.ts';
import type { PageSnapshot, SnapshotMaintenance } from '../status/snapshot.ts';
import { htmlToPlainText } from '../markdown.ts';

/**
 * Maintenance windows as an iCalendar feed (RFC 5545): `/maintenance.ics` and
 * `/components/<id>/maintenance.ics`. Written by hand, like the Atom feed: the
 * format is small, and the rules that matter are all here (CRLF, folding at 75
 * octets, TEXT escaping, UTC times). Pure: the same snapshot gives the same bytes.
 *
 * UID is `<maintenance id>@<page host>`, so a calendar that subscribed keeps one
 * event per window through reschedules. SEQUENCE is the whole seconds from the
 * window's creation to its last change (the row's updated_at, or a later edit of
 * one of its public updates): every edit, start, completion or cancellation moves
 * updated_at forward, so the number only grows, without a counter column. Two
 * changes within the same second share a number; the second still reaches
 * calendars on their next refresh, as LAST-MODIFIED and DTSTAMP change too.
 */

const DAY_MS = 86_400_000;

export interface CalendarOptions {
  /** One component's windows only; null for the whole page. */
  componentId?: string | null;
}

/** Upcoming and in-progress windows, and those that ended or were cancelled in the last RECENT_DAYS. */
export function calendarMaintenances(s: PageSnapshot, componentId: string | null = null): SnapshotMaintenance[] {
  const since = new Date(Date.parse(s.builtAt) - RECENT_DAYS * DAY_MS).toISOString();
  return componentMaintenances(s, componentId)
    .filter((m) => m.status === 'scheduled' || m.status === 'in_progress' || m.status === 'verifying' || lastChange(m) >= since || m.scheduledUntil >= since)
    .sort((a, b) => a.scheduledFor.localeCompare(b.scheduledFor) || a.id.localeCompare(b.id));
}

export function buildCalendar(s: PageSnapshot, options: CalendarOptions = {}): string {
  const componentId = options.componentId ?? null;
  const base = s.page.url.replace(/\/+$/, '');
  const host = hostOf(base);
  const component = componentId === null ? undefined : s.components.find((c) => c.id === componentId);
  const name = component === undefined ? `${s.page.name} maintenance` : `${s.page.name} maintenance: ${component.name}`;
  const lines: string[] = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Herald//Status page maintenance//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `NAME:${escapeText(name)}`,
    `X-WR-CALNAME:${escapeText(name)}`,
    // RFC 7986, and the older name most clients read: check again every hour.
    'REFRESH-INTERVAL;VALUE=DURATION:PT1H',
    'X-PUBLISHED-TTL:PT1H',
    `URL:${base}${component === undefined ? '/' : componentPath(component.id)}`,
  ];
  for (const m of calendarMaintenances(s, componentId)) lines.push(...renderEvent(m, base, host));
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}

function renderEvent(m: SnapshotMaintenance, base: string, host: string): string[] {
  const latest = m.updates[0];
  const description = [
    latest ? htmlToPlainText(latest.html) : '',
    m.components.length > 0 ? `Affects: ${m.components.map((c) => c.name).join(', ')}` : '',
  ]
    .filter((part) => part !== '')
    .join('\n\n');
  const changed = lastChange(m);
  return [
    'BEGIN:VEVENT',
    `UID:${escapeText(`${m.id}@${host}`)}`,
    `DTSTAMP:${utc(changed)}`,
    `CREATED:${utc(m.createdAt)}`,
    `LAST-MODIFIED:${utc(changed)}`,
    `SEQUENCE:${sequenceOf(m)}`,
    `DTSTART:${utc(m.scheduledFor)}`,
    `DTEND:${utc(m.scheduledUntil)}`,
    `SUMMARY:${escapeText(`Maintenance: ${m.title}`)}`,
    ...(description === '' ? [] : [`DESCRIPTION:${escapeText(description)}`]),
    `URL:${base}${maintenancePath(m)}`,
    `STATUS:${m.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED'}`,
    // A maintenance window does not make the reader busy.
    'TRANSP:TRANSPARENT',
    'END:VEVENT',
  ];
}

/** The window's last change: its row, or a later edit or publication of a public update. */
function lastChange(m: SnapshotMaintenance): string {
  const times = [m.updatedAt, ...m.updates.flatMap((u) => [u.publishedAt, u.updatedAt])].map((t) => new Date(t).toISOString());
  return times.reduce((a, b) => (b > a ? b : a));
}

/** See the module comment: seconds from creation to the last change, never negative. */
export function sequenceOf(m: SnapshotMaintenance): number {
  return Math.max(0, Math.floor((Date.parse(lastChange(m)) - Date.parse(m.createdAt)) / 1000));
}

/** 20261130T020000Z: a UTC DATE-TIME (RFC 5545 §3.3.5, form 2). */
export function utc(iso: string): string {
  return new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

function hostOf(url: string): string {
  try {
    return new URL(url).host || 'herald';
  } catch {
    return 'herald';
  }
}

// TEXT may hold no control character but HTAB (§3.3.11); line breaks are escaped as \n.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** A TEXT value (§3.3.11): backslash, semicolon, comma and line breaks escaped. */
export function escapeText(value: string): string {
  return value
    .replace(CONTROL, '')
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

const encoder = new TextEncoder();

/**
 * Folds a content line at 75 octets (§3.1): CRLF and a space before each further
 * piece, never inside a UTF-8 sequence (or a surrogate pair).
 */
export function foldLine(line: string): string {
  if (encoder.encode(line).length <= 75) return line;
  const pieces: string[] = [];
  let piece = '';
  let octets = 0;
  let limit = 75;
  for (const char of line) {
    const size = encoder.encode(char).length;
    if (octets + size > limit) {
      pieces.push(piece);
      piece = '';
      octets = 0;
      limit = 74; // the leading space counts
    }
    piece += char;
    octets += size;
  }
  pieces.push(piece);
  return pieces.join('\r\n ');
}
