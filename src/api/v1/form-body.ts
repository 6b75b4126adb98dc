/**
 * A form-encoded body with Rails-style brackets, as Statuspage's API accepts, into
 * the object the same JSON body would be:
 *
 *   component[name]=API&component[component_ids][]=a&component[component_ids][]=b
 *   incident[components][k2bq8zd5rf1m]=major_outage
 *
 * becomes {component: {name: "API", component_ids: ["a", "b"]}, incident:
 * {components: {k2bq8zd5rf1m: "major_outage"}}}. Values stay strings: the zod
 * schemas accept "true"/"false" and numbers as text where a form sends them.
 * Keys that would reach Object.prototype (__proto__, constructor, prototype) are
 * dropped. A key used both as a value and as a container keeps the first.
 */

type Tree = { [key: string]: Tree | Tree[] | string | string[] };

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/** "a[b][][c]" → ["a", "b", "", "c"]; null when the brackets do not pair up. */
export function splitKey(key: string): string[] | null {
  const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
  if (!match?.[1]) return null;
  const rest = [...(match[2] ?? '').matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1] ?? '');
  return [match[1], ...rest];
}

function child(node: Tree, key: string): Tree | null {
  const existing = node[key];
  if (existing === undefined) {
    const created: Tree = Object.create(null) as Tree;
    node[key] = created;
    return created;
  }
  return typeof existing === 'object' && !Array.isArray(existing) ? existing : null;
}

export function parseBracketForm(text: string): Record<string, unknown> {
  const root: Tree = Object.create(null) as Tree;
  for (const [key, value] of new URLSearchParams(text)) {
    const path = splitKey(key);
    if (path === null || path.some((part) => FORBIDDEN.has(part))) continue;
    let node: Tree | null = root;
    for (let i = 0; i < path.length - 1 && node !== null; i += 1) {
      // "a[]" at the end is a list; "a[][b]" (lists of objects) is not used by the API.
      if (path[i + 1] === '' && i + 1 === path.length - 1) break;
      node = child(node, path[i]!);
    }
    if (node === null) continue;
    const last = path.at(-1) === '' ? path.at(-2)! : path.at(-1)!;
    if (path.length > 1 && path.at(-1) === '') {
      const list = node[last];
      if (list === undefined) node[last] = [value];
      else if (Array.isArray(list)) (list as string[]).push(value);
    } else if (node[last] === undefined) {
      node[last] = value;
    }
  }
  return toPlain(root) as Record<string, unknown>;
}

/** Null-prototype objects (safe while building) as ordinary ones for zod and JSON. */
function toPlain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toPlain);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toPlain(v)]));
  return value;
}
