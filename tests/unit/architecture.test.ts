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

/**
 * What a file imports (static, dynamic and re-exports): relative specifiers resolved
 * to a path from the project root ("src/domain/types.ts"), packages as written.
 */
function importsOf(file: string): string[] {
  return [...source(file).matchAll(/(?:\bfrom|\bimport)\s*\(?\s*['"]([^'"]+)['"]/g)].map(([, spec = '']) =>
    spec.startsWith('.') ? path.relative(ROOT, path.resolve(ROOT, path.dirname(file), spec)).split(path.sep).join('/') : spec,
  );
}

/** Lines between an .astro file's opening and closing `---` fences. */
function frontmatterLines(text: string): number {
  const lines = text.split('\n');
  if (lines[0]?.trim() !== '---') return 0;
  const end = lines.findIndex((line, i) => i > 0 && line.trim() === '---');
  return end === -1 ? lines.length - 1 : end - 1;
}

const FRONTMATTER_LIMIT = 60;

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

  it('components and layouts only render: no database, mail or environment access', () => {
    for (const file of [...files('components', SOURCE), ...files('layouts', SOURCE)]) {
      const text = source(file);
      expect(text, file).not.toMatch(/from ['"](kysely|pg|@electric-sql\/[^'"]+|nodemailer)['"]/);
      expect(text, file).not.toMatch(/process\.env/);
      for (const target of importsOf(file)) expect(target.startsWith('db/'), `${file} imports ${target}`).toBe(false);
    }
  });

  it('src/domain/ is the ground floor: it imports no other part of Herald', () => {
    for (const file of files(path.join('src', 'domain'), SOURCE)) {
      for (const target of importsOf(file)) {
        const herald = /^(src|db|emails|pages|components|layouts|bin)\//.test(target);
        expect(!herald || target.startsWith('src/domain/'), `${file} imports ${target}`).toBe(true);
      }
    }
  });

  it('db/ imports nothing from src/ but the shared vocabulary in src/domain/', () => {
    for (const file of files('db', SOURCE)) {
      for (const target of importsOf(file)) {
        expect(!target.startsWith('src/') || target.startsWith('src/domain/'), `${file} imports ${target}`).toBe(true);
      }
    }
  });

  it('emails/ are pure templates: nothing from src/ but src/domain/ and the translator (src/i18n/languages.ts), never db/', () => {
    for (const file of files('emails', SOURCE)) {
      for (const target of importsOf(file)) {
        expect(target.startsWith('db/'), `${file} imports ${target}`).toBe(false);
        expect(!target.startsWith('src/') || target.startsWith('src/domain/') || target === 'src/i18n/languages.ts', `${file} imports ${target}`).toBe(true);
      }
    }
  });

  // The catalogues and the translator are pure text: templates use them, so they stay
  // as low as src/domain/ (the other i18n helpers format page views: not for templates).
  it('src/i18n/languages.ts and the catalogues import nothing of Herald but src/domain/', () => {
    const texts = [path.join('src', 'i18n', 'languages.ts'), ...files(path.join('src', 'i18n', 'messages'), SOURCE)];
    for (const file of texts) {
      for (const target of importsOf(file)) {
        const herald = /^(src|db|emails|pages|components|layouts|bin)\//.test(target);
        expect(!herald || target.startsWith('src/domain/') || target.startsWith('src/i18n/'), `${file} imports ${target}`).toBe(true);
      }
    }
  });

  it('only src/mail/ imports nodemailer', () => {
    const code = ['src', 'db', 'pages', 'components', 'layouts', 'emails', 'bin'].flatMap((dir) => files(dir, SOURCE));
    for (const file of code) {
      if (file.startsWith(path.join('src', 'mail') + path.sep)) continue;
      for (const target of importsOf(file)) expect(target === 'nodemailer' || target.startsWith('nodemailer/'), `${file} imports ${target}`).toBe(false);
    }
  });

  it('no page imports db/: pages call loaders and actions from src/<domain>/', () => {
    for (const file of [...files('pages', SOURCE), ...files('components', SOURCE), ...files('layouts', SOURCE)]) {
      const imports = [...source(file).matchAll(/(?:from|import)\s*['"]([^'"]+)['"]/g)].map((m) => m[1] ?? '');
      for (const target of imports) expect(/(^|\/)db\//.test(target), `${file} imports ${target}`).toBe(false);
    }
  });

  it(`no .astro frontmatter is over ${FRONTMATTER_LIMIT} lines: a page loads and renders`, () => {
    const astro = [...files('pages', /\.astro$/), ...files('components', /\.astro$/), ...files('layouts', /\.astro$/)];
    expect(astro.length).toBeGreaterThan(0);
    for (const file of astro) expect(frontmatterLines(source(file)), file).toBeLessThanOrEqual(FRONTMATTER_LIMIT);
  });
});
