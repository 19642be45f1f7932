import { isAscii, isUtf8 } from 'node:buffer';
import { existsSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';

/**
 * The byte scanner of quote-free UTF-8 CSV files, run over byte ranges split at record
 * boundaries so that several threads read one file: the in-memory reader's columns
 * (csv-memory.ts) and the verifier's record groups (run/data-path/memory.ts) come from here.
 * This module imports nothing of the project, so a worker thread (csv-worker.ts) starts in a
 * few milliseconds.
 */

const LF = 10;
const CR = 13;
const QUOTE = 34;
/** DuckDB's max_line_size (2,097,152 bytes) over 4 bytes per UTF-8 character: see csv-memory.ts. */
const MAX_RECORD_BYTES = 2_097_152 / 4;

/** What one range is read for: dictionary-encoded columns, or record groups over some columns. */
export interface RangeTask {
  kind: 'columns' | 'groups';
  path: string;
  /** The range [start, end) of the file: `start` is a record's first byte. */
  start: number;
  end: number;
  /** The delimiter byte and the number of fields of every record. */
  delimiter: number;
  n: number;
  /** 1 when the range begins with the header record. */
  skip: number;
  /** Bytes read at a time. */
  chunk: number;
  /** 'columns': which columns are stored (the others are checked only). */
  kept?: boolean[];
  /** 'columns': largest number of distinct values (summed over columns) this range may hold. */
  maxDistinct?: number;
  /** 'columns': the bytes of all ranges (where the distinct values are projected). */
  fileBytes?: number;
  /** 'columns': bytes over which the records are counted to size the code arrays (see ColumnSink). */
  capacityBytes?: number;
  /** 'groups': the columns forming a group, in the caller's order (repeats allowed). */
  keys?: number[];
  /** Bytes done so far, written to `progress[slot]` after each chunk (shared between threads). */
  progress?: Float64Array;
  slot?: number;
}

/** Why a range cannot be read as the engine would; `record` counts from 0 at the range's start. */
interface RangeFailure {
  ok: false;
  why: string;
  record?: number;
}

interface RangeDone {
  ok: true;
  /** Records read, the header included. */
  records: number;
  /** Whether line breaks are CR LF (undefined when the range had no line feed). */
  crlf?: boolean;
  header?: string[];
}

export interface ColumnsDone extends RangeDone {
  kind: 'columns';
  /** Per column (undefined when not kept): distinct values in order of appearance, codes per record. */
  values: ((string | null)[] | undefined)[];
  codes: (Int32Array | undefined)[];
}

export interface GroupsDone extends RangeDone {
  kind: 'groups';
  /**
   * Per group, in order of first appearance: the key cells joined by the delimiter (or, when
   * `json`, as a JSON array), and its records.
   */
  keys: string[];
  json?: boolean;
  /** The key cells are joined by a line feed, not the delimiter (the range held quoted cells). */
  lf?: boolean;
  counts: Int32Array;
}

type RangeResult = ColumnsDone | GroupsDone | RangeFailure;

/**
 * A dictionary of byte strings (a column's cells, or a record's key cells), looked up by their
 * bytes: a cell becomes a string only the first time it is seen, so reading allocates per
 * distinct value, not per cell (open addressing on a hash of the bytes; bytes compared on a
 * hash match).
 */
class ByteDict {
  slots = new Int32Array(1024).fill(-1);
  hashes: Int32Array = new Int32Array(256);
  starts: Int32Array = new Int32Array(256);
  lens: Int32Array = new Int32Array(256);
  arena = new Uint8Array(4096);
  arenaUsed = 0;
  size = 0;

  /** The entry of bytes buf[s, e) with hash h, or -1 - (slot to add it at). */
  find(buf: Uint8Array, s: number, e: number, h: number): number {
    const slots = this.slots;
    const hashes = this.hashes;
    const lens = this.lens;
    const arena = this.arena;
    const mask = slots.length - 1;
    const len = e - s;
    for (let p = h & mask; ; p = (p + 1) & mask) {
      const c = slots[p];
      if (c < 0) return -1 - p;
      if (hashes[c] !== h || lens[c] !== len) continue;
      const d = this.starts[c] - s;
      let k = s;
      while (k < e && arena[d + k] === buf[k]) k++;
      if (k === e) return c;
    }
  }

  /** Add bytes buf[s, e) at `slot` (from `find`); returns the new entry. */
  add(buf: Uint8Array, s: number, e: number, h: number, slot: number): number {
    const c = this.size++;
    const len = e - s;
    if (c === this.hashes.length) {
      this.hashes = grow(this.hashes, c * 2);
      this.starts = grow(this.starts, c * 2);
      this.lens = grow(this.lens, c * 2);
    }
    this.reserve(len);
    this.arena.set(buf.subarray(s, e), this.arenaUsed);
    this.hashes[c] = h;
    this.starts[c] = this.arenaUsed;
    this.lens[c] = len;
    this.arenaUsed += len;
    this.slots[slot] = c;
    if ((c + 1) * 2 > this.slots.length) this.rehash();
    return c;
  }

  reserve(len: number): void {
    if (this.arenaUsed + len <= this.arena.length) return;
    const a = new Uint8Array(Math.max(this.arena.length * 2, this.arenaUsed + len));
    a.set(this.arena.subarray(0, this.arenaUsed));
    this.arena = a;
  }

  text(c: number, ascii: boolean): string {
    const a = this.arena;
    return Buffer.from(a.buffer, a.byteOffset + this.starts[c], this.lens[c]).toString(
      ascii ? 'latin1' : 'utf8',
    );
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = slots.length - 1;
    for (let c = 0; c < this.size; c++) {
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
  b.set(a.subarray(0, Math.min(a.length, size)));
  return b;
}

/** What is done with each data record of a range. */
interface Sink {
  /**
   * Record `r` (0 = the first data record of the range): its cells end at cellEnds[0..n).
   * `quoted[c]`, when given, is 1 for a cell enclosed in quotes, 2 when it also holds doubled
   * quotes ("" for "), 0 for a plain cell.
   */
  record(
    region: Uint8Array,
    start: number,
    cellEnds: Int32Array,
    ascii: boolean,
    r: number,
    quoted?: Uint8Array,
  ): void;
  /** After each chunk: records so far and bytes consumed; a reason to stop, or undefined. */
  chunkDone(rows: number, bytes: number): string | undefined;
}

/**
 * Dictionary-encodes the kept columns. The code arrays are sized from the records per byte of
 * the first chunk over `capacityBytes` (the range, or the whole file for the range whose arrays
 * become the table's), so they are rarely copied while growing.
 */
class ColumnSink implements Sink {
  readonly dicts: (ByteDict | undefined)[];
  readonly values: (string | null)[][];
  codes: (Int32Array | undefined)[];
  capacity = 1024;
  private sized = false;
  constructor(
    kept: readonly boolean[],
    private readonly maxDistinct: number,
    private readonly fileBytes: number,
    private readonly capacityBytes: number,
  ) {
    this.dicts = kept.map((k) => (k ? new ByteDict() : undefined));
    this.values = kept.map(() => []);
    this.codes = kept.map((k) => (k ? new Int32Array(this.capacity) : undefined));
    // The kept columns' numbers, dictionaries and codes in dense arrays for the per-cell loop.
    this.kept = kept.flatMap((k, c) => (k ? [c] : []));
    this.keptDicts = this.kept.map((c) => this.dicts[c] as ByteDict);
    this.keptCodes = this.kept.map((c) => this.codes[c] as Int32Array);
  }
  private readonly kept: number[];
  private readonly keptDicts: ByteDict[];
  private keptCodes: Int32Array[];
  record(region: Uint8Array, start: number, cellEnds: Int32Array, ascii: boolean, r: number): void {
    if (r >= this.capacity) this.resize(Math.ceil(this.capacity * 1.6));
    const kept = this.kept;
    const dicts = this.keptDicts;
    const codes = this.keptCodes;
    for (let i = 0; i < kept.length; i++) {
      const c = kept[i];
      const s = c === 0 ? start : cellEnds[c - 1] + 1;
      const e = cellEnds[c];
      const d = dicts[i];
      const h = cellHash(region, s, e);
      let code = d.find(region, s, e, h);
      if (code < 0) {
        code = d.add(region, s, e, h, -1 - code);
        this.values[c].push(
          e === s
            ? null
            : Buffer.from(region.buffer, region.byteOffset + s, e - s).toString(ascii ? 'latin1' : 'utf8'),
        );
      }
      codes[i][r] = code;
    }
  }
  private resize(capacity: number): void {
    this.capacity = capacity;
    this.codes = this.codes.map((c) => (c ? grow(c, capacity) : undefined));
    this.keptCodes = this.kept.map((c) => this.codes[c] as Int32Array);
  }
  chunkDone(rows: number, bytes: number): string | undefined {
    if (!this.sized && rows >= 1000 && bytes > 0) {
      this.sized = true;
      const expected = Math.ceil(((rows / bytes) * this.capacityBytes * 21) / 20) + 1024;
      if (expected > this.capacity) this.resize(expected);
    }
    // Distinct values held, and where near-unique columns (a record id, a name) are heading over
    // the whole file (the other ranges hold as many new ones): such a file is left to the engine
    // after its first chunk, not after reading most of it.
    const expected = rows > 0 ? (rows * this.fileBytes) / Math.max(1, bytes) : 0;
    let distinct = 0;
    let projected = 0;
    for (const d of this.dicts) {
      const k = d?.size ?? 0;
      distinct += k;
      projected += rows >= 10_000 && k > rows / 2 ? (k * expected) / rows : k;
    }
    if (distinct > this.maxDistinct || projected > this.maxDistinct)
      return 'columns with too many distinct values to hold in memory';
    return undefined;
  }
}

/**
 * Counts the records of each distinct tuple of key cells (the verifier's groups): one hash and
 * one lookup per record over the key cells' bytes, a string only per group.
 *
 * A key's bytes are its cells joined by the delimiter while no cell can hold one. From the
 * first chunk with a quote on (a quoted cell may hold the delimiter: "[75, 80)"), they are the
 * cells' values, unquoted, joined by a line feed, which no cell holds here (a quoted line break
 * is left to the text path). A key's hash and length do not depend on the joining byte, so the
 * keys already counted switch by rewriting their delimiters in place.
 */
class GroupSink implements Sink {
  readonly dict = new ByteDict();
  counts = new Int32Array(1024);
  private scratch = new Uint8Array(256);
  /** Keys are joined by a line feed (see above). */
  lf = false;
  constructor(
    private readonly keys: readonly number[],
    private readonly delimiter: number,
  ) {}
  /** Switch to keys joined by a line feed: every delimiter byte held so far is a joint. */
  joinByLineFeed(): void {
    if (this.lf) return;
    this.lf = true;
    const a = this.dict.arena;
    const used = this.dict.arenaUsed;
    const d = this.delimiter;
    for (let k = a.indexOf(d); k >= 0 && k < used; k = a.indexOf(d, k + 1)) a[k] = LF;
  }
  record(
    region: Uint8Array,
    start: number,
    cellEnds: Int32Array,
    _ascii: boolean,
    _r: number,
    quoted?: Uint8Array,
  ): void {
    if (this.lf) {
      this.recordValues(region, start, cellEnds, quoted);
      return;
    }
    const keys = this.keys;
    // The key's bytes: its cells joined by the delimiter (no cell holds one: no quotes here).
    // When the key is one run of adjacent cells in file order, those bytes are in the record.
    let h = 0x2545f491;
    let len = keys.length - 1;
    let adjacent = true;
    for (let i = 0; i < keys.length; i++) {
      const c = keys[i];
      const s = c === 0 ? start : cellEnds[c - 1] + 1;
      const e = cellEnds[c];
      h = Math.imul(h ^ cellHash(region, s, e), 0x01000193) ^ (e - s);
      len += e - s;
      if (i > 0 && c !== keys[i - 1] + 1) adjacent = false;
    }
    let buf: Uint8Array = region;
    let s0: number;
    if (adjacent) {
      const c = keys[0];
      s0 = c === 0 ? start : cellEnds[c - 1] + 1;
    } else {
      if (this.scratch.length < len) this.scratch = new Uint8Array(len * 2);
      buf = this.scratch;
      s0 = 0;
      let p = 0;
      for (let i = 0; i < keys.length; i++) {
        const c = keys[i];
        const s = c === 0 ? start : cellEnds[c - 1] + 1;
        const e = cellEnds[c];
        if (i > 0) buf[p++] = this.delimiter;
        for (let k = s; k < e; k++) buf[p++] = region[k];
      }
    }
    this.count(buf, s0, len, h);
  }

  private count(buf: Uint8Array, s0: number, len: number, h: number): void {
    const d = this.dict;
    let g = d.find(buf, s0, s0 + len, h);
    if (g < 0) {
      g = d.add(buf, s0, s0 + len, h, -1 - g);
      if (g === this.counts.length) this.counts = grow(this.counts, g * 2);
    }
    this.counts[g]++;
  }

  /** A key of the cells' values joined by a line feed, hashed as in `record`. */
  private recordValues(region: Uint8Array, start: number, cellEnds: Int32Array, quoted?: Uint8Array): void {
    const keys = this.keys;
    let need = keys.length;
    for (let i = 0; i < keys.length; i++) {
      const c = keys[i];
      need += cellEnds[c] - (c === 0 ? start : cellEnds[c - 1] + 1);
    }
    if (this.scratch.length < need) this.scratch = new Uint8Array(need * 2);
    const buf = this.scratch;
    let h = 0x2545f491;
    let p = 0;
    for (let i = 0; i < keys.length; i++) {
      const c = keys[i];
      let s = c === 0 ? start : cellEnds[c - 1] + 1;
      let e = cellEnds[c];
      const q = quoted ? quoted[c] : 0;
      if (i > 0) buf[p++] = LF;
      const p0 = p;
      if (q !== 0) {
        s++;
        e--;
      }
      if (q === 2) {
        // "" stands for one quote inside a quoted cell.
        for (let k = s; k < e; k++) {
          buf[p++] = region[k];
          if (region[k] === QUOTE) k++;
        }
      } else for (let k = s; k < e; k++) buf[p++] = region[k];
      h = Math.imul(h ^ cellHash(buf, p0, p), 0x01000193) ^ (p - p0);
    }
    this.count(buf, 0, p, h);
  }

  chunkDone(): string | undefined {
    return undefined;
  }
}

/**
 * Groups when every column is in the key: records are grouped by their whole line, found by the
 * engine's own string search and hashed by its Map (native code, no loop over bytes here), and
 * only the first record of each distinct line is split and checked (identical bytes, identical
 * fields). The checks are readRange's, in the same order for that record.
 */
class LineGroups {
  private readonly index = new Map<string, number>();
  /** Groups by their cells (two lines may differ only in optional quotes). */
  private readonly byKey = new Map<string, number>();
  /** Per group, the key cells as a JSON array (a quoted cell may hold the delimiter). */
  readonly keys: string[] = [];
  counts = new Int32Array(1024);
  /** The CSV parser, loaded by readRange once a region holds a quote. */
  parser: typeof import('csv-simple-parser').default | undefined;
  constructor(
    private readonly order: readonly number[],
    private readonly n: number,
    private readonly delimiter: string,
  ) {}

  /**
   * The fields of one line with quotes, read by csv-simple-parser in strict mode; undefined when
   * the line is not whole records of whole quoted or unquoted fields. As in csv-memory.ts's
   * parseQuoted, every character must be accounted for (the parser skips text after a closing
   * quote silently). A quoted field with a line break leaves an odd number of quotes on its
   * line: refused here, so the caller reads such a file with the text path.
   */
  private splitQuoted(content: string): string[] | undefined {
    const parse = this.parser;
    if (!parse) return undefined;
    const cells: string[] = [];
    let chars = 0;
    let records = 0;
    try {
      parse(content, {
        delimiter: this.delimiter,
        quote: '"',
        optimistic: false,
        infer: (v: string, x: number, _y: number, quoted: boolean): undefined => {
          records = Math.max(records, x + 1);
          cells.push(v);
          chars += v.length;
          if (quoted) {
            chars += 2;
            for (let i = v.indexOf('"'); i >= 0; i = v.indexOf('"', i + 1)) chars++;
          }
          return undefined;
        },
      });
    } catch {
      return undefined;
    }
    if (records !== 1 || chars + cells.length - 1 !== content.length) return undefined;
    return cells;
  }

  region(
    region: Buffer,
    ascii: boolean,
    crlf: boolean,
    first: number,
    skip: number,
  ): RangeFailure | { ok: true; records: number; lfs: number; header?: string[] } {
    const text = region.toString(ascii ? 'latin1' : 'utf8');
    const n = this.n;
    let record = first;
    let lfs = 0;
    let header: string[] | undefined;
    for (let p = 0; p < text.length; record++) {
      const lf = text.indexOf('\n', p);
      const lineEnd = lf < 0 ? text.length : lf;
      // A CR LF file's last record may lack its line break: it is grouped with its equals.
      let line = text.slice(p, lineEnd);
      if (lf >= 0) lfs++;
      else if (crlf) line += '\r';
      p = lineEnd + 1;
      let g = record < skip ? undefined : this.index.get(line);
      if (g === undefined) {
        if (crlf && lf >= 0 && line.charCodeAt(line.length - 1) !== CR)
          return { ok: false, why: 'mixed line endings' };
        const content = crlf ? line.slice(0, -1) : line;
        let cells: string[];
        if (content.indexOf('"') < 0) cells = content.split(this.delimiter);
        else {
          const quoted = this.splitQuoted(content);
          if (!quoted) return { ok: false, why: 'quoted' };
          cells = quoted;
        }
        if (cells.length > n) return { ok: false, why: `has more than ${n} fields`, record };
        if (cells.length !== n)
          return { ok: false, why: `has ${cells.length} fields, expected ${n}`, record };
        if ((ascii ? content.length : Buffer.byteLength(content)) > MAX_RECORD_BYTES)
          return { ok: false, why: 'a record is longer than the engine line limit' };
        if (n === 1 && content === '') return { ok: false, why: 'a one-column file with empty lines' };
        if (record < skip) {
          header = cells;
          continue;
        }
        const key = JSON.stringify(this.order.map((c) => cells[c]));
        g = this.byKey.get(key);
        if (g === undefined) {
          g = this.keys.length;
          // Splitting and keying a line costs microseconds: with mostly distinct lines (a column
          // of near-unique values in the key) the whole-text reading is faster; the caller takes it.
          if (g >= 2_000 && g * 4 > record) return { ok: false, why: 'mostly distinct records' };
          this.byKey.set(key, g);
          this.keys.push(key);
          if (g === this.counts.length) this.counts = grow(this.counts, g * 2);
        }
        // A copy: the slice would keep the whole region's text alive for as long as the Map.
        this.index.set(Buffer.from(line, 'utf8').toString('utf8'), g);
      }
      this.counts[g]++;
    }
    return { ok: true, records: record, lfs, header };
  }
}

/**
 * Read the records of [task.start, task.end), streamed in chunks, with the rules of the engine's
 * reading that csv-memory.ts states: exactly `n` fields per record, one kind of line break (LF,
 * or CR LF throughout), no blank line, at most one line break after the last record, valid UTF-8
 * throughout, no record longer than the engine's line limit. A quote character anywhere gives
 * the failure 'quoted' (such files are read whole by the text path, or by the engine).
 */
export async function readRange(task: RangeTask, onChunk?: () => void): Promise<RangeResult> {
  const { path, start: offset, end: size, n, skip, chunk } = task;
  const DELIM = task.delimiter;
  const sink: ColumnSink | GroupSink =
    task.kind === 'columns'
      ? new ColumnSink(
          task.kept ?? [],
          task.maxDistinct ?? Number.POSITIVE_INFINITY,
          task.fileBytes ?? size - offset,
          task.capacityBytes ?? size - offset,
        )
      : new GroupSink(task.keys ?? [], DELIM);
  const fail = (why: string, record?: number): RangeFailure => ({ ok: false, why, record });
  const above = Math.max(DELIM, LF);
  // Groups over every column are the distinct records: grouped by their whole line.
  const keyed = new Set(task.keys ?? []);
  const lines =
    task.kind === 'groups' && keyed.size === n && [...keyed].every((k) => k >= 0 && k < n)
      ? new LineGroups(task.keys ?? [], n, String.fromCharCode(DELIM))
      : undefined;
  let record = 0; // records including the header
  let header: string[] | undefined;
  let crlf: boolean | undefined;
  let sawLf = false;
  let buf = Buffer.allocUnsafe(chunk + MAX_RECORD_BYTES + 2);
  let fill = 0;
  let pos = offset;
  let eof = false;
  const fh = await open(path, 'r');
  const cellEnds = new Int32Array(n + 1);
  const quotes = new Uint8Array(n + 1);
  try {
    while (!eof || fill > 0) {
      if (!eof) {
        const { bytesRead } = await fh.read(buf, fill, Math.min(chunk, buf.length - fill, size - pos), pos);
        pos += bytesRead;
        fill += bytesRead;
        if (bytesRead === 0 || pos >= size) eof = true;
      }
      // Complete records only: up to the last LF (at the end of the range, everything).
      let end = buf.lastIndexOf(LF, fill - 1);
      if (eof) end = fill - 1;
      else if (end < 0) {
        if (fill > MAX_RECORD_BYTES) return fail('a record is longer than the engine line limit');
        continue;
      }
      const region = buf.subarray(0, end + 1);
      const ascii = isAscii(region);
      if (!ascii && !isUtf8(region)) return fail('the file is not valid UTF-8 throughout');
      if (record === 0 && crlf === undefined) {
        const lf = region.indexOf(LF);
        crlf = lf > 0 && region[lf - 1] === CR;
        sawLf = lf >= 0;
      }
      // Quotes and stray CRs are found natively once per region, so the loop below looks at
      // delimiters and line feeds only.
      let quotedRegion = false;
      if (region.indexOf(QUOTE) >= 0) {
        // Whole lines are grouped with their quotes, and other groups read quoted cells below;
        // columns leave quoted files to the text path.
        if (lines) lines.parser ??= (await import('csv-simple-parser')).default;
        else if (sink instanceof GroupSink) {
          sink.joinByLineFeed();
          quotedRegion = true;
        } else return fail('quoted');
      }
      let crs = 0;
      for (let k = region.indexOf(CR); k >= 0; k = region.indexOf(CR, k + 1)) crs++;
      let lfs = 0;
      let start = 0;
      const stop = end + 1;
      if (lines) {
        const r = lines.region(region, ascii, crlf === true, record, skip);
        if (!r.ok) return r;
        if (r.header) header = r.header;
        lfs = r.lfs;
        record = r.records;
        start = stop;
      }
      while (start < stop) {
        // The final record of the file may have no line break.
        let y = 0;
        let i = start;
        let lineEnd = -1;
        let anyQuoted = false;
        if (quotedRegion) {
          const r = scanQuoted(region, start, stop, DELIM, n, cellEnds, quotes);
          // 'quoted' is a reason for the whole file (the caller reads it otherwise), not a record's.
          if (typeof r === 'string') return r === 'quoted' ? fail(r) : fail(r, record);
          y = r.fields;
          lineEnd = r.lineEnd;
          anyQuoted = r.quoted;
          i = stop;
        }
        for (; i < stop; i++) {
          const b = region[i];
          // Most bytes (letters, digits, UTF-8 continuation bytes) are above both: one test each.
          if (b > above) continue;
          if (b === DELIM) {
            if (y >= n - 1) return fail(`has more than ${n} fields`, record);
            cellEnds[y++] = i;
          } else if (b === LF) {
            lineEnd = i;
            break;
          }
        }
        if (lineEnd >= 0) {
          lfs++;
          if (crlf && region[lineEnd - 1] !== CR) return fail('mixed line endings');
        }
        const textEnd = lineEnd < 0 ? stop : crlf ? lineEnd - 1 : lineEnd;
        cellEnds[y++] = textEnd;
        if (y !== n) return fail(`has ${y} fields, expected ${n}`, record);
        if (textEnd - start > MAX_RECORD_BYTES) return fail('a record is longer than the engine line limit');
        if (n === 1 && textEnd === start) return fail('a one-column file with empty lines');
        if (record < skip) {
          header = [];
          let s = start;
          for (let c = 0; c < n; c++) {
            header.push(
              anyQuoted && quotes[c] !== 0
                ? region.toString('utf8', s + 1, cellEnds[c] - 1).replaceAll('""', '"')
                : region.toString('utf8', s, cellEnds[c]),
            );
            s = cellEnds[c] + 1;
          }
        } else sink.record(region, start, cellEnds, ascii, record - skip, anyQuoted ? quotes : undefined);
        record++;
        start = lineEnd < 0 ? stop : lineEnd + 1;
      }
      const consumed = pos - (fill - (end + 1));
      if (task.progress) task.progress[task.slot ?? 0] = consumed - offset;
      onChunk?.();
      // Every CR is the first half of a CR LF line break (CR LF files), or there is none.
      if (crs !== (crlf ? lfs : 0)) return fail('mixed line endings');
      const stopWhy = sink.chunkDone(record - skip, consumed - offset);
      if (stopWhy) return fail(stopWhy);
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
  const rows = record - skip;
  const done = { ok: true as const, records: record, crlf: sawLf ? crlf : undefined, header };
  if (sink instanceof ColumnSink)
    return {
      ...done,
      kind: 'columns',
      values: sink.values.map((v, c) => (sink.dicts[c] ? v : undefined)),
      codes: sink.codes.map((c) => c?.subarray(0, rows)),
    };
  if (lines)
    return {
      ...done,
      kind: 'groups',
      keys: lines.keys,
      json: true,
      counts: lines.counts.subarray(0, lines.keys.length),
    };
  const keys: string[] = new Array(sink.dict.size);
  for (let g = 0; g < sink.dict.size; g++) keys[g] = sink.dict.text(g, false);
  return {
    ...done,
    kind: 'groups',
    keys,
    lf: sink.lf || undefined,
    counts: sink.counts.subarray(0, sink.dict.size),
  };
}

/**
 * One record of a region holding quotes, from its first byte `start`: the ends of its fields
 * in cellEnds (a quoted field ends after its closing quote), which fields are quoted in
 * `quotes` (2: with doubled quotes), and the record's line feed (-1: the region's end). The
 * reading is RFC 4180's as the engine's strict mode applies it; what this scanner does not
 * read the same way (a quote inside an unquoted field, text after a closing quote, a line
 * break inside quotes, a quote never closed) is refused with 'quoted': the caller then reads
 * the file with the text path, which accepts or rejects it as the engine would.
 */
function scanQuoted(
  region: Uint8Array,
  start: number,
  stop: number,
  delimiter: number,
  n: number,
  cellEnds: Int32Array,
  quotes: Uint8Array,
): { fields: number; lineEnd: number; quoted: boolean } | string {
  let y = 0;
  let fieldStart = start;
  let quoted = false;
  quotes.fill(0);
  let i = start;
  while (i < stop) {
    const b = region[i];
    if (b === QUOTE) {
      if (i !== fieldStart) return 'quoted';
      let k = i + 1;
      let doubled = false;
      for (;;) {
        if (k >= stop) return 'quoted';
        const c = region[k];
        if (c === QUOTE) {
          if (k + 1 < stop && region[k + 1] === QUOTE) {
            doubled = true;
            k += 2;
            continue;
          }
          break;
        }
        if (c === LF || c === CR) return 'quoted';
        k++;
      }
      quotes[y] = doubled ? 2 : 1;
      quoted = true;
      i = k + 1;
      if (i < stop) {
        const c = region[i];
        if (c !== delimiter && c !== LF && c !== CR) return 'quoted';
      }
      continue;
    }
    if (b === delimiter) {
      if (y >= n - 1) return `has more than ${n} fields`;
      cellEnds[y++] = i;
      fieldStart = i + 1;
    } else if (b === LF) return { fields: y, lineEnd: i, quoted };
    i++;
  }
  return { fields: y, lineEnd: -1, quoted };
}

/**
 * Record boundaries splitting [start, end) into at most `parts` ranges of about equal size: each
 * cut is just after the first line feed at or beyond its nominal place (a UTF-8 character never
 * spans a cut). Fewer ranges when a cut finds no line feed.
 */
async function cuts(path: string, start: number, end: number, parts: number): Promise<number[]> {
  const at = [start];
  const fh = await open(path, 'r');
  try {
    const probe = Buffer.allocUnsafe(64 * 1024);
    for (let p = 1; p < parts; p++) {
      let from = Math.max(at[at.length - 1], start + Math.floor(((end - start) * p) / parts));
      let cut = -1;
      while (cut < 0 && from < end) {
        const { bytesRead } = await fh.read(probe, 0, Math.min(probe.length, end - from), from);
        if (bytesRead === 0) break;
        const lf = probe.subarray(0, bytesRead).indexOf(LF);
        if (lf >= 0) cut = from + lf + 1;
        else from += bytesRead;
      }
      if (cut > at[at.length - 1] && cut < end) at.push(cut);
    }
  } finally {
    await fh.close();
  }
  at.push(end);
  return at;
}

/** Ranges read at once: the cores, at most 4 (reading is memory-bound beyond that). */
export function defaultParts(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

/** The worker script beside this module, when it exists (not when running from the TypeScript sources). */
const WORKER_URL = new URL('./csv-worker.js', import.meta.url);
const workerScript = (() => {
  try {
    const p = fileURLToPath(WORKER_URL);
    return p.endsWith('.js') && existsSync(p) ? p : undefined;
  } catch {
    return undefined;
  }
})();

/**
 * Threads kept for the life of the process (reading, then the verifier's re-read): unreferenced
 * while idle so they never keep the process alive.
 */
const idle: Worker[] = [];

async function inWorker(task: RangeTask): Promise<RangeResult> {
  const { Worker } = await import('node:worker_threads');
  const w = idle.pop() ?? new Worker(workerScript as string);
  w.ref();
  let reusable = false;
  try {
    const result = await new Promise<RangeResult>((resolve, reject) => {
      const done = () => {
        w.off('message', onMessage);
        w.off('error', onError);
        w.off('exit', onExit);
      };
      const onError = (e: Error) => {
        done();
        reject(e);
      };
      const onExit = () => {
        done();
        reject(new Error('the reading thread stopped'));
      };
      const onMessage = (m: { result?: RangeResult; error?: string }) => {
        done();
        if (m.result) resolve(m.result);
        else reject(new Error(m.error ?? 'the reading thread failed'));
      };
      w.on('message', onMessage);
      w.on('error', onError);
      w.on('exit', onExit);
      w.postMessage(task);
    });
    reusable = true;
    return result;
  } finally {
    // Only a thread that answered goes back to the pool; any other is stopped.
    if (reusable) {
      w.unref();
      idle.push(w);
    } else void w.terminate();
  }
}

/** The transferable buffers of a result (its code arrays), so a worker hands them over without a copy. */
export function transferables(r: RangeResult): ArrayBuffer[] {
  if (!r.ok) return [];
  if (r.kind === 'groups') return [r.counts.buffer as ArrayBuffer];
  const out: ArrayBuffer[] = [];
  for (const c of r.codes) if (c && !out.includes(c.buffer as ArrayBuffer)) out.push(c.buffer as ArrayBuffer);
  return out;
}

/**
 * Read a file's [start, end) as `parts` ranges at once: the first in this thread, the others in
 * worker threads (in this thread one after the other when the worker script is not built, as
 * under the test runner, so the splitting and merging are the same code either way). Progress is
 * the bytes done over all ranges, reported about four times a second.
 */
export async function readRanges(
  base: Omit<RangeTask, 'start' | 'end' | 'skip' | 'progress' | 'slot'>,
  start: number,
  end: number,
  skip: number,
  parts: number,
  onBytes?: (done: number) => void,
): Promise<RangeResult[]> {
  const at = parts > 1 ? await cuts(base.path, start, end, parts) : [start, end];
  const k = at.length - 1;
  const progress = new Float64Array(new SharedArrayBuffer(8 * k));
  const tasks: RangeTask[] = Array.from({ length: k }, (_, i) => ({
    ...base,
    start: at[i],
    end: at[i + 1],
    skip: i === 0 ? skip : 0,
    fileBytes: end - start,
    progress,
    slot: i,
    // The first range's arrays become the table's: sized for the whole file.
    capacityBytes: i === 0 ? end - start : at[i + 1] - at[i],
  }));
  const report = onBytes
    ? () => {
        let s = 0;
        for (const b of progress) s += b;
        onBytes(s);
      }
    : undefined;
  const timer = report && k > 1 ? setInterval(report, 250) : undefined;
  try {
    if (k === 1 || !workerScript) {
      const out: RangeResult[] = [];
      for (const t of tasks) {
        const r = await readRange(t, report);
        out.push(r);
        if (!r.ok) break;
      }
      return out;
    }
    // A thread that cannot start or fails is replaced by reading its range here (a file error
    // then surfaces as it would without threads).
    const others = tasks.slice(1).map((t) => inWorker(t).catch(() => readRange(t, report)));
    // A rejected worker promise is awaited below; mark it handled meanwhile.
    for (const o of others) o.catch(() => {});
    const first = await readRange(tasks[0], report);
    return [first, ...(await Promise.all(others))];
  } finally {
    if (timer) clearInterval(timer);
  }
}

/**
 * The first failure of the ranges, with its record numbered from the start of the file; also a
 * failure when the ranges disagree on the kind of line break.
 */
export function firstFailure(results: readonly RangeResult[]): string | undefined {
  let before = 0;
  let crlf: boolean | undefined;
  for (const r of results) {
    if (!r.ok) return r.record === undefined ? r.why : `record ${before + r.record + 1} ${r.why}`;
    if (r.crlf !== undefined) {
      if (crlf !== undefined && crlf !== r.crlf) return 'mixed line endings';
      crlf = r.crlf;
    }
    before += r.records;
  }
  return undefined;
}
