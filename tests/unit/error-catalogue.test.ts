import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ErrorData, errorMessage, ERRORS, formError } from '../../src/errors/catalogue.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

function files(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir)).flatMap((name) => {
    const relative = path.join(dir, name);
    if (statSync(path.join(ROOT, relative)).isDirectory()) return files(relative);
    return /\.(ts|astro)$/.test(name) ? [relative] : [];
  });
}

describe('the error catalogue', () => {
  it('names each entry by its key, with a title, a message and a hint', () => {
    const entries: [string, ErrorData][] = Object.entries(ERRORS);
    expect(entries.length).toBeGreaterThan(10);
    for (const [key, entry] of entries) {
      expect(entry.name).toBe(key);
      for (const field of ['title', 'hint'] as const) expect(entry[field].trim(), `${key}.${field}`).not.toBe('');
      expect(typeof entry.message === 'string' ? entry.message : (entry.message as (...params: string[]) => string)('x'), `${key}.message`).not.toBe('');
    }
  });

  it('gives a whole-form error the message people read', () => {
    expect(formError(ERRORS.UpdateAlreadyCancelled)).toEqual({ _form: 'This update is already cancelled' });
  });

  it('is where whole-form messages are written: no inline `_form: \'…\'` in src/ or pages/', () => {
    for (const file of [...files('src'), ...files('pages')]) {
      expect(readFileSync(path.join(ROOT, file), 'utf8'), file).not.toMatch(/_form:\s*['"`]/);
    }
  });
});

describe('messages with parameters', () => {
  it('fills in what the message names', () => {
    expect(errorMessage(ERRORS.SignInThrottled, '5 minutes')).toBe('Too many sign-in attempts. Try again in 5 minutes.');
    expect(formError(ERRORS.SignInThrottled, '1 minute')).toEqual({ _form: 'Too many sign-in attempts. Try again in 1 minute.' });
  });
});
