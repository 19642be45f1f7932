import { isAscii, isUtf8 } from 'node:buffer';
import { open, readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { loopProgress, type ProgressFn } from '../progress.js';
import { type ColumnsDone, defaultParts, firstFailure, type GroupsDone, readRanges } from './csv-stream.js';
import { type CsvDialect, sniffDialect } from './dialect.js';
import type { Encoding } from './encoding.js';
import { isExcelPath } from './excel.js';
import type { SourceInfo } from './read.js';

/**
 * Largest CSV file read in memory by default. Measured on the 2-core reference machine with
 * Adult repeated k times plus a unique id column (whole `wuming anonymize` runs, k=5): 11 MB
 * took 1.6 s in memory vs 1.75–2.1 s through DuckDB, 22 MB about the same on both paths
 * (2.5–3.4 s), 45 MB was slower in memory (reading and re-reading 2–3× DuckDB's parallel
 * reader). Below ~10 MB the in-memory path wins by DuckDB's fixed cost (~0.35 s to load the
 * binding, start the engine and load the CSV). The dictionary-encoded table takes about the
 * file's size again in heap.
 */
export const MEMORY_CSV_MAX_BYTES = 16 * 1024 * 1024;

/**
 * DuckDB's read_csv refuses lines longer than max_line_size (2,097,152 bytes by default); a
 * UTF-8 character takes up to 4 bytes, so a record above a quarter of that in UTF-16 units may
 * be an error there: such files go to the engine path, which reports it.
 */
const MAX_RECORD_CHARS = 2_097_152 / 4;

/**
 * One column, dictionary-encoded: `values[code]` is a distinct cell text (null = empty cell, the
 * SQL NULL of the engine path), `codes[record]` the record's code. Columns are held this way
 * rather than as arrays of strings because then nearly every parsed string dies young (only the
 * first of each distinct value is kept): V8's scavenger copies every surviving object, and
 * keeping 10^5–10^6 cell strings alive made garbage collection cost as much as the parsing.
 * Downstream steps want codes anyway (hierarchy lookups and output labels once per distinct value).
 */
export interface MemoryColumn {
  readonly values: readonly (string | null)[];
  readonly codes: Int32Array;
}

/** A CSV file parsed in memory with the same meaning as the engine's read (see readCsvInMemory). */
export interface MemoryTable {
  readonly source: string;
  readonly columns: readonly string[];
  /** Per column; undefined for a column not asked for in `keep` (parsed and checked, not stored). */
  readonly data: readonly (MemoryColumn | undefined)[];
  /** Data records (the header is not one). */
  readonly rows: number;
  /** The header record's cells as written in the file (when the dialect has a header). */
  readonly header?: readonly string[];
  readonly info: SourceInfo;
}

export interface MemoryReadOptions {
  /**
   * Largest file read whole as text (bytes); default MEMORY_CSV_MAX_BYTES. Files above
   * STREAM_CSV_MIN_BYTES without quote characters are streamed instead, whatever their size.
   */
  maxBytes?: number;
  /** Largest number of distinct values a streamed file may hold (default STREAM_MAX_DISTINCT). */
  maxDistinct?: number;
  /** Events in bytes while a large file is streamed, named `progressStage` (default 'read'). */
  onProgress?: ProgressFn;
  progressStage?: string;
  /**
   * Smallest file streamed in several ranges (default STREAM_CSV_MIN_BYTES; a smaller one is one
   * range) and the chunk read at a time: for tests.
   */
  streamMinBytes?: number;
  streamChunkBytes?: number;
  /**
   * Byte ranges a streamed file is read in at once, each in its own thread (default: the cores,
   * at most 4; see csv-stream.ts).
   */
  streamParts?: number;
  /** Delimiter / header, as for readSource; sniffed when absent. */
  delimiter?: string;
  header?: boolean;
  /** The dialect, when known (re-reading a file this program wrote): nothing is sniffed. */
  dialect?: CsvDialect;
  /** Columns to keep (by name); default all. The others are parsed and checked but not stored. */
  keep?: readonly string[];
  /** Told why the file is not eligible, when it is not (never with cell values). */
  onIneligible?: (reason: string) => void;
}

const LF = 10;
const CR = 13;

/**
 * `formatOf` of read.ts, repeated here (test/io/csv-memory.test.ts checks they agree) so that
 * this module does not load read.ts, whose encoding module loads iconv-lite (~13 ms at start-up,
 * needed only for GBK and UTF-16, which this path leaves to the engine anyway).
 */
export function formatOfPath(path: string): 'csv' | 'parquet' | 'json' | 'xlsx' {
  if (isExcelPath(path) || /\.xls$/i.test(path)) return 'xlsx';
  const ext = extname(path).toLowerCase();
  if (ext === '.parquet' || ext === '.pq') return 'parquet';
  if (ext === '.json' || ext === '.ndjson' || ext === '.jsonl') return 'json';
  return 'csv';
}

function countChar(s: string, ch: string): number {
  let n = 0;
  for (let i = s.indexOf(ch); i >= 0; i = s.indexOf(ch, i + 1)) n++;
  return n;
}

/**
 * The text sniffDialect needs: it looks at the first 200 lines only, so when the head has that
 * many, pass just those (the result is the same; splitting a whole 1 MiB head costs more than
 * the sniffing itself).
 */
function sniffSample(headText: string): string {
  let pos = -1;
  for (let k = 0; k < 200; k++) {
    pos = headText.indexOf('\n', pos + 1);
    if (pos < 0) return headText;
  }
  return headText.slice(0, pos + 1);
}

/** Thrown inside the parser callback to stop at the first structural problem. */
class Stop extends Error {}

/** Dictionary-encodes the kept columns while the records stream past. */
class ColumnStore {
  readonly dicts: (Map<string, number> | undefined)[];
  readonly values: (string | null)[][];
  readonly codes: (Int32Array | undefined)[];
  header: string[] | undefined;
  constructor(kept: readonly boolean[], capacity: number) {
    this.dicts = kept.map((k) => (k ? new Map() : undefined));
    this.values = kept.map(() => []);
    this.codes = kept.map((k) => (k ? new Int32Array(capacity) : undefined));
  }
  /** Cell `v` of column `y` in data record `record`. */
  put(y: number, record: number, v: string): void {
    const dict = this.dicts[y];
    if (dict === undefined) return;
    let code = dict.get(v);
    if (code === undefined) {
      code = this.values[y].length;
      dict.set(v, code);
      this.values[y].push(v === '' ? null : v);
    }
    (this.codes[y] as Int32Array)[record] = code;
  }
  columns(rows: number): (MemoryColumn | undefined)[] {
    return this.codes.map((c, i) => (c ? { values: this.values[i], codes: c.subarray(0, rows) } : undefined));
  }
}

interface Parsed {
  /** Records including the header. */
  records: number;
  emptyUnquoted: boolean;
}

interface Shape {
  delim: string;
  n: number;
  /** 1 when the first record is the header. */
  skip: number;
  crTotal: number;
  lfTotal: number;
}

/**
 * A text without any quote character: records are its lines and fields the text between
 * delimiters, exactly as any CSV reader reads it, so no parser state can disagree; splitting
 * natively is about twice as fast as a general parser's character loop (Adult: ~45 vs ~90 ms).
 */
function splitUnquoted(text: string, s: Shape, store: ColumnStore, crlfTotal: number): Parsed | string {
  const { delim, n, skip, crTotal, lfTotal } = s;
  // One kind of line break: only LF, only CR, or CR and LF always paired.
  if (crTotal > 0 && lfTotal > 0 && (crTotal !== lfTotal || crlfTotal !== crTotal))
    return 'mixed line endings';
  const sep = crTotal === 0 ? '\n' : lfTotal === 0 ? '\r' : '\r\n';
  let emptyUnquoted = false;
  let r = 0;
  for (let start = 0; start <= text.length; r++) {
    let end = text.indexOf(sep, start);
    if (end < 0) end = text.length;
    if (end - start > MAX_RECORD_CHARS) return 'a record is longer than the engine line limit';
    const cells = text.slice(start, end).split(delim);
    if (cells.length !== n) return `record ${r + 1} has ${cells.length} fields, expected ${n}`;
    const rec = r - skip;
    if (rec >= 0) for (let y = 0; y < n; y++) store.put(y, rec, cells[y]);
    else store.header = cells;
    if (cells[0] === '') emptyUnquoted = true;
    start = end + sep.length;
  }
  return { records: r, emptyUnquoted };
}

/**
 * A text with quotes: csv-simple-parser in strict mode (`optimistic: false` throws on a quote
 * inside an unquoted field, on a quote right after a closing quote and on an unterminated quoted
 * field). It reports each field with whether it was quoted, which lets every consumed character
 * be counted: field texts, 2 quotes + 1 per doubled quote for a quoted field, delimiters, line
 * breaks. That sum must equal the text length, so the one thing the parser skips silently (text
 * between a closing quote and the next delimiter, which DuckDB rejects) cannot pass unnoticed;
 * and the line breaks outside fields must be of one kind, one per record separator.
 */
function parseQuoted(
  parseCsv: typeof import('csv-simple-parser').default,
  text: string,
  s: Shape,
  store: ColumnStore,
  bodyLength: number,
  trail: number,
): Parsed | string {
  const { delim, n, skip, crTotal, lfTotal } = s;
  let current = -1;
  let fields = n;
  let recordChars = 0;
  let record = -1;
  let fieldChars = 0; // characters of field texts
  let quoteChars = 0; // enclosing and doubling quotes
  let valueCr = 0;
  let valueLf = 0;
  let emptyUnquoted = false;
  let problem = '';
  const header: string[] = [];
  const stop = (why: string) => {
    problem = why;
    return new Stop(why);
  };
  const onField = (v: string, x: number, y: number, quoted: boolean): undefined => {
    if (x !== current) {
      if (fields !== n) throw stop(`record ${current + 1} has ${fields} fields, expected ${n}`);
      if (recordChars > MAX_RECORD_CHARS) throw stop('a record is longer than the engine line limit');
      current = x;
      fields = 0;
      recordChars = 0;
      record = x - skip;
    }
    fields++;
    if (y >= n) throw stop(`record ${x + 1} has more than ${n} fields`);
    let raw = v.length;
    if (quoted) {
      raw += 2;
      if (v.indexOf('"') >= 0) raw += countChar(v, '"');
      if (v.indexOf('\r') >= 0) valueCr += countChar(v, '\r');
      if (v.indexOf('\n') >= 0) valueLf += countChar(v, '\n');
    } else if (v.length === 0) emptyUnquoted = true;
    fieldChars += v.length;
    quoteChars += raw - v.length;
    recordChars += raw + 1;
    if (record >= 0) store.put(y, record, v);
    else header.push(v);
    return undefined;
  };
  try {
    if (text.length > 0) parseCsv(text, { delimiter: delim, quote: '"', optimistic: false, infer: onField });
  } catch (e) {
    return e instanceof Stop ? problem : 'malformed quoting, or quoting the engine reads differently';
  }
  const records = current + 1;
  if (records > 0 && fields !== n) return `record ${records} has ${fields} fields, expected ${n}`;
  if (recordChars > MAX_RECORD_CHARS) return 'a record is longer than the engine line limit';
  if (skip > 0) store.header = header;
  const separators = records - 1 + (trail > 0 ? 1 : 0);
  const cr = crTotal - valueCr;
  const lf = lfTotal - valueLf;
  let breakChars: number;
  if (cr === separators && lf === separators) breakChars = 2 * separators;
  else if (cr === 0 && lf === separators) breakChars = separators;
  else if (lf === 0 && cr === separators) {
    // CR-separated records with LF inside quoted values: DuckDB's reader fails on them ("invalid
    // state"), so this reader must not accept them either (found by test/fuzz/parsers.test.ts).
    if (valueLf > 0) return 'line feeds inside the quoted fields of a CR-separated file';
    breakChars = separators;
  } else return 'mixed line endings';
  if (bodyLength !== fieldChars + quoteChars + (n - 1) * records + breakChars)
    return 'text outside the quoted fields (e.g. after a closing quote)';
  return { records, emptyUnquoted };
}

/**
 * Read a small CSV file into memory with exactly the meaning the engine path gives it
 * (src/io/read.ts: `read_csv(..., all VARCHAR, quote='"', escape='"', strict_mode=true)` with the
 * dialect from `sniffDialect`), or return undefined when the file is not eligible, so the caller
 * falls back to the engine path, which then reads it or raises its usual error.
 *
 * Eligible: a CSV by extension (not Parquet/JSON), at most `maxBytes`, UTF-8 or ASCII throughout
 * (a BOM is dropped; GBK and UTF-16 need transcoding and go to the engine), and read cleanly:
 * every record has exactly the dialect's column count, quotes only around whole fields, one kind
 * of line break, and at most one line break after the last record. Semantics as DuckDB's: an
 * empty field, quoted or not, is NULL (null here); nothing is trimmed; quoted fields keep
 * delimiters, doubled quotes ("" → ") and line breaks. Where the two readers could disagree
 * (a stray quote inside an unquoted field, text after a closing quote, blank lines, mixed CRLF
 * and LF, a record longer than DuckDB's line limit), the file is ineligible rather than guessed at.
 *
 * Files with no quote character at all are split natively; others go through csv-simple-parser
 * (strict mode) with an exact count of the characters it consumed (see parseQuoted).
 */
export async function readCsvInMemory(
  path: string,
  opts: MemoryReadOptions = {},
): Promise<MemoryTable | undefined> {
  const no = (reason: string): undefined => {
    opts.onIneligible?.(reason);
    return undefined;
  };
  const format = formatOfPath(path);
  if (format !== 'csv') return no(`${format} input`);
  const maxBytes = opts.maxBytes ?? MEMORY_CSV_MAX_BYTES;
  let size: number;
  try {
    const s = await stat(path);
    if (!s.isFile()) return no('not a file');
    size = s.size;
  } catch {
    return no('cannot read the file');
  }
  if (size === 0) return no('the file is empty');
  // Every file is streamed first: the byte scanner makes a string per distinct value, not per
  // cell (63 k rows x 10 columns: 0.19 vs 0.33 CPU-s for the text path). A small file is one
  // range, read in this thread (a thread costs more to start than it saves there), without
  // progress events, as on the text path it may fall back to (a stage begun must end).
  const several = size > (opts.streamMinBytes ?? STREAM_CSV_MIN_BYTES);
  if (several || size <= maxBytes) {
    const streamed = await readLargeCsv(
      path,
      size,
      several ? opts : { ...opts, streamParts: 1, onProgress: undefined },
    );
    if (typeof streamed !== 'string') return streamed;
    // A file small enough for the text path is read whole when the stream declines it (quotes,
    // CR line ends); a larger one goes to the engine.
    if (size > maxBytes) return no(streamed === 'quoted' ? 'a large file with quoted fields' : streamed);
  }
  if (size > maxBytes) return no(`the file is larger than ${Math.round(maxBytes / 1048576)} MB`);
  // The text path holds the file as one string: V8 cannot make one this long (a 700 MB output
  // with quoted cells failed its own re-read with "Cannot create a string longer than ...").
  if (size > TEXT_MAX_BYTES) return no('the file is too large to read as one text');
  let buf: Buffer;
  try {
    buf = await readFile(path);
  } catch {
    return no('cannot read the file');
  }

  // Same head sample and detection as readSource (readHead reads the first MiB).
  const head = buf.subarray(0, 1 << 20);
  // An ASCII head is UTF-8 for detectEncoding too (a BOM is not ASCII): skip its decoding passes.
  const asciiHead = isAscii(head);
  const enc = asciiHead ? undefined : await import('./encoding.js');
  let encoding: Encoding;
  try {
    encoding = enc ? enc.detectEncoding(head, path) : 'utf-8';
  } catch {
    return no('unknown text encoding');
  }
  if (encoding !== 'utf-8' && encoding !== 'utf-8-bom')
    return no(`${encoding.toUpperCase()} text needs transcoding`);
  const bytes = encoding === 'utf-8-bom' ? buf.subarray(3) : buf;
  // The head decided the encoding; the whole file must be valid UTF-8 too (DuckDB rejects it).
  let body: string;
  if (isAscii(bytes)) body = bytes.toString('latin1');
  else if (isUtf8(bytes)) body = bytes.toString('utf8');
  else return no('the file is not valid UTF-8 throughout');
  let dialect = opts.dialect;
  if (!dialect) {
    const headText = enc ? enc.decodeHead(head, encoding) : body.slice(0, head.length);
    if (headText.trim() === '') return no('the file is empty');
    dialect = sniffDialect(sniffSample(headText), { delimiter: opts.delimiter, header: opts.header });
  }
  const n = dialect.columns.length;

  // Line-break characters, counted once over the whole text: an upper bound on the records, and
  // the check that every break outside a field is of one kind.
  let crTotal = 0;
  let lfTotal = 0;
  for (let i = body.indexOf('\n'); i >= 0; i = body.indexOf('\n', i + 1)) lfTotal++;
  for (let i = body.indexOf('\r'); i >= 0; i = body.indexOf('\r', i + 1)) crTotal++;
  // A single final line break ends the last record; it is not an empty record.
  const last = body.charCodeAt(body.length - 1);
  const trail = last === LF ? (body.charCodeAt(body.length - 2) === CR ? 2 : 1) : last === CR ? 1 : 0;
  const text = trail > 0 ? body.slice(0, body.length - trail) : body;

  const keep = opts.keep ? new Set(opts.keep) : undefined;
  const store = new ColumnStore(
    dialect.columns.map((c) => !keep || keep.has(c)),
    Math.max(crTotal, lfTotal) + 1,
  );
  const shape: Shape = { delim: dialect.delimiter, n, skip: dialect.header ? 1 : 0, crTotal, lfTotal };
  // The parser is loaded only for a text with quotes (most files have none).
  const parsed =
    text.indexOf('"') < 0
      ? splitUnquoted(text, shape, store, crTotal > 0 && lfTotal > 0 ? countChar(body, '\r\n') : 0)
      : parseQuoted((await import('csv-simple-parser')).default, text, shape, store, body.length, trail);
  if (typeof parsed === 'string') return no(parsed);
  const rows = parsed.records - shape.skip;
  if (rows <= 0) return no('no data rows');
  // DuckDB keeps a blank line inside a one-column file as NULL but drops blank lines at the end;
  // an empty unquoted field there is ambiguous, so leave it to the engine.
  if (n === 1 && parsed.emptyUnquoted) return no('a one-column file with empty lines');

  return {
    source: path,
    columns: dialect.columns,
    data: store.columns(rows),
    rows,
    header: store.header,
    info: {
      path,
      format: 'csv',
      encoding,
      delimiter: dialect.delimiter,
      header: dialect.header,
      rows,
    },
  };
}

/** V8's longest string (2^29 - 24 UTF-16 units): a file read whole as text must fit in one. */
const TEXT_MAX_BYTES = 2 ** 29 - 24;

/** Files above this size are read by streaming their bytes (no whole-file text; see readCsvStream). */
const STREAM_CSV_MIN_BYTES = 16 * 1024 * 1024;

/**
 * Distinct values (summed over the kept columns) above which a streamed file is left to the
 * engine: each distinct value is a JS string and a dictionary entry, and a column of mostly
 * unique values (a record id) costs more held that way than DuckDB's columnar copy.
 */
const STREAM_MAX_DISTINCT = 4_000_000;

/** Bytes read at a time from a streamed file. */
const CHUNK = 8 * 1024 * 1024;

/**
 * Merge the ranges' columns into the table's: the first range's dictionary stays as it is (the
 * values in order of first appearance), each later range's new values are appended and its codes
 * mapped; the first range's code arrays are reused when they have room (they are sized for the
 * whole file), so the merge copies only the later ranges' codes.
 */
function mergeColumns(
  parts: readonly ColumnsDone[],
  skip: number,
): { data: (MemoryColumn | undefined)[]; rows: number } {
  const rows = parts.reduce((s, p) => s + p.records, 0) - skip;
  const first = parts[0];
  const data = first.codes.map((codes0, c): MemoryColumn | undefined => {
    if (!codes0) return undefined;
    const values = first.values[c] as (string | null)[];
    if (parts.length === 1) return { values, codes: codes0 };
    const index = new Map<string | null, number>();
    for (let v = 0; v < values.length; v++) index.set(values[v], v);
    const own = codes0.length;
    const whole = (codes0.buffer as ArrayBuffer).byteLength >= codes0.byteOffset + rows * 4;
    const codes = whole
      ? new Int32Array(codes0.buffer as ArrayBuffer, codes0.byteOffset, rows)
      : new Int32Array(rows);
    if (!whole) codes.set(codes0);
    let at = own;
    for (let p = 1; p < parts.length; p++) {
      const pv = parts[p].values[c] as (string | null)[];
      const map = new Int32Array(pv.length);
      for (let v = 0; v < pv.length; v++) {
        let code = index.get(pv[v]);
        if (code === undefined) {
          code = values.length;
          values.push(pv[v]);
          index.set(pv[v], code);
        }
        map[v] = code;
      }
      const pc = parts[p].codes[c] as Int32Array;
      for (let r = 0; r < pc.length; r++) codes[at + r] = map[pc[r]];
      at += pc.length;
    }
    return { values, codes };
  });
  return { data, rows };
}

/**
 * A large file: encoding and dialect from its first MiB exactly as for a small one, then its
 * records streamed in byte ranges read at once (csv-stream.ts). Returns a reason when it is not eligible ('quoted' when it
 * holds a quote character: the text path may still take it).
 */
async function readLargeCsv(
  path: string,
  size: number,
  opts: MemoryReadOptions,
): Promise<MemoryTable | string> {
  const head = Buffer.allocUnsafe(Math.min(size, 1 << 20));
  try {
    const fh = await open(path, 'r');
    try {
      await fh.read(head, 0, head.length, 0);
    } finally {
      await fh.close();
    }
  } catch {
    return 'cannot read the file';
  }
  const enc = isAscii(head) ? undefined : await import('./encoding.js');
  let encoding: Encoding;
  try {
    encoding = enc ? enc.detectEncoding(head, path) : 'utf-8';
  } catch {
    return 'unknown text encoding';
  }
  if (encoding !== 'utf-8' && encoding !== 'utf-8-bom')
    return `${encoding.toUpperCase()} text needs transcoding`;
  const offset = encoding === 'utf-8-bom' ? 3 : 0;
  let dialect = opts.dialect;
  if (!dialect) {
    const headText = enc ? enc.decodeHead(head, encoding) : head.toString('latin1');
    if (headText.trim() === '') return 'the file is empty';
    if (headText.indexOf('"') >= 0) return 'quoted';
    dialect = sniffDialect(sniffSample(headText), { delimiter: opts.delimiter, header: opts.header });
  }
  const keep = opts.keep ? new Set(opts.keep) : undefined;
  const delimBytes = Buffer.from(dialect.delimiter, 'utf8');
  if (delimBytes.length !== 1) return 'a multi-byte delimiter';
  const skip = dialect.header ? 1 : 0;
  const parts = Math.max(1, opts.streamParts ?? defaultParts());
  const maxDistinct = opts.maxDistinct ?? STREAM_MAX_DISTINCT;
  const progress = loopProgress(opts.onProgress, opts.progressStage ?? 'read', size, 'bytes', 1);
  const results = await readRanges(
    {
      kind: 'columns',
      path,
      delimiter: delimBytes[0],
      n: dialect.columns.length,
      chunk: opts.streamChunkBytes ?? CHUNK,
      kept: dialect.columns.map((c) => !keep || keep.has(c)),
      maxDistinct,
    },
    offset,
    size,
    skip,
    parts,
    (done) => progress.step(offset + done),
  );
  const why = firstFailure(results);
  if (why) return why;
  const merged = mergeColumns(results as ColumnsDone[], skip);
  let distinct = 0;
  for (const col of merged.data) distinct += col?.values.length ?? 0;
  if (distinct > maxDistinct) return 'columns with too many distinct values to hold in memory';
  progress.end();
  const read = { ...merged, header: results[0].ok ? results[0].header : undefined };
  if (read.rows <= 0) return 'no data rows';
  return {
    source: path,
    columns: dialect.columns,
    data: read.data,
    rows: read.rows,
    header: read.header,
    info: {
      path,
      format: 'csv',
      encoding,
      delimiter: dialect.delimiter,
      header: dialect.header,
      rows: read.rows,
    },
  };
}

/** The distinct tuples of some columns of a CSV file with their record counts (groupCsvRecords). */
export interface CsvGroups {
  /** The header record's cells. */
  readonly header: readonly string[];
  /** `columns[i][g]`: key column i of group g (an empty cell is ''), groups in order of first appearance. */
  readonly columns: readonly string[][];
  readonly counts: readonly number[];
}

/**
 * Count the records of each distinct tuple of the `keys` columns of a UTF-8 CSV file with a
 * header (the dialect given), read from disk by the byte scanner of csv-stream.ts (the rules of
 * readCsvInMemory's streamed reading; large files in several threads): no string per cell, one
 * lookup per record. Quoted fields are read too (not across line breaks): by whole lines when
 * the keys are every column, else cell by cell. Returns a reason instead when the file
 * breaks a rule or holds a quote it cannot read this way (the caller then reads it with
 * readCsvInMemory).
 */
export async function groupCsvRecords(
  path: string,
  opts: {
    delimiter: string;
    columns: readonly string[];
    keys: readonly string[];
    onProgress?: ProgressFn;
    progressStage?: string;
    /** As for readCsvInMemory (streamed files only; a file below streamMinBytes is one range). */
    streamParts?: number;
    streamMinBytes?: number;
    streamChunkBytes?: number;
  },
): Promise<CsvGroups | string> {
  const delimBytes = Buffer.from(opts.delimiter, 'utf8');
  if (delimBytes.length !== 1) return 'a multi-byte delimiter';
  const keys = opts.keys.map((k) => opts.columns.indexOf(k));
  if (keys.length === 0 || keys.some((k) => k < 0)) return 'no such columns';
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    return 'cannot read the file';
  }
  const parts =
    size > (opts.streamMinBytes ?? STREAM_CSV_MIN_BYTES)
      ? Math.max(1, opts.streamParts ?? defaultParts())
      : 1;
  const progress = loopProgress(opts.onProgress, opts.progressStage ?? 'read', size, 'bytes', 1);
  const results = await readRanges(
    {
      kind: 'groups',
      path,
      delimiter: delimBytes[0],
      n: opts.columns.length,
      chunk: opts.streamChunkBytes ?? CHUNK,
      keys,
    },
    0,
    size,
    1,
    parts,
    (done) => progress.step(done),
  );
  const why = firstFailure(results);
  if (why) return why;
  const done = results as GroupsDone[];
  const header = done[0].header;
  if (!header) return 'no header';
  const index = new Map<string, number>();
  const tuples: string[] = [];
  const counts: number[] = [];
  // Ranges that met a quote join their key cells by a line feed; the others' delimiters are
  // joints too (no quote, so no cell holds one): one joint for all.
  const lf = done.some((p) => p.lf === true);
  for (const p of done) {
    const rejoin = lf && p.lf !== true;
    for (let g = 0; g < p.keys.length; g++) {
      const k = rejoin ? p.keys[g].replaceAll(opts.delimiter, '\n') : p.keys[g];
      const at = index.get(k);
      if (at === undefined) {
        index.set(k, tuples.length);
        tuples.push(k);
        counts.push(p.counts[g]);
      } else counts[at] += p.counts[g];
    }
  }
  // A key is its cells as JSON, joined by a line feed (quoted cells, read without line breaks),
  // or joined by the delimiter when no cell can hold one (no quotes).
  const json = done[0].json === true;
  const joint = lf ? '\n' : opts.delimiter;
  const columns = keys.map(() => new Array<string>(tuples.length));
  for (let g = 0; g < tuples.length; g++) {
    const cells: string[] = json ? JSON.parse(tuples[g]) : tuples[g].split(joint);
    for (let i = 0; i < keys.length; i++) columns[i][g] = cells[i];
  }
  progress.end();
  return { header, columns, counts };
}
