import type { Dialect } from './dialect.js';

/** A column as the engine sees it. */
export interface ColumnInfo {
  name: string;
  /** Engine type name, e.g. VARCHAR, BIGINT, DOUBLE, DATE. */
  type: string;
}

/**
 * A named relation living in the engine (a table or view). Callers pass `relation.sql` (an
 * already-quoted name) into queries; rows never cross into JavaScript unless streamed.
 */
export interface Relation {
  /** Quoted identifier usable in FROM. */
  readonly sql: string;
  /** Where it came from, for messages (a file path or a table URL). */
  readonly source: string;
  readonly columns: readonly ColumnInfo[];
}

export type Value = string | number | bigint | boolean | null;
export type Row = Record<string, Value>;

/** A batch of rows in columnar form: `columns[i][r]` is column i of row r. */
export interface Batch {
  names: string[];
  columns: Value[][];
  rowCount: number;
}

/** A batch of numeric columns as typed arrays (see Engine.streamNumeric). */
export interface NumericBatch {
  rowCount: number;
  columns: (Int32Array | Float64Array)[];
}

/** Column types `loadTable` accepts. */
export type LoadType = 'VARCHAR' | 'INTEGER' | 'BIGINT' | 'DOUBLE';

export interface WriteTarget {
  path: string;
  format: 'csv' | 'parquet';
  /** CSV delimiter, default ','. */
  delimiter?: string;
}

/**
 * The only interface that talks to a database. DuckDB is the first implementation; PostgreSQL
 * and ClickHouse adapters implement the same methods, so jobs in run/ never change.
 */
export interface Engine {
  readonly dialect: Dialect;
  /** Run a statement that returns nothing of interest (DDL, SET). */
  exec(sql: string): Promise<void>;
  /** Run a query and materialise its rows as plain JS values (BIGINT → number when safe). */
  query(sql: string): Promise<Row[]>;
  /** Run a query and read it column-wise (cheaper for wide numeric results such as frequency tables). */
  queryColumns(sql: string): Promise<Batch>;
  /** Stream a query's rows in batches; memory stays bounded by the batch size. */
  stream(sql: string): AsyncIterable<Batch>;
  /**
   * Stream a query whose columns are all INTEGER or DOUBLE as typed arrays, without converting
   * value by value (a frequency table of 10 M rows crosses in about a second instead of ten).
   * NULLs have no representation: callers exclude them in SQL first. A batch's arrays are valid
   * until the next batch is requested.
   */
  streamNumeric(sql: string): AsyncIterable<NumericBatch>;
  /**
   * Create (or replace) a temporary table and bulk-load rows into it (code tables, suppressed
   * combinations): much faster than INSERT ... VALUES text for 10^5 rows and more.
   */
  loadTable(
    name: string,
    columns: { name: string; type: LoadType }[],
    rows: (string | number)[][],
  ): Promise<void>;
  /**
   * The column expression giving a relation's stored row order (`dialect.tableRowId` of a base
   * table), or undefined for a view, a subquery or an engine without one: asked of the catalog,
   * never by trying a query and catching its failure. `from` is a FROM-able relation (`relation.sql`).
   */
  rowOrder(from: string): Promise<string | undefined>;
  /** Columns a query would return, without running it. */
  describe(sql: string): Promise<ColumnInfo[]>;
  /** Create (or replace) a table or view from a query and return it as a relation. */
  materialize(name: string, sql: string, opts?: { view?: boolean; source?: string }): Promise<Relation>;
  /** Write the rows of a query to a file. Callers use io/write.ts, which makes it atomic. */
  copyTo(sql: string, target: WriteTarget): Promise<void>;
  /**
   * How far the statement running now got (0..1), polled while it runs so long reads and writes
   * can report progress; undefined when unknown. Optional: an engine without it reports stages
   * only at their start and end.
   */
  progress?(): number | undefined;
  close(): Promise<void>;
}
