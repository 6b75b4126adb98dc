import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const STYLES = path.resolve(import.meta.dirname, '../../styles');

/** Depth of `{` over `}` outside comments and strings; never negative on the way. */
function braceDepth(css: string): { end: number; lowest: number } {
  const code = css.replace(/\/\*[\s\S]*?\*\//g, '').replace(/"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'/g, '""');
  let depth = 0;
  let lowest = 0;
  for (const char of code) {
    if (char === '{') depth += 1;
    if (char === '}') depth -= 1;
    lowest = Math.min(lowest, depth);
  }
  return { end: depth, lowest };
}

describe('stylesheets', () => {
  // A merge once left one rule open at the end of public.css: the build kept
  // going, and every rule after it (the public postmortem's card) was lost.
  it.each(readdirSync(STYLES).filter((name) => name.endsWith('.css')))('%s closes every block it opens', (name) => {
    expect(braceDepth(readFileSync(path.join(STYLES, name), 'utf8'))).toEqual({ end: 0, lowest: 0 });
  });
});
