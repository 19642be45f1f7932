import { isAscii, isUtf8 } from 'node:buffer';
import { open, readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { loopProgress, type ProgressFn } from '../progress.js';
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
  /** Smallest file streamed (default STREAM_CSV_MIN_BYTES) and the chunk read at a time: for tests. */
  streamMinBytes?: number;
  streamChunkBytes?: number;
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
  if (size > (opts.streamMinBytes ?? STREAM_CSV_MIN_BYTES)) {
    const streamed = await readLargeCsv(path, size, opts);
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

const QUOTE = 34;
const CHUNK = 8 * 1024 * 1024;
const MAX_RECORD_BYTES = 2_097_152 / 4;

/**
 * A dictionary of one column's distinct cells, looked up by their bytes: a cell becomes a string
 * only the first time it is seen, so reading allocates per distinct value, not per cell
 * (open addressing on an FNV-1a hash computed while the delimiters are scanned; bytes compared
 * on a hash match).
 */
class ByteDict {
  slots = new Int32Array(1024).fill(-1);
  hashes: Int32Array = new Int32Array(256);
  starts: Int32Array = new Int32Array(256);
  lens: Int32Array = new Int32Array(256);
  arena = new Uint8Array(4096);
  arenaUsed = 0;
  readonly values: (string | null)[] = [];

  code(buf: Uint8Array, s: number, e: number, ascii: boolean): number {
    const mask = this.slots.length - 1;
    const len = e - s;
    const h = cellHash(buf, s, e);
    for (let p = h & mask; ; p = (p + 1) & mask) {
      const c = this.slots[p];
      if (c < 0) return this.add(buf, s, e, h, p, ascii);
      if (this.hashes[c] !== h || this.lens[c] !== len) continue;
      const a = this.starts[c];
      let same = true;
      for (let k = 0; k < len; k++)
        if (this.arena[a + k] !== buf[s + k]) {
          same = false;
          break;
        }
      if (same) return c;
    }
  }

  private add(buf: Uint8Array, s: number, e: number, h: number, slot: number, ascii: boolean): number {
    const c = this.values.length;
    const len = e - s;
    if (c === this.hashes.length) {
      this.hashes = grow(this.hashes, c * 2);
      this.starts = grow(this.starts, c * 2);
      this.lens = grow(this.lens, c * 2);
    }
    if (this.arenaUsed + len > this.arena.length) {
      const a = new Uint8Array(Math.max(this.arena.length * 2, this.arenaUsed + len));
      a.set(this.arena.subarray(0, this.arenaUsed));
      this.arena = a;
    }
    this.arena.set(buf.subarray(s, e), this.arenaUsed);
    this.hashes[c] = h;
    this.starts[c] = this.arenaUsed;
    this.lens[c] = len;
    this.arenaUsed += len;
    this.slots[slot] = c;
    this.values.push(
      len === 0 ? null : Buffer.from(buf.buffer, buf.byteOffset + s, len).toString(ascii ? 'latin1' : 'utf8'),
    );
    if ((c + 1) * 2 > this.slots.length) this.rehash();
    return c;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = slots.length - 1;
    for (let c = 0; c < this.values.length; c++) {
      let p = this.hashes[c] & mask;
      while (slots[p] >= 0) p = (p + 1) & mask;
      slots[p] = c;
    }
    this.slots = slots;
  }
}

/**
 * A cell's hash: up to 12 bytes from three 4-byte windows (first, middle, last: every byte of a
 * cell of 12 bytes or less, the usual codes, dates and labels), FNV-1a over all bytes beyond.
 */
function cellHash(buf: Uint8Array, s: number, e: number): number {
  const len = e - s;
  if (len > 12) {
    let h = 0x811c9dc5 | 0;
    for (let k = s; k < e; k++) h = Math.imul(h ^ buf[k], 0x01000193);
    return h;
  }
  if (len === 0) return 0;
  if (len < 4) {
    let w = len;
    for (let k = s; k < e; k++) w = (w << 8) | buf[k];
    return Math.imul(w, 0x9e3779b1);
  }
  let h = Math.imul(word(buf, s) ^ len, 0x9e3779b1);
  h = Math.imul(h ^ word(buf, s + ((len - 4) >> 1)), 0x85ebca6b);
  h = Math.imul(h ^ word(buf, e - 4), 0xc2b2ae35);
  return h ^ (h >>> 15);
}

function word(buf: Uint8Array, at: number): number {
  return buf[at] | (buf[at + 1] << 8) | (buf[at + 2] << 16) | (buf[at + 3] << 24);
}

function grow(a: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(size);
  b.set(a);
  return b;
}

/**
 * The records of a quote-free UTF-8 CSV file, streamed from disk in 8 MiB chunks into
 * dictionary-encoded columns (typed codes, no string per cell), with the same meaning and the
 * same eligibility rules as readCsvInMemory's text path: exactly `n` fields per record, one kind
 * of line break (LF, or CR LF throughout), no blank line, at most one line break after the last
 * record, valid UTF-8 throughout, no record longer than the engine's line limit. Returns a
 * reason instead when the file breaks one of them or holds a quote character (quoted files are
 * read whole by the text path, or by the engine).
 */
async function readCsvStream(
  path: string,
  offset: number,
  size: number,
  delimiter: string,
  n: number,
  skip: number,
  kept: readonly boolean[],
  maxDistinct: number,
  chunk: number,
  onProgress?: ProgressFn,
  stage = 'read',
): Promise<{ data: (MemoryColumn | undefined)[]; rows: number; header?: string[] } | string> {
  const delimBytes = Buffer.from(delimiter, 'utf8');
  if (delimBytes.length !== 1) return 'a multi-byte delimiter';
  const DELIM = delimBytes[0];
  const dicts = kept.map((k) => (k ? new ByteDict() : undefined));
  let capacity = 1024;
  let codes = kept.map((k) => (k ? new Int32Array(capacity) : undefined));
  let record = 0; // records including the header
  let header: string[] | undefined;
  let crlf: boolean | undefined;
  let buf = Buffer.allocUnsafe(chunk + MAX_RECORD_BYTES + 2);
  let fill = 0;
  let pos = offset;
  let eof = false;
  const progress = loopProgress(onProgress, stage, size, 'bytes', 1);
  const fh = await open(path, 'r');
  const cellEnds = new Int32Array(n + 1);
  try {
    while (!eof || fill > 0) {
      if (!eof) {
        const { bytesRead } = await fh.read(buf, fill, Math.min(chunk, buf.length - fill), pos);
        pos += bytesRead;
        fill += bytesRead;
        if (bytesRead === 0 || pos >= size) eof = true;
      }
      // Complete records only: up to the last LF (at the end of the file, everything).
      let end = buf.lastIndexOf(LF, fill - 1);
      if (eof) end = fill - 1;
      else if (end < 0) {
        if (fill > MAX_RECORD_BYTES) return 'a record is longer than the engine line limit';
        continue;
      }
      const region = buf.subarray(0, end + 1);
      const ascii = isAscii(region);
      if (!ascii && !isUtf8(region)) return 'the file is not valid UTF-8 throughout';
      if (record === 0 && crlf === undefined) {
        const lf = region.indexOf(LF);
        crlf = lf > 0 && region[lf - 1] === CR;
      }
      // Quotes and stray CRs are found natively once per region, so the loop below looks at
      // delimiters and line feeds only.
      if (region.indexOf(QUOTE) >= 0) return 'quoted';
      let crs = 0;
      for (let k = region.indexOf(CR); k >= 0; k = region.indexOf(CR, k + 1)) crs++;
      let lfs = 0;
      // Records in this region.
      let start = 0;
      const stop = end + 1;
      while (start < stop) {
        // The final record of the file may have no line break.
        let y = 0;
        let i = start;
        let lineEnd = -1;
        for (; i < stop; i++) {
          const b = region[i];
          if (b === DELIM) {
            if (y >= n - 1) return `record ${record + 1} has more than ${n} fields`;
            cellEnds[y++] = i;
          } else if (b === LF) {
            lineEnd = i;
            break;
          }
        }
        if (lineEnd >= 0) {
          lfs++;
          if (crlf && region[lineEnd - 1] !== CR) return 'mixed line endings';
        }
        const textEnd = lineEnd < 0 ? stop : crlf ? lineEnd - 1 : lineEnd;
        cellEnds[y++] = textEnd;
        if (y !== n) return `record ${record + 1} has ${y} fields, expected ${n}`;
        if (textEnd - start > MAX_RECORD_BYTES) return 'a record is longer than the engine line limit';
        if (n === 1 && textEnd === start) return 'a one-column file with empty lines';
        if (record < skip) {
          header = [];
          let s = start;
          for (let c = 0; c < n; c++) {
            header.push(region.toString('utf8', s, cellEnds[c]));
            s = cellEnds[c] + 1;
          }
        } else {
          const r = record - skip;
          if (r === capacity) {
            capacity = Math.ceil(capacity * 1.6);
            codes = codes.map((c) => (c ? grow(c, capacity) : undefined));
          }
          let s = start;
          for (let c = 0; c < n; c++) {
            const d = dicts[c];
            if (d !== undefined) (codes[c] as Int32Array)[r] = d.code(region, s, cellEnds[c], ascii);
            s = cellEnds[c] + 1;
          }
        }
        record++;
        start = lineEnd < 0 ? stop : lineEnd + 1;
      }
      progress.step(pos - (fill - (end + 1)));
      // Every CR is the first half of a CR LF line break (CR LF files), or there is none.
      if (crs !== (crlf ? lfs : 0)) return 'mixed line endings';
      // Distinct values held, and where near-unique columns (a record id, a name) are heading:
      // such a file is left to the engine after its first chunk, not after reading most of it.
      const seen = record - skip;
      const expected = seen > 0 ? (seen * size) / Math.max(1, pos - (fill - (end + 1))) : 0;
      let distinct = 0;
      let projected = 0;
      for (const d of dicts) {
        const k = d?.values.length ?? 0;
        distinct += k;
        projected += seen >= 10_000 && k > seen / 2 ? (k * expected) / seen : k;
      }
      if (distinct > maxDistinct || projected > maxDistinct)
        return 'columns with too many distinct values to hold in memory';
      // Keep the incomplete tail for the next read.
      const rest = fill - (end + 1);
      if (rest > 0) buf.copy(buf, 0, end + 1, fill);
      fill = rest;
      if (eof && fill === 0) break;
      if (fill + chunk > buf.length) {
        const b = Buffer.allocUnsafe(fill + chunk);
        buf.copy(b, 0, 0, fill);
        buf = b;
      }
    }
  } finally {
    await fh.close();
  }
  progress.end();
  const rows = record - skip;
  return {
    data: codes.map((c, i) => (c ? { values: dicts[i]!.values, codes: c.subarray(0, rows) } : undefined)),
    rows,
    header,
  };
}

/**
 * A large file: encoding and dialect from its first MiB exactly as for a small one, then its
 * records streamed (readCsvStream). Returns a reason when it is not eligible ('quoted' when it
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
  const read = await readCsvStream(
    path,
    offset,
    size,
    dialect.delimiter,
    dialect.columns.length,
    dialect.header ? 1 : 0,
    dialect.columns.map((c) => !keep || keep.has(c)),
    opts.maxDistinct ?? STREAM_MAX_DISTINCT,
    opts.streamChunkBytes ?? CHUNK,
    opts.onProgress,
    opts.progressStage ?? 'read',
  );
  if (typeof read === 'string') return read;
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
