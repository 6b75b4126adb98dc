import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { badgeJson, badgeSvg, componentStatusBadge, overallBadge, textWidth, uptimeBadge, uptimeRatio } from '../../src/badges/badge.ts';
import { parseBadgeDays } from '../../src/badges/badge-response.ts';
import { fixtureSnapshot } from '../fixtures/snapshot.ts';

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' });

/** WCAG relative luminance contrast of white text on a 6-digit hex colour. */
function contrastWithWhite(hex: string): number {
  const channel = (i: number): number => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
  return 1.05 / (luminance + 0.05);
}

describe('badges', () => {
  const s = fixtureSnapshot();
  const api = s.components.find((c) => c.id === 'cmp-api')!;

  it('says the status in words, for the page and for a component', () => {
    expect(overallBadge('Acme Cloud', { indicator: 'none', description: 'All Systems Operational', underMaintenance: false })).toMatchObject({
      label: 'status',
      message: 'all systems operational',
    });
    expect(overallBadge('Acme Cloud', { indicator: 'none', description: 'All Systems Operational', underMaintenance: true }).message).toBe('under maintenance');
    expect(componentStatusBadge({ name: 'API', status: 'partial_outage' })).toMatchObject({ label: 'API', message: 'partial outage', title: 'API status: partial outage' });
  });

  it('keeps white text readable on every colour it uses', () => {
    const colours = new Set([
      ...(['operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance'] as const).map((status) => componentStatusBadge({ name: 'x', status }).color),
      uptimeBadge({ name: 'x', uptime: { days: [], ratio: null } }, 90).color,
    ]);
    for (const colour of colours) expect(contrastWithWhite(colour), colour).toBeGreaterThanOrEqual(4.5);
  });

  it('computes uptime over 30 or 90 days', () => {
    expect(uptimeRatio(api, 90)).toBe(api.uptime.ratio);
    expect(uptimeRatio(api, 30)).toBeCloseTo((29 + 0.97) / 30, 10);
    expect(uptimeBadge(api, 30).message).toBe('99.90%');
    expect(uptimeBadge(api, 30).label).toBe('API uptime (30d)');
    expect(uptimeBadge({ name: 'New', uptime: { days: [], ratio: null } }, 30).message).toBe('no data');
    expect(parseBadgeDays(null)).toBe(90);
    expect(parseBadgeDays('30')).toBe(30);
    for (const bad of ['7', '', '30.0', 'ninety', '-30']) expect(parseBadgeDays(bad)).toBeNull();
  });

  it('draws a valid SVG whose width follows its text, with a title and an accessible name', () => {
    const badge = componentStatusBadge({ name: 'API <v2> & "edge"', status: 'major_outage' });
    const svg = badgeSvg(badge);
    const doc = parser.parse(svg) as { svg: { width: string; role: string; 'aria-label': string; title: string } };
    expect(doc.svg.role).toBe('img');
    expect(doc.svg['aria-label']).toBe('API <v2> & "edge" status: major outage');
    expect(doc.svg.title).toBe('API <v2> & "edge" status: major outage');
    const short = Number((parser.parse(badgeSvg(componentStatusBadge({ name: 'DB', status: 'major_outage' }))) as { svg: { width: string } }).svg.width);
    expect(Number(doc.svg.width)).toBeGreaterThan(short);
    expect(Number(doc.svg.width)).toBe(Math.ceil(textWidth(badge.label) + 10) + Math.ceil(textWidth(badge.message) + 10));
  });

  it('measures wider text as wider, character by character', () => {
    // The real check, that text fits its box in a browser's font, is in tests/e2e/component-pages.test.ts.
    expect(textWidth('WWW')).toBeGreaterThan(textWidth('mmm') - 1);
    expect(textWidth('mmm')).toBeGreaterThan(textWidth('aaa'));
    expect(textWidth('aaa')).toBeGreaterThan(textWidth('iii'));
    expect(textWidth('日本')).toBeGreaterThan(textWidth('ab'));
    expect(textWidth('')).toBe(0);
  });

  it('writes shields.io endpoint JSON', () => {
    expect(JSON.parse(badgeJson(componentStatusBadge({ name: 'API', status: 'operational' })))).toEqual({
      schemaVersion: 1,
      label: 'API',
      message: 'operational',
      color: '2e7d32',
    });
    expect(JSON.parse(badgeJson(componentStatusBadge({ name: 'API', status: 'operational' }), true))).toMatchObject({ isError: true });
  });
});
