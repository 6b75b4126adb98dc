import { describe, expect, it } from 'vitest';
import { formatMatcher, matchesAll, parseMatcher, parseMatchers, pickRoute } from '../../src/alerts/matchers.ts';

const parsed = (text: string) => {
  const result = parseMatchers(text);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
};

describe('label matchers', () => {
  it('reads the four operators, one per line or separated by commas, quoted or not', () => {
    expect(parsed('service=api\nseverity=~critical|page, env!="dev"\nteam !~ ops.*')).toEqual([
      { label: 'service', op: '=', value: 'api' },
      { label: 'severity', op: '=~', value: 'critical|page' },
      { label: 'env', op: '!=', value: 'dev' },
      { label: 'team', op: '!~', value: 'ops.*' },
    ]);
  });

  it('keeps commas inside a regular expression or quotes', () => {
    expect(parsed('instance=~"a,b"\ncode=~5[0-9]{1,2}')).toEqual([
      { label: 'instance', op: '=~', value: 'a,b' },
      { label: 'code', op: '=~', value: '5[0-9]{1,2}' },
    ]);
  });

  it('ignores blank lines and # comments', () => {
    expect(parsed('\n# the API\nservice=api\n\n')).toHaveLength(1);
  });

  it('refuses what is not a matcher, naming it and saying what to write', () => {
    const errors = (text: string) => {
      const result = parseMatchers(text);
      return result.ok ? null : result.errors['matchers'];
    };
    expect(errors('service')).toBe('“service” is not a matcher: write label=value, label!=value, label=~regex or label!~regex.');
    expect(errors('=api')).toBe('“=api” has no label name before =.');
    expect(errors('9lives=yes')).toContain('“9lives” is not a label name');
    expect(errors('severity=~(critical')).toContain('“(critical” in “severity=~(critical” is not a valid regular expression');
    expect(errors('env="dev')).toBe('The value "dev opens a quote it does not close.');
  });

  it('anchors regular expressions at both ends, as Alertmanager does', () => {
    const m = parsed('severity=~critical|page');
    expect(matchesAll(m, { severity: 'critical' })).toBe(true);
    expect(matchesAll(m, { severity: 'page' })).toBe(true);
    expect(matchesAll(m, { severity: 'not-critical' })).toBe(false);
    expect(matchesAll(m, { severity: 'critical-ish' })).toBe(false);
  });

  it('treats a missing label as the empty value', () => {
    expect(matchesAll(parsed('env=""'), {})).toBe(true);
    expect(matchesAll(parsed('env!=""'), {})).toBe(false);
    expect(matchesAll(parsed('env!=prod'), {})).toBe(true);
    expect(matchesAll(parsed('team!~ops.*'), { team: 'ops-eu' })).toBe(false);
    expect(matchesAll(parsed('team!~ops.*'), { team: 'web' })).toBe(true);
  });

  it('needs every matcher of a route to hold', () => {
    const m = parsed('service=api\nseverity=~critical|page');
    expect(matchesAll(m, { service: 'api', severity: 'page' })).toBe(true);
    expect(matchesAll(m, { service: 'api', severity: 'warning' })).toBe(false);
    expect(matchesAll(m, { service: 'web', severity: 'page' })).toBe(false);
  });

  it('writes matchers back so they read the same', () => {
    for (const text of ['service=api', 'severity=~critical|page', 'env!=""', 'msg="a, b"']) {
      const matcher = parseMatcher(text);
      if (!matcher.ok) throw new Error(text);
      const again = parseMatcher(formatMatcher(matcher.value));
      expect(again.ok ? again.value : null).toEqual(matcher.value);
    }
  });
});

describe('picking a route', () => {
  const routes = [
    { id: 'default', position: 1_000_000, matchers: '', isDefault: true },
    { id: 'db', position: 2, matchers: 'service=db', isDefault: false },
    { id: 'api-page', position: 1, matchers: 'service=api\nseverity=~critical|page', isDefault: false },
    { id: 'api', position: 3, matchers: 'service=api', isDefault: false },
  ];

  it('takes the first route in order whose matchers all hold', () => {
    expect(pickRoute(routes, { service: 'api', severity: 'critical' })?.id).toBe('api-page');
    expect(pickRoute(routes, { service: 'api', severity: 'warning' })?.id).toBe('api');
    expect(pickRoute(routes, { service: 'db' })?.id).toBe('db');
  });

  it('falls back to the default route, which catches the rest', () => {
    expect(pickRoute(routes, { service: 'mail' })?.id).toBe('default');
    expect(pickRoute(routes, {})?.id).toBe('default');
  });

  it('never lets a route without matchers (or with broken ones) catch everything', () => {
    const odd = [...routes, { id: 'empty', position: 0, matchers: '', isDefault: false }, { id: 'broken', position: 0, matchers: 'service', isDefault: false }];
    expect(pickRoute(odd, { service: 'mail' })?.id).toBe('default');
  });
});
