import type { LabelMatcher } from '../domain/alerts.ts';
import { fail, ok, type Result } from '../domain/result.ts';

/**
 * Label matchers as Alertmanager writes them (`service=api`, `severity=~critical|page`,
 * `env!=dev`, `team!~ops.*`), parsed and validated for alert routes, and the pure
 * function that tells whether a set of labels matches. As in Alertmanager, regular
 * expressions are anchored at both ends, and a missing label has the value "" (so
 * `env=""` matches alerts without `env`, and `env!=""` those with one).
 */

const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const MATCHER = /^\s*([^=!~\s]*)\s*(=~|!~|!=|=)\s*(.*?)\s*$/;

/** Splits a line at commas outside quotes and brackets (a regex may hold `{1,3}` or `[a,b]`). */
function splitTopLevel(line: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let current = '';
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === '\\' && i + 1 < line.length) {
      current += ch + line[i + 1];
      i++;
      continue;
    }
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '(' || ch === '[' || ch === '{')) depth++;
    else if (!quoted && (ch === ')' || ch === ']' || ch === '}')) depth = Math.max(0, depth - 1);
    if (ch === ',' && !quoted && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts.map((part) => part.trim()).filter((part) => part !== '');
}

function unquote(value: string): Result<string> {
  if (!value.startsWith('"')) return ok(value);
  if (value.length < 2 || !value.endsWith('"')) return fail({ matchers: `The value ${value} opens a quote it does not close.` });
  try {
    return ok(JSON.parse(value) as string);
  } catch {
    return fail({ matchers: `The quoted value ${value} is not valid (escape quotes inside it as \\").` });
  }
}

/** One matcher: `label op value`. */
export function parseMatcher(text: string): Result<LabelMatcher> {
  const match = MATCHER.exec(text);
  if (!match) return fail({ matchers: `“${text}” is not a matcher: write label=value, label!=value, label=~regex or label!~regex.` });
  const [, label = '', op = '=', raw = ''] = match;
  if (label === '') return fail({ matchers: `“${text}” has no label name before ${op}.` });
  if (!LABEL_NAME.test(label)) return fail({ matchers: `“${label}” is not a label name: use letters, digits and _, not starting with a digit.` });
  const value = unquote(raw);
  if (!value.ok) return value;
  if (op === '=~' || op === '!~') {
    try {
      new RegExp(`^(?:${value.value})$`, 'u');
    } catch (error) {
      return fail({ matchers: `“${value.value}” in “${text}” is not a valid regular expression (${(error as Error).message.replace(/^Invalid regular expression: /, '')}).` });
    }
  }
  return ok({ label, op: op as LabelMatcher['op'], value: value.value });
}

/** A route's matchers as typed: one per line or separated by commas; blank lines and `#` comments are ignored. */
export function parseMatchers(text: string): Result<LabelMatcher[]> {
  const matchers: LabelMatcher[] = [];
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    for (const part of splitTopLevel(trimmed)) {
      const parsed = parseMatcher(part);
      if (!parsed.ok) return parsed;
      matchers.push(parsed.value);
    }
  }
  return ok(matchers);
}

/** Writes matchers back the way they are read (values quoted when they need it). */
export function formatMatcher(matcher: LabelMatcher): string {
  const plain = /^[A-Za-z0-9_.:/|*+?^$()[\]{}\\-]*$/.test(matcher.value) && !matcher.value.includes(',');
  return `${matcher.label}${matcher.op}${plain && matcher.value !== '' ? matcher.value : JSON.stringify(matcher.value)}`;
}

const regexCache = new Map<string, RegExp>();
function anchored(pattern: string): RegExp {
  let regex = regexCache.get(pattern);
  if (!regex) {
    regex = new RegExp(`^(?:${pattern})$`, 'u');
    if (regexCache.size > 1000) regexCache.clear();
    regexCache.set(pattern, regex);
  }
  return regex;
}

export function matchesOne(matcher: LabelMatcher, labels: Readonly<Record<string, string>>): boolean {
  const value = labels[matcher.label] ?? '';
  switch (matcher.op) {
    case '=':
      return value === matcher.value;
    case '!=':
      return value !== matcher.value;
    case '=~':
      return anchored(matcher.value).test(value);
    case '!~':
      return !anchored(matcher.value).test(value);
  }
}

/** Every matcher holds (an empty list matches everything). */
export function matchesAll(matchers: readonly LabelMatcher[], labels: Readonly<Record<string, string>>): boolean {
  return matchers.every((matcher) => matchesOne(matcher, labels));
}

/**
 * The first route, in order, whose matchers all hold; the default route when none
 * does. Routes whose matchers no longer parse (cannot happen through the form) are
 * skipped rather than matching everything.
 */
export function pickRoute<R extends { matchers: string; isDefault: boolean; position: number }>(
  routes: readonly R[],
  labels: Readonly<Record<string, string>>,
): R | null {
  const ordered = [...routes].filter((r) => !r.isDefault).sort((a, b) => a.position - b.position);
  for (const route of ordered) {
    const parsed = parseMatchers(route.matchers);
    if (parsed.ok && parsed.value.length > 0 && matchesAll(parsed.value, labels)) return route;
  }
  return routes.find((r) => r.isDefault) ?? null;
}
