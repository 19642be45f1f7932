/**
 * What differs between SQL engines, kept in one small object so callers never branch on the
 * engine's name (the kysely adapter idea: capability flags and quoting hooks, not `if duckdb`).
 * PostgreSQL and ClickHouse dialects are later siblings of `duckdbDialect`.
 */
export interface Dialect {
  readonly name: 'duckdb' | 'postgres' | 'clickhouse';
  /** Quote an identifier (column or table name) so any user-provided name is safe. */
  ident(name: string): string;
  /** A string literal with the dialect's escaping. */
  string(value: string): string;
  /** A numeric literal; rejects NaN and infinities rather than emitting invalid SQL. */
  number(value: number): string;
  /** Cast an expression to the dialect's text type. */
  asText(expr: string): string;
  /** Cast to double, NULL when the text is not a number. */
  tryDouble(expr: string): string;
  /** Window count over a partition, for suppression by class size. */
  readonly supportsQualify: boolean;
  /**
   * A 64-bit hash of the values of these expressions, as a non-negative integer expression
   * (sampling by `hash(…) % m < cut`: the same rows on every run).
   */
  hash(exprs: readonly string[]): string;
  /** Rows of the group where `condition` holds (`count(*) FILTER (WHERE …)`). */
  countWhere(condition: string): string;
  /** Sum of `expr` over the rows of the group where `condition` holds (NULL when none). */
  sumWhere(expr: string, condition: string): string;
  /** An approximate count of distinct values (HyperLogLog where the engine has it). */
  approxCountDistinct(expr: string): string;
  /** Create (or replace) a session-private table from a query. `name` is already quoted. */
  createTempTable(name: string, query: string): string;
  /** One row per value 0 … n-1 of a row's `n` (repeats a weighted row n times). */
  seriesBelow(n: string): string;
  /**
   * The stored row position of a base table (DuckDB's `rowid`), as a column expression; undefined
   * where the engine has none. Ask `Engine.rowOrder(relation)` whether a relation has one.
   */
  readonly tableRowId: string | undefined;
  /** A repeatable random sample of `n` rows of a relation, as a query. */
  sample(from: string, n: number, seed: number): string;
  /** A table function reading a file (FROM-able): CSV with every column text, Parquet or JSON. */
  readFile(path: string, format: FileFormat): string;
}

/** How a CSV file is read: its dialect, and the text columns when they are known. */
export interface CsvReadOptions {
  delimiter: string;
  header: boolean;
  /** Column names, read as text, with the given dialect and nothing guessed (strict quoting). */
  columns?: readonly string[];
  /** Strict RFC 4180 quoting: a stray quote is an error that names the line. */
  strict?: boolean;
  /** Longest line accepted, in bytes (the engine's default when absent). */
  maxLineSize?: number;
}

export type FileFormat = { type: 'parquet' } | { type: 'json' } | ({ type: 'csv' } & CsvReadOptions);

const doubleQuoted = (name: string) => `"${name.replaceAll('"', '""')}"`;
const singleQuoted = (v: string) => `'${v.replaceAll("'", "''")}'`;
const finite = (v: number) => {
  if (!Number.isFinite(v)) throw new RangeError(`not a finite number: ${v}`);
  return String(v);
};

export const duckdbDialect: Dialect = {
  name: 'duckdb',
  ident: doubleQuoted,
  string: singleQuoted,
  number: finite,
  asText: (e) => `CAST(${e} AS VARCHAR)`,
  tryDouble: (e) => `TRY_CAST(${e} AS DOUBLE)`,
  supportsQualify: true,
  hash: (exprs) => `hash(${exprs.join(', ')})`,
  countWhere: (c) => `count(*) FILTER (WHERE ${c})`,
  sumWhere: (e, c) => `sum(${e}) FILTER (WHERE ${c})`,
  approxCountDistinct: (e) => `approx_count_distinct(${e})`,
  createTempTable: (name, query) => `CREATE OR REPLACE TEMP TABLE ${name} AS ${query}`,
  seriesBelow: (n) => `unnest(range(${n}))`,
  tableRowId: 'rowid',
  sample: (from, n, seed) =>
    `SELECT * FROM ${from} USING SAMPLE reservoir(${finite(n)} ROWS) REPEATABLE (${finite(seed)})`,
  readFile: (path, f) => {
    const p = singleQuoted(path);
    if (f.type === 'parquet') return `read_parquet(${p})`;
    if (f.type === 'json') return `read_json_auto(${p})`;
    const opts = [`delim=${singleQuoted(f.delimiter)}`, `header=${f.header}`];
    if (f.columns) {
      opts.push(`quote='"'`, `escape='"'`, 'auto_detect=false');
      if (f.strict) opts.push('strict_mode=true');
      opts.push(`columns={${f.columns.map((c) => `${singleQuoted(c)}: 'VARCHAR'`).join(', ')}}`);
    } else opts.push('all_varchar=true');
    // DuckDB's buffer is 16 line limits by default: a 64 MiB limit asked for 1 GiB, more than its
    // whole memory limit on a 24 GB machine, and every verification of a CSV output over 64 MB
    // failed with "Out of Memory" (10 M rows through the engine). Two line limits hold a record.
    if (f.maxLineSize)
      opts.push(`max_line_size=${finite(f.maxLineSize)}`, `buffer_size=${finite(2 * f.maxLineSize)}`);
    return `read_csv(${p}, ${opts.join(', ')})`;
  },
};

/** Tagged template that quotes `${ident(x)}` pieces through a dialect; no raw user text enters SQL. */
export function identList(d: Dialect, names: readonly string[]): string {
  return names.map((n) => d.ident(n)).join(', ');
}
