import { describe, expect, it } from 'vitest';
import { parseCsv, toCsv } from '../../src/subscriptions/csv.ts';
import type { ComponentChoiceGroup } from '../../src/subscriptions/component-choices.ts';
import { planImport } from '../../src/subscriptions/import-subscribers.ts';

describe('parseCsv', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, with CRLF or LF line ends', () => {
    expect(parseCsv('"x,y",z\r\n"he said ""hi""",1\n"two\nlines",2\n')).toEqual([
      ['x,y', 'z'],
      ['he said "hi"', '1'],
      ['two\nlines', '2'],
    ]);
  });

  it('drops the byte-order mark a spreadsheet writes, so the header is still "email"', () => {
    expect(parseCsv('\uFEFFemail,components\r\n"ada@example.com","API;Web"\r\n')).toEqual([
      ['email', 'components'],
      ['ada@example.com', 'API;Web'],
    ]);
  });

  it('keeps blank lines as rows (row N is line N), rows of any length, and stray quotes inside a field', () => {
    expect(parseCsv('a\n\nb,c,d\rab"c,d')).toEqual([['a'], [''], ['b', 'c', 'd'], ['ab"c', 'd']]);
    expect(parseCsv('')).toEqual([]);
  });

  it('reads a quote left open to the end of the text as one field instead of failing', () => {
    expect(parseCsv('ok@example.com\n"open@example.com\nlast@example.com')).toEqual([['ok@example.com'], ['open@example.com\nlast@example.com']]);
  });
});

describe('toCsv', () => {
  it('quotes fields with commas, quotes or line breaks and ends lines with CRLF', () => {
    expect(toCsv([['email', 'components'], ['a@example.com', 'API, Web'], ['say "hi"', 'one\ntwo'], ['cr\ronly', '']])).toBe(
      'email,components\r\na@example.com,"API, Web"\r\n"say ""hi""","one\ntwo"\r\n"cr\ronly",\r\n',
    );
  });

  it('defuses spreadsheet formulas with a leading quote', () => {
    expect(toCsv([['=HYPERLINK("x")', '+1', '-1', '@SUM(A1)', 'plain']])).toBe(`"'=HYPERLINK(""x"")",'+1,'-1,'@SUM(A1),plain\r\n`);
  });

  it('reads back what it wrote', () => {
    const rows = [['email', 'status'], ['a,b@example.com', 'con"firmed'], ['multi\r\nline', '']];
    expect(parseCsv(toCsv(rows))).toEqual(rows);
  });
});

describe('planImport with a file saved by a spreadsheet', () => {
  it('skips the header after a BOM and reads quoted component lists', () => {
    const choices: ComponentChoiceGroup[] = [{ id: null, name: null, components: [{ id: 'c-api', name: 'API' }, { id: 'c-web', name: 'Web, mobile' }] }];
    const { plan, report } = planImport('\uFEFFemail,components\r\n"ada@example.com","API;Web, mobile"\r\nbob@example.com\r\n', choices);
    expect(report).toEqual([{ line: 1, email: '', status: 'skipped', message: 'Header line' }]);
    expect(plan).toEqual([
      { line: 2, email: 'ada@example.com', componentIds: ['c-api', 'c-web'] },
      { line: 3, email: 'bob@example.com', componentIds: null },
    ]);
  });
});
