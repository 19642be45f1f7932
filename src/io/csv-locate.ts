import { createReadStream } from 'node:fs';
import { WumingError } from '../errors.js';

/**
 * Largest record (one CSV row, all its cells and its line break) Wuming reads, in bytes. DuckDB
 * reads 2,000,000 bytes per line by default and reported a 3-10 MB cell as a quote error, a
 * 40 MB one as an unsupported-feature error, and silently dropped a 50 MB last row; readSource re-reads such
 * a file with `max_line_size` raised to the longest record, up to this limit. Above it the file
 * is refused with RECORD_TOO_LARGE naming the line (64 MiB holds a scanned document as base64;
 * a table cell larger than that is not a table's job).
 */
export const MAX_RECORD_BYTES = 64 * 1024 * 1024;

/** DuckDB's default `max_line_size` (its error text says 2,000,000 bytes). */
export const ENGINE_DEFAULT_LINE_BYTES = 2_000_000;

/** What locateCsvProblem learnt about a file. */
export interface CsvScan {
  /** The first structural problem, as an error naming file, line (and column when known). */
  problem?: WumingError;
  /** Bytes of the longest record (line breaks inside quoted fields included). */
  longestRecord: number;
  /** Records read, the header included (blank lines are not records). */
  records: number;
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

enum S {
  FieldStart,
  Unquoted,
  Quoted,
  /** A quote seen inside a quoted field: either a doubled quote or the closing one. */
  QuoteInQuoted,
}

type Eol = 'LF' | 'CRLF' | 'CR';

/**
 * Walk a UTF-8 CSV file byte by byte with the reading rules of read.ts (quote `"` doubled inside
 * quoted fields, a quote only special at the start of a field, as DuckDB reads it) and return its
 * first structural problem with the physical line an editor shows: an unterminated quoted field
 * (at the line where it opens), text after a closing quote, a record with another field count
 * than the header, mixed line endings, invalid UTF-8, a record above `maxRecordBytes`. Run only
 * after the engine refused a file (or read no rows from one), so its cost (one pass in
 * JavaScript, ~0.3 s per 100 MB) is paid only on the error path. Messages never hold a cell.
 */
export async function locateCsvProblem(
  path: string,
  dialect: { delimiter: string; columns: readonly string[] },
  opts: { file?: string; maxRecordBytes?: number; utf8?: boolean } = {},
): Promise<CsvScan> {
  const file = opts.file ?? path;
  const maxRecord = opts.maxRecordBytes ?? MAX_RECORD_BYTES;
  const checkUtf8 = opts.utf8 ?? true;
  const delim = Buffer.from(dialect.delimiter, 'utf8')[0];
  const n = dialect.columns.length;

  let state = S.FieldStart;
  let line = 1;
  let recordLine = 1;
  let quoteLine = 1;
  let fields = 0;
  let recordBytes = 0;
  let longest = 0;
  let records = 0;
  let eol: Eol | undefined;
  let eolLine = 0;
  let pendingCr = false;
  let crInQuote = false;
  let utfNeed = 0;
  let first = true;
  let problem: WumingError | undefined;

  const columnAt = (i: number) => (i < n ? dialect.columns[i] : undefined);
  const fail = (code: string, message: string, at: number, column?: string) => {
    problem = new WumingError(code, message, { location: { file, line: at, ...(column ? { column } : {}) } });
  };
  /** A record ends (at a line break outside quotes, or at the end of the file). */
  const endRecord = (): boolean => {
    const blank = fields === 0 && state === S.FieldStart && recordBytes === 0;
    if (!blank) {
      fields++;
      records++;
      if (fields !== n) {
        fail('RAGGED_ROW', `row has ${fields} fields but the header has ${n}`, recordLine);
        return false;
      }
    }
    if (recordBytes > longest) longest = recordBytes;
    fields = 0;
    recordBytes = 0;
    state = S.FieldStart;
    return true;
  };
  const lineBreak = (kind: Eol, at: number): boolean => {
    if (eol === undefined) {
      eol = kind;
      eolLine = at;
    } else if (kind !== eol) {
      fail(
        'MIXED_LINE_ENDINGS',
        `this line ends with ${kind} but line ${eolLine} ends with ${eol}: mixed line endings are not read (convert the file to one kind, e.g. with dos2unix)`,
        at,
      );
      return false;
    }
    return true;
  };

  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  try {
    outer: for await (const chunk of stream as AsyncIterable<Buffer>) {
      let i = 0;
      if (first) {
        first = false;
        if (chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) i = 3;
      }
      for (; i < chunk.length; i++) {
        const b = chunk[i];
        if (checkUtf8) {
          if (utfNeed > 0) {
            if ((b & 0xc0) !== 0x80) {
              fail(
                'BAD_CSV',
                'invalid UTF-8 text (convert the file to UTF-8 or GBK)',
                line,
                columnAt(fields),
              );
              break outer;
            }
            utfNeed--;
          } else if (b >= 0x80) {
            if (b >= 0xc2 && b <= 0xdf) utfNeed = 1;
            else if (b >= 0xe0 && b <= 0xef) utfNeed = 2;
            else if (b >= 0xf0 && b <= 0xf4) utfNeed = 3;
            else {
              fail(
                'BAD_CSV',
                'invalid UTF-8 text (convert the file to UTF-8 or GBK)',
                line,
                columnAt(fields),
              );
              break outer;
            }
          }
        }
        if (pendingCr) {
          pendingCr = false;
          // CR then LF: one CRLF break, already counted at the CR.
          if (b === LF) {
            if (!lineBreak('CRLF', line - 1)) break outer;
            continue;
          }
          if (!lineBreak('CR', line - 1)) break outer;
        }
        recordBytes++;
        if (recordBytes > maxRecord) {
          fail(
            'RECORD_TOO_LARGE',
            `a row larger than ${Math.round(maxRecord / 1048576)} MiB starts here; Wuming reads rows up to that size`,
            recordLine,
          );
          break outer;
        }
        switch (state) {
          case S.Quoted:
            if (b === QUOTE) state = S.QuoteInQuoted;
            else if (b === CR || (b === LF && !crInQuote)) line++;
            // A line break inside a quoted field: the record goes on, the physical line does not.
            crInQuote = b === CR;
            continue;
          case S.QuoteInQuoted:
            if (b === QUOTE) {
              state = S.Quoted;
              continue;
            }
            if (b !== delim && b !== LF && b !== CR) {
              fail(
                'BAD_CSV',
                'text after a closing quote (a quote inside a quoted field must be doubled: "")',
                line,
                columnAt(fields),
              );
              break outer;
            }
            state = S.Unquoted;
            break;
          case S.FieldStart:
            if (b === QUOTE) {
              state = S.Quoted;
              quoteLine = line;
              crInQuote = false;
              continue;
            }
            if (b !== delim && b !== LF && b !== CR) state = S.Unquoted;
            break;
        }
        // Unquoted text (or the byte right after a closing quote).
        if (b === delim) {
          fields++;
          state = S.FieldStart;
          if (fields >= n) {
            fail('RAGGED_ROW', `row has more than ${n} fields (the header has ${n})`, recordLine);
            break outer;
          }
        } else if (b === LF || b === CR) {
          recordBytes--;
          if (!endRecord()) break outer;
          line++;
          recordLine = line;
          if (b === LF) {
            if (!lineBreak('LF', line - 1)) break outer;
          } else pendingCr = true;
        }
      }
    }
  } catch (e) {
    throw new WumingError('READ_FAILED', `cannot read input: ${(e as Error).message.split('\n')[0]}`, {
      kind: 'io',
      location: { file },
      cause: e,
    });
  } finally {
    stream.destroy();
  }
  if (!problem && pendingCr) lineBreak('CR', line - 1);
  if (!problem) {
    if (state === S.Quoted)
      fail(
        'BAD_CSV',
        'a quoted field opened here is never closed (a closing " is missing)',
        quoteLine,
        columnAt(fields),
      );
    else if (utfNeed > 0 && checkUtf8) fail('BAD_CSV', 'invalid UTF-8 text at the end of the file', line);
    else endRecord();
  }
  return { problem, longestRecord: longest, records };
}
