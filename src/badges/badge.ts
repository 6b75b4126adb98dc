import type { ComponentStatus } from '../domain/types.ts';
import { describeComponentStatus } from '../status/overall-status.ts';
import type { OverallStatus, SnapshotComponent } from '../status/snapshot.ts';
import { formatUptimePercent, lastDaysUptime } from '../status/uptime.ts';

/**
 * Badges for READMEs and dashboards: a shields.io-style flat SVG, and the same
 * facts as shields.io endpoint JSON (https://shields.io/badges/endpoint-badge).
 * Pure. The status is always written in words, the colour only repeats it.
 */
export interface Badge {
  label: string;
  message: string;
  /** 6-digit hex without '#': white text on it has at least 4.5:1 contrast. */
  color: string;
  /** The sentence a screen reader announces, and the tooltip. */
  title: string;
}

// Darker than shields' defaults so white text stays readable (WCAG AA).
const COLORS = {
  green: '2e7d32',
  yellow: '8a6100',
  orange: 'b94a00',
  red: 'b91c1c',
  blue: '1d5fb8',
  grey: '5f6670',
} as const;

const STATUS_COLOR: Record<ComponentStatus, string> = {
  operational: COLORS.green,
  degraded_performance: COLORS.yellow,
  partial_outage: COLORS.orange,
  major_outage: COLORS.red,
  under_maintenance: COLORS.blue,
};

export function overallBadge(pageName: string, overall: OverallStatus): Badge {
  const underMaintenance = overall.indicator === 'none' && overall.underMaintenance;
  const message = underMaintenance ? 'under maintenance' : overall.description.toLowerCase();
  const color = underMaintenance ? COLORS.blue : { none: COLORS.green, minor: COLORS.yellow, major: COLORS.orange, critical: COLORS.red }[overall.indicator];
  return { label: 'status', message, color, title: `${pageName} status: ${message}` };
}

export function componentStatusBadge(component: Pick<SnapshotComponent, 'name' | 'status'>): Badge {
  const message = describeComponentStatus(component.status).toLowerCase();
  return { label: component.name, message, color: STATUS_COLOR[component.status], title: `${component.name} status: ${message}` };
}

/**
 * Uptime over the last `days` days: the page's own formula (src/status/uptime.ts), so
 * the 30-day badge says what the bar's 30-day caption says on a phone.
 */
export function uptimeRatio(component: Pick<SnapshotComponent, 'uptime'>, days: number): number | null {
  return lastDaysUptime(component.uptime, days);
}

export function uptimeBadge(component: Pick<SnapshotComponent, 'name' | 'uptime'>, days: number): Badge {
  const ratio = uptimeRatio(component, days);
  const message = ratio === null ? 'no data' : formatUptimePercent(ratio);
  const color = ratio === null ? COLORS.grey : ratio >= 0.999 ? COLORS.green : ratio >= 0.99 ? COLORS.yellow : ratio >= 0.95 ? COLORS.orange : COLORS.red;
  return { label: `${component.name} uptime (${days}d)`, message, color, title: `${component.name} uptime over the last ${days} days: ${message}` };
}

/** For an id no component has: still an image (or JSON), so the embedding page shows why. */
export function notFoundBadge(): Badge {
  return { label: 'component', message: 'not found', color: COLORS.grey, title: 'Component not found' };
}

/** shields.io endpoint JSON. */
export function badgeJson(badge: Badge, isError = false): string {
  return JSON.stringify({ schemaVersion: 1, label: badge.label, message: badge.message, color: badge.color, ...(isError ? { isError: true } : {}) });
}

/**
 * Advance widths of Verdana at 11px (what shields measures with), per character
 * class; close enough that text neither overflows nor floats in the badge.
 */
// Checked in order: the special cases before the general classes.
const WIDTHS: [RegExp, number][] = [
  [/[ijl|!.,:;'`]/, 3.2],
  [/[ frt()[\]{}\-/\\"IJ]/, 4.6],
  [/[mw%@]/, 9.8],
  [/[MW]/, 10.0],
  [/[a-z]/, 6.7],
  [/[0-9]/, 7.0],
  [/[A-Z#&]/, 7.6],
];
const WIDE_CHAR = 11; // anything else: CJK, emoji, accented capitals…

/** The rendered width of `text` in Verdana 11px, in pixels. */
export function textWidth(text: string): number {
  let width = 0;
  for (const char of text) {
    const known = char.length === 1 && char.charCodeAt(0) < 0x80 ? WIDTHS.find(([pattern]) => pattern.test(char)) : undefined;
    width += known ? known[1] : char.charCodeAt(0) < 0x250 ? 7.0 : WIDE_CHAR;
  }
  return Math.round(width * 10) / 10;
}

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
function escapeXml(value: string): string {
  return value.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '').replace(/[&<>"']/g, (c) => escapes[c] ?? c);
}

const PADDING = 10; // 5px each side, as shields draws it

/** A shields.io "flat" badge: label on grey, message on the colour, rounded, 20px high. */
export function badgeSvg(badge: Badge): string {
  const labelWidth = Math.ceil(textWidth(badge.label) + PADDING);
  const messageWidth = Math.ceil(textWidth(badge.message) + PADDING);
  const width = labelWidth + messageWidth;
  const labelX = labelWidth / 2;
  const messageX = labelWidth + messageWidth / 2;
  const label = escapeXml(badge.label);
  const message = escapeXml(badge.message);
  const title = escapeXml(badge.title);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="20" role="img" aria-label="${title}">`,
    `<title>${title}</title>`,
    '<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>',
    `<clipPath id="r"><rect width="${width}" height="20" rx="3" fill="#fff"/></clipPath>`,
    `<g clip-path="url(#r)"><rect width="${labelWidth}" height="20" fill="#555"/><rect x="${labelWidth}" width="${messageWidth}" height="20" fill="#${badge.color}"/><rect width="${width}" height="20" fill="url(#s)"/></g>`,
    '<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" text-rendering="geometricPrecision" font-size="11" aria-hidden="true">',
    `<text x="${labelX}" y="15" fill="#010101" fill-opacity=".3">${label}</text><text x="${labelX}" y="14">${label}</text>`,
    `<text x="${messageX}" y="15" fill="#010101" fill-opacity=".3">${message}</text><text x="${messageX}" y="14">${message}</text>`,
    '</g></svg>',
    '',
  ].join('\n');
}
