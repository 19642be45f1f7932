import { access, constants, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import type { Engine, Relation } from '../engine/engine.js';
import { WumingError } from '../errors.js';
import { type ProgressFn, pollStage } from '../progress.js';
import { ENGINE_DEFAULT_LINE_BYTES, locateCsvProblem, MAX_RECORD_BYTES } from './csv-locate.js';
import { sniffDialect } from './dialect.js';
import { decodeHead, detectEncoding, type Encoding, readHead, transcodeToUtf8 } from './encoding.js';
import { isExcelPath, readExcel } from './excel.js';

export type SourceFormat = 'csv' | 'parquet' | 'json' | 'xlsx';

export interface ReadOptions {
  format?: SourceFormat;
  /** CSV delimiter; sniffed when absent. */
  delimiter?: string;
  /** Whether the CSV has a header row; sniffed when absent. */
  header?: boolean;
  /** Name of the table created in the engine (default src_N). */
  name?: string;
  /** Create a view over the file instead of loading a table (Parquet/JSON only). */
  view?: boolean;
  /** 'read' events in bytes of the file, polled from the engine while it loads the file. */
  onProgress?: ProgressFn;
}

/** What was detected about a source, for reports and error messages. */
export interface SourceInfo {
  path: string;
  format: SourceFormat;
  encoding?: Encoding;
  delimiter?: string;
  header?: boolean;
  rows: number;
}

export interface LoadedSource extends Relation {
  readonly info: SourceInfo;
}

let counter = 0;

/**
 * Stat an input file; a directory, FIFO, device, unreadable file or missing file is an error that
 * says which (a directory or FIFO used to be "no such file", permission denied an internal error).
 */
export async function inputStat(path: string): Promise<{ size: number }> {
  const bad = (code: string, why: string) =>
    new WumingError(code, `cannot read input: ${why}`, { kind: 'io', location: { file: path } });
  let s: Awaited<ReturnType<typeof stat>>;
  try {
    s = await stat(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') throw bad('INPUT_PERMISSION', 'permission denied');
    throw bad('INPUT_NOT_FOUND', 'no such file');
  }
  if (s.isDirectory()) throw bad('INPUT_IS_DIRECTORY', 'it is a directory, not a file');
  if (!s.isFile()) throw bad('INPUT_NOT_A_FILE', 'it is not a regular file (a FIFO, socket or device)');
  try {
    await access(path, constants.R_OK);
  } catch {
    throw bad('INPUT_PERMISSION', 'permission denied');
  }
  return { size: s.size };
}

export function formatOf(path: string): SourceFormat {
  if (isExcelPath(path) || /\.xls$/i.test(path)) return 'xlsx';
  const ext = extname(path).toLowerCase();
  if (ext === '.parquet' || ext === '.pq') return 'parquet';
  if (ext === '.json' || ext === '.ndjson' || ext === '.jsonl') return 'json';
  return 'csv';
}

/**
 * Load a file into the engine as a relation. CSV columns are all read as text (VARCHAR) so
 * identifiers keep their leading zeros and exact spelling ("convert, never mangle"); typed
 * interpretation is the job of the hierarchy or operator that needs it.
 */
export async function readSource(
  engine: Engine,
  path: string,
  opts: ReadOptions = {},
): Promise<LoadedSource> {
  if (!opts.onProgress || (opts.format ?? formatOf(path)) === 'xlsx') return loadSource(engine, path, opts);
  const size = (await inputStat(path)).size;
  const watch = pollStage(opts.onProgress, 'read', size, 'bytes', () =>
    engine.progress ? (engine.progress() ?? Number.NaN) * size : undefined,
  );
  const r = await loadSource(engine, path, opts, size);
  watch.end();
  return r;
}

async function loadSource(
  engine: Engine,
  path: string,
  opts: ReadOptions,
  knownSize?: number,
): Promise<LoadedSource> {
  if ((opts.format ?? formatOf(path)) === 'xlsx') return readExcelSource(engine, path, opts);
  const size = knownSize ?? (await inputStat(path)).size;
  const format = opts.format ?? formatOf(path);
  const name = opts.name ?? `src_${++counter}`;
  const d = engine.dialect;

  if (size === 0) throw new WumingError('EMPTY_FILE', 'the file is empty', { location: { file: path } });

  if (format === 'parquet' || format === 'json') {
    let rel: Relation;
    try {
      rel = await engine.materialize(name, `SELECT * FROM ${d.readFile(path, { type: format })}`, {
        view: opts.view,
        source: path,
      });
    } catch (e) {
      throw new WumingError('BAD_FILE', `cannot read ${format}: ${firstLine(e)}`, {
        location: { file: path },
        cause: e,
      });
    }
    const rows = await countRows(engine, rel.sql);
    if (rows === 0) throw new WumingError('EMPTY_FILE', 'the file has no rows', { location: { file: path } });
    return { ...rel, info: { path, format, rows } };
  }

  const head = await readHead(path);
  const encoding = detectEncoding(head, path);
  const text = decodeHead(head, encoding);
  if (text.trim() === '')
    throw new WumingError('EMPTY_FILE', 'the file is empty', { location: { file: path } });
  const dialect = sniffDialect(text, { delimiter: opts.delimiter, header: opts.header });
  assertWidth(path, text, head.length, dialect.columns.length);

  let readPath = path;
  let tmpDir: string | undefined;
  try {
    if (encoding === 'gb18030' || encoding === 'utf-16le' || encoding === 'utf-16be') {
      tmpDir = await mkdtemp(join(tmpdir(), 'wuming-'));
      readPath = join(tmpDir, 'utf8.csv');
      await transcodeToUtf8(path, readPath, encoding);
    }
    let maxLine: number | undefined;
    let rel: Relation;
    let rows: number;
    for (;;) {
      let failure: unknown;
      try {
        rel = await engine.materialize(name, csvSql(engine, readPath, dialect, maxLine), { source: path });
        rows = await countRows(engine, rel.sql);
        if (rows > 0) break;
      } catch (e) {
        failure = e;
        if (outOfMemory(e)) throw outOfMemory(e, path, dialect.columns.length);
      }
      // The engine refused the file or read no row of it. Its own reports were wrong in both
      // directions (an unterminated quote at line 16 reported at line 2, a 5 MB cell as a quote
      // error, mixed line ends and 40 MB cells with no line at all, a 50 MB last row dropped as
      // "no data rows"), so walk the file ourselves for the first problem and its line.
      const scan = await locateCsvProblem(readPath, dialect, { file: path });
      if (scan.problem) throw scan.problem;
      if (maxLine === undefined && scan.longestRecord > ENGINE_DEFAULT_LINE_BYTES) {
        maxLine = scan.longestRecord + 16;
        continue;
      }
      if (failure !== undefined) throw csvError(failure, path, dialect.columns.length);
      throw new WumingError('EMPTY_FILE', 'the file has a header but no data rows', {
        location: { file: path },
      });
    }
    return {
      ...rel,
      info: { path, format, encoding, delimiter: dialect.delimiter, header: dialect.header, rows },
    };
  } finally {
    if (tmpDir) await rm(tmpDir, { recursive: true, force: true });
  }
}

/**
 * An Excel sheet (`book.xlsx`, `book.xlsx#Sheet2`; see io/excel.ts) loaded into the engine as
 * text columns, with empty cells as NULL like an empty CSV field.
 */
async function readExcelSource(engine: Engine, path: string, opts: ReadOptions): Promise<LoadedSource> {
  const t = await readExcel(path);
  const d = engine.dialect;
  const name = opts.name ?? `src_${++counter}`;
  const raw = `${name}_xlsx`;
  await engine.loadTable(
    raw,
    t.columns.map((c) => ({ name: c, type: 'VARCHAR' as const })),
    t.rows.map((r) => r.map((v) => v ?? '')),
  );
  // '' stands for an empty cell in the bulk load (cellText never yields '').
  const rel = await engine.materialize(
    name,
    `SELECT ${t.columns.map((c) => `NULLIF(${d.ident(c)}, '') AS ${d.ident(c)}`).join(', ')} FROM ${d.ident(raw)}`,
    { source: path },
  );
  return { ...rel, info: { path, format: 'xlsx', rows: t.rows.length } };
}

/**
 * The read_csv call for a sniffed dialect: every column VARCHAR, strict quoting; `maxLine` raises
 * the engine's line limit for files with records above its default (see MAX_RECORD_BYTES).
 */
function csvSql(
  engine: Engine,
  path: string,
  dialect: { delimiter: string; header: boolean; columns: string[] },
  maxLine?: number,
) {
  return `SELECT * FROM ${engine.dialect.readFile(path, { type: 'csv', ...dialect, strict: true, maxLineSize: maxLine })}`;
}

/**
 * Most columns a table may have. DuckDB took 30 s to load and count 20,000 text columns of five
 * rows and never finished 100,000 in 120 s (case 8 of issue 19); `scan` reads wide small files in
 * memory instead, and anything wider than this is refused before any work.
 */
export const MAX_COLUMNS = 50_000;

/**
 * Refuse a table wider than MAX_COLUMNS, or whose first line does not end within the head sample
 * (so its width cannot even be sniffed), before the engine is asked to read it.
 */
export function assertWidth(file: string, headText: string, headBytes: number, columns: number): void {
  const tooWide = (why: string) =>
    new WumingError(
      'TOO_MANY_COLUMNS',
      `${why}; Wuming reads at most ${MAX_COLUMNS.toLocaleString('en')} columns`,
      {
        location: { file, line: 1 },
      },
    );
  if (headBytes >= 1 << 20 && !/[\r\n]/.test(headText))
    throw tooWide('the first line is longer than 1 MiB (too many or too long column titles)');
  if (columns > MAX_COLUMNS) throw tooWide(`the table has ${columns.toLocaleString('en')} columns`);
}

/**
 * A file as a relation for ONE pass (e.g. verifying a written output): a parenthesised
 * read_csv / read_parquet / read_json subquery with the same dialect detection and column
 * typing as readSource, but nothing is loaded, created or counted, so the file is parsed only
 * by the query that uses it. Sources that need transcoding (GBK, UTF-16) fall back to
 * readSource (a table in the engine). Read errors surface when the relation is queried.
 */
export async function scanSource(engine: Engine, path: string, opts: ReadOptions = {}): Promise<Relation> {
  const format = opts.format ?? formatOf(path);
  const d = engine.dialect;
  if (format === 'xlsx') return readSource(engine, path, opts);
  if (format === 'parquet' || format === 'json') {
    const sql = `(SELECT * FROM ${d.readFile(path, { type: format })})`;
    return { sql, source: path, columns: await engine.describe(sql.slice(1, -1)) };
  }
  const { size } = await inputStat(path);
  let head: Buffer;
  try {
    head = await readHead(path);
  } catch {
    throw new WumingError('INPUT_NOT_FOUND', 'cannot read input: no such file', {
      kind: 'io',
      location: { file: path },
    });
  }
  const encoding = detectEncoding(head, path);
  if (encoding === 'gb18030' || encoding === 'utf-16le' || encoding === 'utf-16be') {
    return readSource(engine, path, opts);
  }
  const text = decodeHead(head, encoding);
  if (text.trim() === '')
    throw new WumingError('EMPTY_FILE', 'the file is empty', { location: { file: path } });
  const dialect = sniffDialect(text, { delimiter: opts.delimiter, header: opts.header });
  assertWidth(path, text, head.length, dialect.columns.length);
  // One pass, no retry: a file that may hold a record above the engine's default line limit (an
  // anonymized output keeps a 3 MB note cell of its input) is read with the limit raised to what
  // the file could need, else its verification failed with "CSV Error on Line: 7".
  const maxLine = size > ENGINE_DEFAULT_LINE_BYTES ? Math.min(size + 16, MAX_RECORD_BYTES) : undefined;
  return {
    sql: `(${csvSql(engine, path, dialect, maxLine)})`,
    source: path,
    columns: dialect.columns.map((name) => ({ name, type: 'VARCHAR' })),
  };
}

async function countRows(engine: Engine, relSql: string): Promise<number> {
  const [r] = await engine.query(`SELECT count(*) AS n FROM ${relSql}`);
  return Number(r.n);
}

/**
 * The engine's "Out of Memory Error" while loading a file, as an error saying so (it was
 * reported as a CSV syntax problem after minutes: 20,000 columns of 1,000 rows), with the limit
 * the engine names and what to do; without a file argument, whether `e` is one.
 */
function outOfMemory(e: unknown): boolean;
function outOfMemory(e: unknown, file: string, columns: number): WumingError;
function outOfMemory(e: unknown, file?: string, columns?: number): boolean | WumingError {
  const msg = String((e as Error)?.message ?? e);
  if (file === undefined) return /Out of Memory Error/i.test(msg);
  const limit = /\(([\d.]+ ?[KMGT]i?B)\/[\d.]+ ?[KMGT]i?B used\)/.exec(msg)?.[1];
  return new WumingError(
    'OUT_OF_MEMORY',
    `loading this file of ${(columns ?? 0).toLocaleString('en')} columns needs more than the engine's memory limit${limit ? ` (${limit})` : ''}: raise it with WUMING_MEMORY_LIMIT (e.g. WUMING_MEMORY_LIMIT=4GB) or read fewer columns or rows at a time`,
    { kind: 'io', location: { file }, cause: e },
  );
}

const firstLine = (e: unknown) => String((e as Error)?.message ?? e).split('\n')[0];

/**
 * Turn DuckDB's CSV error into ours. DuckDB quotes the offending line in full; that line holds
 * personal data, so we keep only the line number and the column counts.
 */
function csvError(e: unknown, file: string, expected: number): WumingError {
  const msg = String((e as Error)?.message ?? e);
  const line = /CSV Error on Line:\s*(\d+)/.exec(msg);
  const found = /Expected Number of Columns:\s*(\d+)\s*Found:\s*(\d+)/.exec(msg);
  if (line && found) {
    return new WumingError('RAGGED_ROW', `row has ${found[2]} fields but the header has ${found[1]}`, {
      location: { file, line: Number(line[1]) },
      cause: e,
    });
  }
  if (line) {
    const what = /Invalid unicode|UTF-8/i.test(msg)
      ? 'invalid UTF-8 text'
      : /quote/i.test(msg)
        ? 'unterminated or misplaced quote'
        : 'malformed CSV';
    return new WumingError('BAD_CSV', `${what} (expected ${expected} fields per row)`, {
      location: { file, line: Number(line[1]) },
      cause: e,
    });
  }
  // No line from the engine and none found by locateCsvProblem: say what kind of file this is
  // without the engine's text (it may quote SQL or a line of the file); the cause keeps it.
  return new WumingError(
    'BAD_CSV',
    'cannot read this CSV: its quoting or line breaks are outside what the reader accepts (RFC 4180 with one kind of line break)',
    { location: { file }, cause: e },
  );
}
