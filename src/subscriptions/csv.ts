import { CsvError, type Options, parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

/**
 * CSV for subscriber import and export, through csv-parse and csv-stringify
 * (RFC 4180: quoted fields with doubled quotes, CRLF or LF line ends, a leading
 * byte-order mark as spreadsheets write it). Pure. An import is at most 5,000 lines
 * typed or pasted into a form, so the synchronous API does; csv-parse streams when
 * imports become uploads.
 */

const PARSE_OPTIONS: Options = {
  bom: true,
  // Any line end, mixed within a file (pasted lines); csv-parse would otherwise keep the first one it sees.
  record_delimiter: ['\r\n', '\n', '\r'],
  // An import line may have one or two columns; planImport reports the others.
  relax_column_count: true,
  // A stray quote inside a field is part of it, as people type addresses.
  relax_quotes: true,
  // Blank lines stay as rows so that row N is line N in the import report.
  skip_empty_lines: false,
};

/** The rows of `text`, every field a string. A quote left open runs to the end of the text, as one field. */
export function parseCsv(text: string): string[][] {
  try {
    return parse(text, PARSE_OPTIONS);
  } catch (error) {
    // The importer reports the unfinished field as a bad line instead of refusing the whole file.
    if (error instanceof CsvError && error.code === 'CSV_QUOTE_NOT_CLOSED') return parse(`${text}"`, PARSE_OPTIONS);
    throw error;
  }
}

/**
 * Rows as CSV with CRLF line ends. Fields with a comma, quote or line break are
 * quoted; a leading =, +, - or @ (or tab, CR) gets a ' so spreadsheets do not run
 * it as a formula (csv-stringify's escape_formulas).
 */
export function toCsv(rows: readonly (readonly string[])[]): string {
  return stringify(rows.map((row) => [...row]), {
    record_delimiter: '\r\n',
    escape_formulas: true,
    // csv-stringify quotes a field holding the whole CRLF delimiter; a lone CR or LF must be quoted too.
    quoted_match: /[\r\n]/,
  });
}
