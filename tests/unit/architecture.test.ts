import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

function files(dir: string, pattern: RegExp): string[] {
  return readdirSync(path.join(ROOT, dir)).flatMap((name) => {
    const relative = path.join(dir, name);
    if (statSync(path.join(ROOT, relative)).isDirectory()) return files(relative, pattern);
    return pattern.test(name) ? [relative] : [];
  });
}

const source = (file: string): string => readFileSync(path.join(ROOT, file), 'utf8');
const SOURCE = /\.(ts|astro|mjs)$/;

describe('architecture rules (CONVENTIONS.md)', () => {
  it('pages only read and render: no database, mail or environment access', () => {
    for (const file of files('pages', SOURCE)) {
      const text = source(file);
      expect(text, file).not.toMatch(/from ['"](kysely|pg|@electric-sql\/[^'"]+|nodemailer)['"]/);
      expect(text, file).not.toMatch(/from ['"][./]*db\/client(\.ts)?['"]/);
      expect(text, file).not.toMatch(/process\.env/);
    }
  });

  it('only db/ imports Kysely and the database drivers', () => {
    const outside = [...files('src', SOURCE), ...files('pages', SOURCE), ...files('bin', SOURCE)];
    for (const file of outside) {
      expect(source(file), file).not.toMatch(/from ['"](kysely|pg|@electric-sql\/[^'"]+)(\/[^'"]*)?['"]/);
    }
  });

  it('only src/config.ts reads process.env in application code', () => {
    for (const file of [...files('src', SOURCE), ...files('db', SOURCE)]) {
      if (file === path.join('src', 'config.ts')) continue;
      expect(source(file), file).not.toMatch(/process\.env(\.|\[)/); // reads; passing it on to a child is fine
    }
  });

  it('migrations import no application code', () => {
    for (const file of files(path.join('db', 'migrations'), /\.ts$/)) {
      const imports = [...source(file).matchAll(/from ['"]([^'"]+)['"]/g)].map((m) => m[1]);
      for (const target of imports) expect(target === 'kysely' || target?.startsWith('./') || target === 'kysely/migration', `${file} imports ${target}`).toBe(true);
    }
  });
});
