import { CsvError, type InfoDataSet, parse } from 'csv-parse/sync';

/** One record of a CSV file, with the line it starts on (1-based, the header being line 1). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  override readonly name = 'CsvSyntaxError';
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

/** The delimiter of the header line: `;` (French spreadsheets), `,` or a tab, whichever it holds most of. */
function detectDelimiter(text: string): string {
  const header = text.slice(0, text.search(/\r?\n|$/));
  const counts = [';', ',', '\t'].map((delimiter) => ({ delimiter, count: header.split(delimiter).length - 1 }));
  counts.sort((a, b) => b.count - a.count);
  return counts[0]!.count > 0 ? counts[0]!.delimiter : ';';
}

/** What the import says of csv-parse's syntax errors, in French. */
const syntaxMessages: Partial<Record<string, string>> = {
  CSV_QUOTE_NOT_CLOSED: 'guillemet ouvrant sans guillemet fermant',
  INVALID_OPENING_QUOTE: 'guillemet inattendu au milieu d’un champ',
  CSV_INVALID_CLOSING_QUOTE: 'caractère inattendu après un guillemet fermant',
};

/**
 * Parses RFC 4180 CSV with csv-parse: quoted fields (with `""` for a quote, and line breaks inside quotes),
 * CRLF, LF or CR, an optional UTF-8 byte-order mark; blank lines are skipped. The first record is the header.
 * Line breaks are read as LF first (also inside quoted fields, which thus hold LF only): csv-parse would
 * count a CRLF inside quotes as two lines.
 * A syntax error is a CsvSyntaxError naming, in French, the line where the faulty record starts (an
 * unclosed quote) or where the stray character is.
 */
export function parseCsv(input: string): CsvRecord[] {
  // csv-parse counts lines at a record's end; a record starts one line after the previous one ended,
  // plus the blank lines skipped in between.
  let previousEnd = 0;
  let previousBlankLines = 0;
  const startLine = (info: InfoDataSet) => previousEnd + 1 + info.empty_lines - previousBlankLines;
  try {
    const startLines: number[] = [];
    const text = input.replace(/\r\n?/g, '\n');
    const records = parse(text, {
      delimiter: detectDelimiter(text.replace(/^\uFEFF/, '')),
      record_delimiter: '\n',
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      on_record: (fields, info) => {
        startLines.push(startLine(info));
        previousEnd = info.lines;
        previousBlankLines = info.empty_lines;
        return fields;
      },
    });
    return records.map((fields, index) => ({ line: startLines[index]!, fields }));
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const context = error as CsvError & InfoDataSet;
    const line = error.code === 'CSV_QUOTE_NOT_CLOSED' ? startLine(context) : context.lines;
    throw new CsvSyntaxError(line, syntaxMessages[error.code] ?? 'syntaxe CSV invalide');
  }
}

/** RFC 4180 CSV: a field is quoted when it holds a comma, a quote or a line break; lines end in CRLF. */
export function toCsv(rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  const field = (value: string | number | null | undefined) => {
    const text = value === null || value === undefined ? '' : String(value);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return rows.map((row) => `${row.map(field).join(',')}\r\n`).join('');
}
