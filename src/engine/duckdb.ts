import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { type DuckDBConnection, DuckDBInstance, DuckDBTypeId } from '@duckdb/node-api';
import { WumingError } from '../errors.js';
import { duckdbDialect } from './dialect.js';
import type {
  Batch,
  ColumnInfo,
  Engine,
  LoadType,
  NumericBatch,
  Relation,
  Row,
  Value,
  WriteTarget,
} from './engine.js';

export interface DuckDBEngineOptions {
  /** Database file; ':memory:' (default) keeps everything in RAM with spilling to temp_directory. */
  path?: string;
  threads?: number;
  /** e.g. '2GB'. DuckDB spills to disk beyond it instead of failing. */
  memoryLimit?: string;
  tempDirectory?: string;
}

/**
 * DuckDB's memory limit when none is given: WUMING_MEMORY_LIMIT (e.g. '2GB'), else 1/24 of the
 * machine's memory, between 1 and 8 GB. DuckDB keeps what it reads up to its limit (80 % of the
 * machine by default): 5 M generated records (a 20-column CSV) peaked at 5.7 GB with a 6 GB limit
 * and at 1.8 GB with 1 GB, spilling to its temporary directory beyond it instead of failing.
 */
export function defaultMemoryLimit(total = totalmem()): string {
  const env = process.env.WUMING_MEMORY_LIMIT;
  if (env && /^\d+(\.\d+)?\s*[KMGT]i?B$/i.test(env.trim())) return env.trim();
  const mb = Math.min(8192, Math.max(1024, Math.floor(total / 24 / 2 ** 20)));
  return `${mb}MB`;
}

/** Name prefix of the engines' spill directories in the system's temporary folder. */
const SPILL_PREFIX = 'wuming-duckdb-';

/**
 * Remove the spill directories of processes that are gone (killed before they could close their
 * engine): they may hold raw input rows. Directories of live processes stay.
 */
async function removeDeadSpills(): Promise<void> {
  let names: string[];
  try {
    names = await readdir(tmpdir());
  } catch {
    return;
  }
  for (const name of names) {
    const m = /^wuming-duckdb-(\d+)-/.exec(name);
    if (!m || Number(m[1]) === process.pid) continue;
    try {
      process.kill(Number(m[1]), 0);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ESRCH')
        await rm(join(tmpdir(), name), { recursive: true, force: true }).catch(() => {});
    }
  }
}

/** Plain JS value from a DuckDB value: BIGINT becomes number when it fits, dates become ISO text. */
function toValue(v: unknown): Value {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case 'string':
    case 'number':
    case 'boolean':
      return v;
    case 'bigint':
      return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
    default:
      if (v instanceof Date) return v.toISOString();
      return String(v);
  }
}

export class DuckDBEngine implements Engine {
  readonly dialect = duckdbDialect;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
    /** The spill directory this engine made (removed on close), if it made one. */
    private readonly spill?: string,
  ) {}

  static async create(opts: DuckDBEngineOptions = {}): Promise<DuckDBEngine> {
    const config: Record<string, string> = {};
    if (opts.threads) config.threads = String(opts.threads);
    config.memory_limit = opts.memoryLimit ?? defaultMemoryLimit();
    // Where DuckDB spills beyond its memory limit: by default `.tmp` in the current directory,
    // so a large job left raw input rows in the user's folder (and kept them after a kill -9).
    // A private directory (mode 0700) in the system's temporary folder instead, removed on close.
    if (!opts.tempDirectory) await removeDeadSpills();
    const spill = opts.tempDirectory
      ? undefined
      : await mkdtemp(join(tmpdir(), `${SPILL_PREFIX}${process.pid}-`));
    config.temp_directory = opts.tempDirectory ?? spill!;
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(opts.path ?? ':memory:', config);
    } catch (e) {
      if (spill) await rm(spill, { recursive: true, force: true });
      throw e;
    }
    const conn = await instance.connect();
    // Query progress is tracked (never printed) so long reads and writes can report how far they got.
    await conn.run('SET enable_progress_bar = true');
    await conn.run('SET enable_progress_bar_print = false');
    await conn.run('SET progress_bar_time = 0');
    return new DuckDBEngine(instance, conn, spill);
  }

  progress(): number | undefined {
    const p = this.conn.progress.percentage;
    return p >= 0 ? p / 100 : undefined;
  }

  async exec(sql: string): Promise<void> {
    await this.conn.run(sql);
  }

  async query(sql: string): Promise<Row[]> {
    const reader = await this.conn.runAndReadAll(sql);
    const names = reader.deduplicatedColumnNames();
    const rows = reader.getRows();
    return rows.map((r) => {
      const o: Row = {};
      for (let i = 0; i < names.length; i++) o[names[i]] = toValue(r[i]);
      return o;
    });
  }

  async queryColumns(sql: string): Promise<Batch> {
    const reader = await this.conn.runAndReadAll(sql);
    const names = reader.deduplicatedColumnNames();
    const cols = reader.getColumns().map((c) => c.map(toValue));
    return { names, columns: cols, rowCount: reader.currentRowCount };
  }

  async *stream(sql: string): AsyncIterable<Batch> {
    const result = await this.conn.stream(sql);
    const names = result.deduplicatedColumnNames();
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      const columns: Value[][] = [];
      for (let c = 0; c < chunk.columnCount; c++) columns.push(chunk.getColumnValues(c).map(toValue));
      yield { names, columns, rowCount: chunk.rowCount };
    }
  }

  async *streamNumeric(sql: string): AsyncIterable<NumericBatch> {
    const result = await this.conn.stream(sql);
    for (let c = 0; c < result.columnCount; c++) {
      const t = result.columnTypeId(c);
      if (t !== DuckDBTypeId.INTEGER && t !== DuckDBTypeId.DOUBLE) {
        throw new WumingError(
          'ENGINE_TYPE',
          `streamNumeric: column ${result.columnName(c)} is ${result.columnType(c)}, not INTEGER or DOUBLE`,
          { kind: 'internal' },
        );
      }
    }
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      const columns: (Int32Array | Float64Array)[] = [];
      for (let c = 0; c < chunk.columnCount; c++) {
        // The INTEGER and DOUBLE vectors expose their data as typed arrays (`items`).
        columns.push((chunk.getColumnVector(c) as unknown as { items: Int32Array | Float64Array }).items);
      }
      yield { rowCount: chunk.rowCount, columns };
    }
  }

  async loadTable(
    name: string,
    columns: { name: string; type: LoadType }[],
    rows: (string | number)[][],
  ): Promise<void> {
    const d = this.dialect;
    await this.exec(
      `CREATE OR REPLACE TEMP TABLE ${d.ident(name)} (${columns.map((c) => `${d.ident(c.name)} ${c.type}`).join(', ')})`,
    );
    if (rows.length === 0) return;
    // Temporary tables live in the "temp" catalog.
    const appender = await this.conn.createAppender(name, 'main', 'temp');
    const appendOne: ((v: string | number) => void)[] = columns.map((c) => {
      switch (c.type) {
        case 'VARCHAR':
          return (v) => appender.appendVarchar(String(v));
        case 'INTEGER':
          return (v) => appender.appendInteger(Number(v));
        case 'BIGINT':
          return (v) => appender.appendBigInt(BigInt(v));
        default:
          return (v) => appender.appendDouble(Number(v));
      }
    });
    try {
      for (const row of rows) {
        for (let i = 0; i < appendOne.length; i++) appendOne[i](row[i]);
        appender.endRow();
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
  }

  async describe(sql: string): Promise<ColumnInfo[]> {
    const rows = await this.query(`DESCRIBE ${sql}`);
    return rows.map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
  }

  async rowOrder(from: string): Promise<string | undefined> {
    // A quoted or plain identifier naming a base (or temporary) table has a rowid; views and
    // parenthesised subqueries do not.
    const m = /^"((?:[^"]|"")*)"$/.exec(from) ?? /^([A-Za-z_][A-Za-z0-9_]*)$/.exec(from);
    if (!m) return undefined;
    const name = m[1].replaceAll('""', '"');
    const [r] = await this.query(
      `SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = ${this.dialect.string(name)}`,
    );
    return Number(r.n) > 0 ? (this.dialect.tableRowId ?? undefined) : undefined;
  }

  async materialize(
    name: string,
    sql: string,
    opts: { view?: boolean; source?: string } = {},
  ): Promise<Relation> {
    const q = this.dialect.ident(name);
    await this.exec(`CREATE OR REPLACE ${opts.view ? 'VIEW' : 'TABLE'} ${q} AS ${sql}`);
    const columns = await this.describe(`SELECT * FROM ${q}`);
    return { sql: q, source: opts.source ?? name, columns };
  }

  async copyTo(sql: string, target: WriteTarget): Promise<void> {
    const d = this.dialect;
    const options =
      target.format === 'parquet'
        ? // zstd at level 1: about snappy's speed with zstd's ratio; the default level (3) cost
          // ~40 % more CPU when writing 1 M rows of 20 text columns, for a few % smaller files.
          `FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL 1`
        : `FORMAT csv, HEADER true, DELIMITER ${d.string(target.delimiter ?? ',')}`;
    try {
      await this.exec(`COPY (${sql}) TO ${d.string(target.path)} (${options})`);
    } catch (e) {
      throw new WumingError('WRITE_FAILED', `cannot write output: ${(e as Error).message.split('\n')[0]}`, {
        kind: 'io',
        location: { file: target.path },
        cause: e,
      });
    }
  }

  async close(): Promise<void> {
    this.conn.closeSync();
    this.instance.closeSync();
    if (this.spill) await rm(this.spill, { recursive: true, force: true });
  }
}

/** The default engine for one machine. */
export function createEngine(opts?: DuckDBEngineOptions): Promise<Engine> {
  return DuckDBEngine.create(opts);
}
