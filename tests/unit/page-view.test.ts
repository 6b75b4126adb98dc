import { describe, expect, it } from 'vitest';
import { htmlToPlainText } from '../../src/markdown.ts';
import {
  adjacentHistoryMonths,
  formatDuration,
  isMonth,
  summarizeHtml,
  uptimeCells,
} from '../../src/status/page-view.ts';

describe('page view helpers', () => {
  it('describes each uptime day in words, and links days with an incident', () => {
    const [quiet, bad, empty] = uptimeCells([
      { date: '2026-11-01', ratio: 1, worst: 'operational', seconds: {}, incidents: [] },
      {
        date: '2026-11-02',
        ratio: 0.997,
        worst: 'partial_outage',
        seconds: { partial_outage: 1500 },
        incidents: [{ id: 'abc', title: 'API errors' }],
      },
      { date: '2026-11-03', ratio: null, worst: null, seconds: {}, incidents: [] },
    ]);
    expect(quiet).toMatchObject({ label: 'Nov 1, 2026: 100.00% uptime', href: null, age: '' });
    expect(bad?.label).toBe('Nov 2, 2026: 99.70% uptime, partial outage 25 min. API errors');
    expect(bad?.href).toBe('/incidents/abc');
    expect(empty?.label).toBe('Nov 3, 2026: No data');
    expect(new Set([quiet?.cls, bad?.cls, empty?.cls]).size).toBe(3);
  });

  it('formats durations for people', () => {
    expect(formatDuration(25 * 60)).toBe('25 min');
    expect(formatDuration(2 * 3600 + 24 * 60)).toBe('2 h 24 min');
  });

  it('validates history months and finds their neighbours', () => {
    expect(isMonth('2026-11')).toBe(true);
    expect(isMonth('2026-13')).toBe(false);
    expect(isMonth('2026-1')).toBe(false);
    expect(adjacentHistoryMonths(['2026-11', '2026-10', '2026-08'], '2026-10')).toEqual({ older: '2026-08', newer: '2026-11' });
  });

  it('summarizes update HTML as text without stray spaces before punctuation', () => {
    expect(htmlToPlainText('<p>Rolling back in <strong>us-east-1</strong>. Done &amp; dusted</p><ul><li>one</li><li>two</li></ul>')).toBe(
      'Rolling back in us-east-1. Done & dusted one two',
    );
    const long = `<p>${'word '.repeat(80)}</p>`;
    const summary = summarizeHtml(long, 50);
    expect(summary.length).toBeLessThanOrEqual(51);
    expect(summary.endsWith('…')).toBe(true);
  });
});
