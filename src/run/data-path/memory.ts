import { classOfRows } from '../../core/groupify.js';
import type { FrequencyTable } from '../../core/table.js';
import { groupCsvRecords, type MemoryTable, readCsvInMemory } from '../../io/csv-memory.js';
import { type CodedColumn, csvCell, formatFromPath, writeCsvColumnsAtomic } from '../../io/write.js';
import {
  groupColumns,
  type OutputGroups,
  unreadable,
  type Verification,
  verifyGroups,
} from '../../privacy/verify.js';
import type { ProgressFn } from '../../progress.js';
import { canonicalOrder, frequencyTableInMemory } from '../../search/frequency-memory.js';
import type { SearchResult } from '../../search/index.js';
import type { LocalRecodingResult } from '../../search/local.js';
import { JOINT_COLUMN, jointKey } from '../joint-sensitive.js';
import type { DataPath, FrequencyRequest, OutputRequest, VerifyStage } from './data-path.js';

/**
 * The job cannot take the in-memory path (the message says why, without cell values): the
 * caller falls back to the engine path, which gives the canonical result or error. Every method
 * of MemoryDataPath throws it before anything is written.
 */
export class Ineligible extends Error {}

/** ASCII whitespace DuckDB trims before casting text to a number. */
const CAST_SPACE = /^[ \t\n\v\f\r]+|[ \t\n\v\f\r]+$/g;
/** Plain decimal numbers: DuckDB's TRY_CAST(... AS DOUBLE) accepts every one of them. */
const PLAIN_NUMBER = /^[+-]?(?:\d{1,300}\.?\d{0,300}|\.\d{1,300})(?:[eE][+-]?\d{1,3})?$/;
/**
 * Texts DuckDB may also accept (it takes '1_000', 'inf', 'NaN', '+-1', ...): undecidable here.
 * Anything else (a letter, a space inside, another symbol) is certainly not a number to it.
 */
const MAYBE_NUMBER = /^(?:[0-9+\-._eE]+|[+-]*(?:inf|infinity|nan))$/i;

/**
 * Whether every non-NULL value is a number as the engine path decides it (`bool_and(TRY_CAST(v
 * AS DOUBLE) IS NOT NULL)`, false when there are none); throws Ineligible when a value is of a
 * form whose cast this test cannot be sure of.
 */
export function allNumeric(values: readonly (string | null)[]): boolean {
  let any = false;
  let unsure = false;
  for (const v of values) {
    if (v === null) continue;
    const t = v.replace(CAST_SPACE, '');
    if (PLAIN_NUMBER.test(t)) any = true;
    else if (t !== '' && MAYBE_NUMBER.test(t)) unsure = true;
    else return false;
  }
  if (unsure) throw new Ineligible('sensitive values whose numeric reading only the engine can decide');
  return any;
}

/**
 * The table with one more column holding each row's joint key over the sensitive columns, coded
 * by distinct combination of the columns' own codes (only for counting frequencies; the output is
 * written from the table as read).
 */
function withJointColumn(data: MemoryTable, columns: readonly string[]): MemoryTable {
  const cols = columns.map((c) => {
    const col = data.data[data.columns.indexOf(c)];
    if (!col) throw new Ineligible(`no column "${c}" in memory`);
    return col;
  });
  const byKey = new Map<string, number>();
  const values: string[] = [];
  const codes = new Int32Array(data.rows);
  for (let r = 0; r < data.rows; r++) {
    const key = jointKey(cols.map((c) => c.values[c.codes[r]]));
    let code = byKey.get(key);
    if (code === undefined) {
      code = values.length;
      values.push(key);
      byKey.set(key, code);
    }
    codes[r] = code;
  }
  return { ...data, columns: [...data.columns, JOINT_COLUMN], data: [...data.data, { values, codes }] };
}

/**
 * Refuse an output the in-memory writer cannot produce (Parquet: Ineligible; an unknown
 * extension: the usual usage error).
 */
export function assertMemoryOutput(out: string): void {
  if (formatFromPath(out) !== 'csv') throw new Ineligible('Parquet output needs the engine');
}

/**
 * The rows held in memory (a small CSV read by readCsvInMemory, or rows given by a caller): the
 * same job as the engine path with the same search, the same output bytes and the same result,
 * without a database. Frequencies by dictionary codes (frequency-memory.ts); the output written
 * record by record with each distinct cell quoted once; then the written file is read back from
 * disk by the in-memory reader, grouped by plain Maps and checked by verifyGroups,
 * independently of the search. Throws Ineligible (before writing anything) when a value is
 * missing from its hierarchy or the like, so the engine path raises its error.
 */
export class MemoryDataPath implements DataPath {
  readonly kind = 'memory';
  readonly columns: readonly string[];
  /** Frequency row of each input row (set by `frequencies`). */
  private rowOf: Int32Array | undefined;

  constructor(private readonly data: MemoryTable) {
    this.columns = data.columns;
  }

  async distinct(column: string): Promise<string[]> {
    const col = this.data.data[this.data.columns.indexOf(column)];
    return col ? col.values.filter((v): v is string => v !== null) : [];
  }

  async allNumeric(column: string): Promise<boolean> {
    const col = this.data.data[this.data.columns.indexOf(column)];
    if (!col) throw new Ineligible(`no column "${column}"`);
    return allNumeric(col.values);
  }

  async frequencies(request: FrequencyRequest): Promise<FrequencyTable> {
    const freq = request.jointSensitive
      ? frequencyTableInMemory(withJointColumn(this.data, request.jointSensitive), {
          ...request,
          sensitive: JOINT_COLUMN,
        })
      : frequencyTableInMemory(this.data, request);
    if (typeof freq === 'string') throw new Ineligible(freq);
    let { table, rowOf } = freq;
    if (request.canonical) {
      // Local recoding depends on the row order: the same canonical order as the engine path.
      const c = canonicalOrder(table);
      table = c.table;
      rowOf = rowOf.map((r) => c.newRow[r]);
    }
    this.rowOf = rowOf;
    return table;
  }

  async write(request: OutputRequest, verified: VerifyStage): Promise<Verification> {
    const { out, table, result, local, check } = request;
    const data = this.data;
    if (!this.rowOf) throw new Error('MemoryDataPath.write before frequencies');
    const delimiter = out.toLowerCase().endsWith('.tsv') ? '\t' : ',';
    const qiOut = local
      ? localOutput(table, local, delimiter)
      : globalOutput(table, result, this.rowOf, delimiter);
    let verification!: Verification;
    await writeCsvColumnsAtomic(
      out,
      data.columns,
      outputColumns(data, check.qi, qiOut, this.rowOf, delimiter),
      data.rows,
      {
        delimiter,
        inputs: [data.source],
        onProgress: request.onProgress,
        // Verify-then-publish: the check runs on the temporary file before it replaces out.
        verify: async (tmp) => {
          verification = await verified(() =>
            verifyWrittenCsv(tmp, data.columns, delimiter, check, request.onProgress),
          );
        },
      },
    );
    return verification;
  }
}

/**
 * The output of one QI: `cells[codes[v]]` is its CSV text for entry v of `via`'s range, and
 * `via[r]` is that entry for record r (when absent, the frequency row of record r).
 */
interface QiOutput {
  cells: string[];
  codes: Int32Array;
  via?: Int32Array;
}

/**
 * The QIs' output under the global transformation: the label of the chosen level, or '*' in
 * every QI for the records of a suppressed class. Written by class: every record of a class has
 * the same QI cells, so the writer assembles each class's cells once (a few thousand classes)
 * instead of one cell per QI per record. Cells are indexed by leaf code (each leaf's label at the
 * level, then '*'), a class's code is its representative's leaf code; the class of each record
 * is its frequency row's (classOfRows: one lookup per row in a table of the classes, where the
 * text key of every row took 5 s on 10 M rows).
 */
function globalOutput(
  table: FrequencyTable,
  result: SearchResult,
  rowOf: Int32Array,
  delimiter: string,
): QiOutput[] {
  const levels = result.levels;
  const p = result.partition;
  const { numClasses, sizes, rep } = p;
  const kept = result.checked.kept;
  const classOfRow = classOfRows(table, p);
  const classOfRecord = new Int32Array(rowOf.length);
  for (let r = 0; r < rowOf.length; r++) classOfRecord[r] = classOfRow[rowOf[r]];
  return table.hierarchies.map((h, i) => {
    const gen = h.maps[levels[i]];
    const labels = h.labels[levels[i]].map((l) => csvCell(l, delimiter));
    const cells = Array.from(gen, (g) => labels[g]);
    cells.push('*');
    const star = cells.length - 1;
    const codes = new Int32Array(numClasses);
    const leaf = table.codes[i];
    for (let c = 0; c < numClasses; c++) codes[c] = !kept[c] && sizes[c] > 0 ? star : leaf[rep[c]];
    return { cells, codes, via: classOfRecord };
  });
}

/**
 * The QIs' output under local recoding: each frequency row gets the labels of its class's levels
 * (or '*' when suppressed). Rows differing only in the sensitive value take the labels of the
 * first such row, exactly as the engine path's label table does.
 */
function localOutput(table: FrequencyTable, local: LocalRecodingResult, delimiter: string): QiOutput[] {
  const dq = table.qi.length;
  const v = local.view;
  const first = new Map<string, number>();
  const out = table.qi.map(() => ({
    cells: [] as string[],
    index: new Map<string, number>(),
    codes: new Int32Array(table.rows),
  }));
  for (let r = 0; r < table.rows; r++) {
    let key = '';
    for (let i = 0; i < dq; i++) key += `${table.codes[i][r]},`;
    let f = first.get(key);
    if (f === undefined) {
      f = r;
      first.set(key, r);
    }
    const c = v.classOf![f];
    for (let i = 0; i < dq; i++) {
      const h = table.hierarchies[i];
      const L = v.classLevels![c * dq + i];
      const cell = v.kept[c] ? csvCell(h.labels[L][h.maps[L][table.codes[i][f]]], delimiter) : '*';
      const o = out[i];
      let k = o.index.get(cell);
      if (k === undefined) {
        k = o.cells.length;
        o.cells.push(cell);
        o.index.set(cell, k);
      }
      o.codes[r] = k;
    }
  }
  return out;
}

/** The output columns in input order: QIs by frequency row, the other columns as read. */
function outputColumns(
  data: MemoryTable,
  qi: readonly string[],
  qiOut: readonly QiOutput[],
  rowOf: Int32Array,
  delimiter: string,
): CodedColumn[] {
  return data.columns.map((name, c) => {
    const q = qi.indexOf(name);
    if (q < 0) {
      // Every distinct value of a passed-through column quoted once.
      const col = data.data[c]!;
      return { cells: col.values.map((v) => csvCell(v, delimiter)), codes: col.codes };
    }
    const { cells, codes, via } = qiOut[q];
    return { cells, codes, via: via ?? rowOf };
  });
}

/** Largest quoted output re-read here as one text; a larger one is re-read by the engine. */
const VERIFY_TEXT_MAX_BYTES = 64 * 2 ** 20;

/**
 * Read the written file back from disk, count its distinct (QI labels, sensitive values,
 * subject) tuples and check them with verifyGroups: nothing here comes from the search's tables.
 * A file without quotes is grouped from its bytes (groupCsvRecords: one lookup per record,
 * large files in several threads); one with quotes is read by the in-memory reader, keeping only
 * those columns, and grouped with a plain Map.
 */
export async function verifyWrittenCsv(
  out: string,
  columns: readonly string[],
  delimiter: string,
  opts: Parameters<typeof verifyGroups>[1],
  onProgress?: ProgressFn,
): Promise<Verification> {
  const cols = groupColumns(opts);
  // Most outputs have no quote: their records are grouped straight from the bytes read back.
  const grouped = await groupCsvRecords(out, {
    delimiter,
    columns,
    keys: cols,
    onProgress,
    progressStage: 'verify',
  });
  if (typeof grouped !== 'string') {
    const header = grouped.header;
    if (header.length !== columns.length || header.some((h, i) => h !== columns[i]))
      return unreadable('the written file does not have the expected header');
    return verifyGroups(
      { rowCount: grouped.counts.length, columns: grouped.columns, counts: grouped.counts },
      opts,
    );
  }
  let why = '';
  const written = await readCsvInMemory(out, {
    // A large output with quoted cells would be held as one text (2-3 times its size: 5 M rows,
    // 331 MB, raised the peak from 0.75 to 2.1 GB); the engine re-reads it in bounded memory.
    maxBytes: VERIFY_TEXT_MAX_BYTES,
    dialect: { delimiter, header: true, columns: [...columns] },
    keep: cols,
    onProgress,
    progressStage: 'verify',
    onIneligible: (r) => {
      why = r;
    },
  });
  // Declined (a file too large to hold as one text, with quoted cells): the engine re-reads it,
  // as it does the engine path's output, rather than failing a correct file.
  if (!written)
    return (
      (await verifyWithEngine(out, delimiter, opts)) ??
      unreadable(`the written file cannot be read back: ${why}`)
    );
  const header = written.header ?? [];
  if (header.length !== columns.length || header.some((h, i) => h !== columns[i]))
    return unreadable('the written file does not have the expected header');
  const data = cols.map((c) => written.data[columns.indexOf(c)]!);
  // A row's group key: its codes as one number (mixed radix) while that is exact, else as text.
  let space = 1;
  for (const col of data) space *= col.values.length;
  const numeric = space <= Number.MAX_SAFE_INTEGER;
  const groupOf = new Map<number | string, number>();
  const firstRow: number[] = [];
  const counts: number[] = [];
  const count = (r: number, key: number | string) => {
    const g = groupOf.get(key);
    if (g === undefined) {
      groupOf.set(key, counts.length);
      firstRow.push(r);
      counts.push(1);
    } else counts[g]++;
  };
  if (numeric) {
    for (let r = 0; r < written.rows; r++) {
      let key = 0;
      for (const col of data) key = key * col.values.length + col.codes[r];
      count(r, key);
    }
  } else {
    for (let r = 0; r < written.rows; r++) {
      let key = '';
      for (const col of data) key += `${col.codes[r]},`;
      count(r, key);
    }
  }
  const groups: OutputGroups = {
    rowCount: counts.length,
    columns: data.map((col) => firstRow.map((r) => col.values[col.codes[r]] ?? '')),
    counts,
  };
  return verifyGroups(groups, opts);
}

/**
 * The written file re-read by the engine (one GROUP BY, as the engine path verifies), for files
 * the in-memory reader declines; undefined when there is no population or subject to add (the
 * in-memory path has neither).
 */
async function verifyWithEngine(
  out: string,
  delimiter: string,
  opts: Parameters<typeof verifyGroups>[1],
): Promise<Verification | undefined> {
  if (opts.populationCounts) return undefined;
  const { createEngine } = await import('../../engine/duckdb.js');
  const { scanSource } = await import('../../io/read.js');
  const { verifyOutput } = await import('./engine-verify.js');
  const engine = await createEngine();
  try {
    const written = await scanSource(engine, out, { delimiter, header: true, format: 'csv' });
    return await verifyOutput(engine, written, opts);
  } finally {
    await engine.close();
  }
}
