import { describe, expect, it } from 'vitest';
import { parseBracketForm, splitKey } from '../../src/api/v1/form-body.ts';

describe('Rails-style form bodies (Statuspage API)', () => {
  it('nests brackets, collects [] lists and maps of id → status', () => {
    const body = new URLSearchParams([
      ['component[name]', 'API'],
      ['component[showcase]', 'true'],
      ['incident[component_ids][]', 'a'],
      ['incident[component_ids][]', 'b'],
      ['incident[components][k2bq8zd5rf1m]', 'major_outage'],
      ['description', 'top level'],
    ]).toString();
    expect(parseBracketForm(body)).toEqual({
      component: { name: 'API', showcase: 'true' },
      incident: { component_ids: ['a', 'b'], components: { k2bq8zd5rf1m: 'major_outage' } },
      description: 'top level',
    });
  });

  it('drops prototype keys and malformed brackets, keeps the first of conflicting keys', () => {
    const parsed = parseBracketForm('__proto__[x]=1&a[constructor]=2&b[c=3&d=1&d[e]=2&f=1&f=2');
    expect(parsed).toEqual({ d: '1', f: '1' });
    expect(({} as Record<string, unknown>)['x']).toBeUndefined();
    expect(splitKey('a[b][][c]')).toEqual(['a', 'b', '', 'c']);
    expect(splitKey('a]b')).toBeNull();
  });
});
