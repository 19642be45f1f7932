export type { CsvReadOptions, Dialect, FileFormat } from './dialect.js';
export { duckdbDialect, identList } from './dialect.js';
export { createEngine, DuckDBEngine, type DuckDBEngineOptions } from './duckdb.js';
export type { Batch, ColumnInfo, Engine, Relation, Row, Value, WriteTarget } from './engine.js';
