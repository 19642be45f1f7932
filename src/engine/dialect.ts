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
}

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
};

/** Tagged template that quotes `${ident(x)}` pieces through a dialect; no raw user text enters SQL. */
export function identList(d: Dialect, names: readonly string[]): string {
  return names.map((n) => d.ident(n)).join(', ');
}
