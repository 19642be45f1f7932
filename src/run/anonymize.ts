import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Engine, Relation } from '../engine/engine.js';
import { WumingError } from '../errors.js';
import type { HierarchySpec } from '../hierarchy/builders/index.js';
import { describeLevel } from '../hierarchy/describe.js';
import type { Hierarchy } from '../hierarchy/hierarchy.js';
import { loadHierarchies } from '../hierarchy/load.js';
import { saveHierarchies } from '../hierarchy/save.js';
import { MEMORY_CSV_MAX_BYTES, type MemoryTable, readCsvInMemory } from '../io/csv-memory.js';
import { isExcelPath, readExcel } from '../io/excel.js';
import { assertWritableTarget } from '../io/write.js';
import type { MetricId } from '../metrics/index.js';
import type { PrivacyModel } from '../privacy/model.js';

export { METRIC_IDS } from '../metrics/index.js';

import type { ModelSpec } from '../privacy/spec.js';
import type { ProgressFn } from '../progress.js';
import { anonymizeOn, type PathJobOptions } from './anonymize-job.js';
import type {
  AnonymizeOptions,
  AnonymizeResult,
  AnonymizeRows,
  RelationAnonymizeOptions,
} from './anonymize-types.js';
import type { DataPath } from './data-path/data-path.js';
import { EngineDataPath, isColumnar, loadRows } from './data-path/engine.js';
import { assertMemoryOutput, Ineligible, MemoryDataPath } from './data-path/memory.js';

export { attachByRow } from './data-path/engine.js';
export type { AnonymizeOptions, AnonymizeResult, AnonymizeRows, RelationAnonymizeOptions };
export { loadHierarchies };

/**
 * Anonymize a relation in an engine, or a file read into it, with the hierarchies ready: the
 * engine data path (EngineDataPath) driven by the shared job (`anonymizeOn`). Throws WumingError
 * 'VERIFICATION_FAILED' if the written file does not meet what was promised. Most callers want
 * `anonymize`, which also takes rows, builds missing hierarchies and picks the data path.
 */
export async function anonymizeRelation(opts: RelationAnonymizeOptions): Promise<AnonymizeResult> {
  const path = await EngineDataPath.open(opts.engine, opts.input, {
    subject: opts.subject,
    exclude: opts.exclude,
    population: opts.population,
  });
  return anonymizeOn(path, opts);
}

/**
 * Anonymize a table: generalize (and suppress) its quasi-identifiers until every privacy model
 * holds, with the least information loss; write the result atomically (or return it as rows),
 * re-read it and verify every model independently. Throws WumingError 'VERIFICATION_FAILED' if
 * the written output does not meet what was promised.
 *
 * The input may be a path, a relation in `engine` or in-memory rows; quasi-identifiers without a
 * hierarchy get one built from their values (`autoHierarchy`). Small UTF-8 CSV files and rows
 * are anonymized without loading DuckDB at all (its binding alone costs ~0.2 s, more than a job
 * on a few MB): the in-memory path (anonymize-memory.ts) gives the same search, the same output
 * bytes and an independent verification; anything it cannot take with certainty of the same
 * result goes to the engine path, which raises the usual errors for bad input.
 *
 * @example
 * const r = await anonymize({ input: 'people.csv', qi: ['age', 'zip'], models: { k: 5 },
 *   suppressionPercent: 5 });
 * r.rows; // the anonymized records (no `out` given)
 */
export async function anonymize(opts: AnonymizeOptions): Promise<AnonymizeResult> {
  const suppression = suppressionFraction(opts);
  const mode = opts.dataPath ?? 'auto';
  if (mode !== 'auto' && mode !== 'memory' && mode !== 'engine') {
    throw new WumingError('BAD_OPTION', "dataPath must be 'auto', 'memory' or 'engine'", { kind: 'usage' });
  }
  if (opts.models === undefined || opts.models === null) {
    throw new WumingError('BAD_OPTION', 'models is required, e.g. models: { k: 5 }', { kind: 'usage' });
  }
  const warnings: string[] = [];
  const onWarning = (m: string) => {
    warnings.push(m);
    opts.onWarning?.(m);
  };
  let tmp: string | undefined;
  const tempDir = async () => {
    // mkdtemp makes the directory 0700: the temporary output is readable by this user only.
    tmp ??= await mkdtemp(join(tmpdir(), 'wuming-anonymize-'));
    return tmp;
  };
  try {
    // Before any work: `out` must not be the input (by another path or a link).
    if (opts.out !== undefined) {
      const paths = [opts.input, opts.population].filter((p): p is string => typeof p === 'string');
      await assertWritableTarget(opts.out, paths);
    }
    const out = opts.out ?? join(await tempDir(), 'output.csv');
    const job: PreparedJob = { opts, out, suppression, mode, onWarning };
    const input = opts.input;
    let r: Prepared;
    if (typeof input === 'string' || isRelation(input)) {
      r =
        typeof input === 'string' && !opts.engine
          ? await anonymizePath(job, input)
          : await withEngine(opts.engine, (engine) => anonymizeInEngine(job, engine, input));
    } else {
      r = await anonymizeRows(job, rowsTable(input));
    }
    const result: AnonymizeResult = {
      ...r.result,
      hierarchies: r.hierarchies,
      autoHierarchies: r.auto,
      levelMeanings: Object.fromEntries(
        r.result.qi.map((c) => [c, describeLevel(r.hierarchies[c], r.result.transformation[c])]),
      ),
      warnings,
    };
    if (opts.out === undefined) {
      result.rows = await readRows(out);
      result.out = undefined;
    }
    return result;
  } finally {
    if (tmp) await rm(tmp, { recursive: true, force: true });
  }
}

/** The suppression limit as the fraction the search takes, from either option. */
function suppressionFraction(opts: AnonymizeOptions): number {
  const { suppressionPercent: pct, suppression: frac } = opts;
  if (pct !== undefined && frac !== undefined) {
    throw new WumingError(
      'BAD_OPTION',
      'give suppressionPercent (percent) or the deprecated suppression (fraction), not both',
      { kind: 'usage' },
    );
  }
  if (pct !== undefined) {
    if (typeof pct !== 'number' || !(pct >= 0 && pct <= 100)) {
      throw new WumingError('BAD_OPTION', 'suppressionPercent must be a number between 0 and 100', {
        kind: 'usage',
      });
    }
    return pct / 100;
  }
  if (frac !== undefined && (typeof frac !== 'number' || !(frac >= 0 && frac <= 1))) {
    throw new WumingError('BAD_OPTION', 'suppression (a fraction, deprecated) must be between 0 and 1', {
      kind: 'usage',
    });
  }
  return frac ?? 0;
}

interface PreparedJob {
  opts: AnonymizeOptions;
  out: string;
  suppression: number;
  mode: 'auto' | 'memory' | 'engine';
  onWarning: (m: string) => void;
}

interface Prepared {
  result: AnonymizeResult;
  hierarchies: Record<string, Hierarchy>;
  auto: Record<string, { spec: HierarchySpec; reason: string }>;
}

const isRelation = (x: unknown): x is Relation =>
  typeof x === 'object' &&
  x !== null &&
  !Array.isArray(x) &&
  typeof (x as Relation).sql === 'string' &&
  Array.isArray((x as Relation).columns);

async function withEngine<T>(given: Engine | undefined, fn: (engine: Engine) => Promise<T>): Promise<T> {
  if (given) return fn(given);
  // The engine module (and so DuckDB's binding) is loaded only here.
  const { createEngine } = await import('../engine/duckdb.js');
  const engine = await createEngine();
  try {
    return await fn(engine);
  } finally {
    await engine.close();
  }
}

/**
 * The hierarchies of a job on a table with these columns: the given ones (a record, or a
 * directory read for the columns wanted), and for each listed quasi-identifier without one, one
 * built from its distinct values.
 */
async function jobHierarchies(
  job: PreparedJob,
  path: DataPath,
): Promise<{
  hierarchies: Record<string, Hierarchy>;
  auto: Prepared['auto'];
  qi: readonly string[] | 'all';
}> {
  const { opts } = job;
  const columns = path.columns;
  const qi = opts.qi ?? 'all';
  // Every model's own sensitive column: its hierarchy (hierarchical t-closeness) is loaded too.
  const spec = Array.isArray(opts.models) ? undefined : (opts.models as ModelSpec);
  const sensitives = (
    spec
      ? [spec.sensitive, spec.lSensitive, spec.tSensitive]
      : (opts.models as readonly PrivacyModel[]).map((m) => m.sensitive)
  ).filter((c): c is string => c !== undefined);
  const wanted = qi === 'all' ? [...columns] : [...new Set([...qi, ...sensitives])];
  const given =
    typeof opts.hierarchies === 'string'
      ? await loadHierarchies(opts.hierarchies, wanted, { onWarning: job.onWarning })
      : { ...(opts.hierarchies ?? {}) };
  if (qi === 'all' && Object.keys(given).length === 0) {
    throw new WumingError(
      'NO_QI',
      'name the quasi-identifiers in qi (their hierarchies are then built from the values), or give hierarchies',
      { kind: 'usage' },
    );
  }
  const auto: Prepared['auto'] = {};
  if (qi !== 'all') {
    for (const c of qi) {
      if (given[c] || !columns.includes(c) || sensitives.includes(c)) continue;
      const leaves = await path.distinct(c);
      if (leaves.length === 0) {
        throw new WumingError(
          'EMPTY_COLUMN',
          'the quasi-identifier has no values to build a hierarchy from',
          {
            location: { column: c },
          },
        );
      }
      // Loaded only here: the builders bring zod (~60-100 ms at start-up) that a run with its
      // hierarchies given never needs.
      const { autoHierarchy } = await import('../hierarchy/auto.js');
      const a = autoHierarchy(c, leaves);
      given[c] = a.hierarchy;
      auto[c] = { spec: a.spec, reason: a.reason };
    }
  }
  return { hierarchies: given, auto, qi };
}

/** The job's options as both data paths take them, once its hierarchies are known. */
function pathJob(
  job: PreparedJob,
  h: { hierarchies: Record<string, Hierarchy>; qi: readonly string[] | 'all' },
): PathJobOptions {
  const { opts } = job;
  return {
    out: job.out,
    hierarchies: h.hierarchies,
    qi: h.qi,
    models: opts.models,
    suppression: job.suppression,
    metric: opts.metric,
    localRecoding: opts.localRecoding,
    timeLimitMs: opts.timeLimitMs,
    onProgress: opts.onProgress,
  };
}

/** The QIs' (and the sensitive column's) hierarchies only, for the result. */
function usedHierarchies(all: Record<string, Hierarchy>, result: AnonymizeResult): Record<string, Hierarchy> {
  return Object.fromEntries(result.qi.filter((c) => all[c]).map((c) => [c, all[c]]));
}

/** A path without an engine: in memory when eligible, else in an engine made for the job. */
async function anonymizePath(job: PreparedJob, path: string): Promise<Prepared> {
  const { opts, mode } = job;
  if (isExcelPath(path) || /\.xls$/i.test(path)) {
    // A sheet is read whole by the workbook reader anyway: its rows take the rows path.
    const readStart = performance.now();
    const t = await readExcel(path);
    const table = { ...rowsTable({ columns: t.columns, rows: t.rows }), source: path };
    const readSeconds = (performance.now() - readStart) / 1000;
    const r = await anonymizeRows(job, table);
    return { ...r, result: { ...r.result, stages: { read: readSeconds, ...r.result.stages } } };
  }
  let why: string | undefined;
  if (mode !== 'engine') {
    why = memoryPathRuledOut(opts, job.out);
    if (!why) {
      const readStart = performance.now();
      const table = await readCsvInMemory(path, {
        maxBytes: mode === 'memory' ? Number.POSITIVE_INFINITY : MEMORY_CSV_MAX_BYTES,
        onProgress: opts.onProgress,
        onIneligible: (reason) => {
          why = reason;
        },
      });
      if (table) {
        const readSeconds = (performance.now() - readStart) / 1000;
        const r = await tryInMemory(job, table);
        if ('result' in r)
          return { ...r, result: { ...r.result, stages: { read: readSeconds, ...r.result.stages } } };
        why = r.why;
      }
    }
    if (mode === 'memory') {
      throw new WumingError(
        'MEMORY_PATH_INELIGIBLE',
        `the in-memory data path cannot take this job: ${why}`,
        {
          kind: 'usage',
          location: { file: path },
        },
      );
    }
  }
  return withEngine(undefined, (engine) => anonymizeInEngine(job, engine, path));
}

/** Rows: in memory when eligible, else loaded into an engine (given or made for the job). */
async function anonymizeRows(job: PreparedJob, table: MemoryTable): Promise<Prepared> {
  const { opts, mode } = job;
  let why = mode === 'engine' ? 'dataPath is engine' : memoryPathRuledOut(opts, job.out);
  if (!why) {
    const r = await tryInMemory(job, table);
    if ('result' in r) return r;
    why = r.why;
  }
  if (mode === 'memory') {
    throw new WumingError('MEMORY_PATH_INELIGIBLE', `the in-memory data path cannot take this job: ${why}`, {
      kind: 'usage',
    });
  }
  return withEngine(opts.engine, async (engine) =>
    anonymizeInEngine(job, engine, await loadRows(engine, table)),
  );
}

/** The in-memory path, or why it cannot take the job. */
async function tryInMemory(job: PreparedJob, table: MemoryTable): Promise<Prepared | { why: string }> {
  const path = new MemoryDataPath(table);
  const h = await jobHierarchies(job, path);
  try {
    assertMemoryOutput(job.out);
    const result = await anonymizeOn(path, pathJob(job, h));
    return { result, hierarchies: usedHierarchies(h.hierarchies, result), auto: h.auto };
  } catch (e) {
    if (!(e instanceof Ineligible)) throw e;
    return { why: e.message };
  }
}

/** The engine path on a path or relation in `engine`. */
async function anonymizeInEngine(
  job: PreparedJob,
  engine: Engine,
  input: Relation | string,
): Promise<Prepared> {
  const { opts } = job;
  const readStart = performance.now();
  const path = await EngineDataPath.open(engine, input, {
    subject: opts.subject,
    exclude: opts.exclude,
    population: opts.population,
    onProgress: opts.onProgress,
  });
  const h = await jobHierarchies(job, path);
  const readSeconds = (performance.now() - readStart) / 1000;
  const result = await anonymizeOn(path, pathJob(job, h));
  return {
    result: { ...result, stages: { read: readSeconds, ...result.stages } },
    hierarchies: usedHierarchies(h.hierarchies, result),
    auto: h.auto,
  };
}

/** Why a job cannot take the in-memory path, before reading anything; undefined when it may. */
function memoryPathRuledOut(o: AnonymizeOptions, out: string): string | undefined {
  if (o.subject) return 'a subject column (counting people, not rows) needs the engine';
  if (o.population) return 'a population table (δ-presence, k-map) needs the engine';
  if (isColumnar(out)) return 'Parquet output needs the engine';
  return undefined;
}

/** Rows as the in-memory path's dictionary-encoded table (cells as text; null/undefined/'' missing). */
function rowsTable(input: AnonymizeRows): MemoryTable {
  let columns: string[];
  let cell: (r: number, c: number) => unknown;
  let n: number;
  if (Array.isArray(input)) {
    const objects = input as readonly Readonly<Record<string, unknown>>[];
    const seen = new Set<string>();
    columns = [];
    for (const o of objects) {
      if (typeof o !== 'object' || o === null) {
        throw new WumingError('BAD_ROWS', 'input rows must be objects keyed by column name', {
          kind: 'usage',
        });
      }
      for (const k of Object.keys(o)) {
        if (!seen.has(k)) {
          seen.add(k);
          columns.push(k);
        }
      }
    }
    n = objects.length;
    cell = (r, c) => objects[r][columns[c]];
  } else {
    const t = input as { columns: readonly string[]; rows: readonly (readonly unknown[])[] };
    if (!Array.isArray(t.columns) || !Array.isArray(t.rows)) {
      throw new WumingError(
        'BAD_ROWS',
        'input must be a path, a relation, an array of objects or {columns, rows}',
        {
          kind: 'usage',
        },
      );
    }
    columns = [...t.columns];
    t.rows.forEach((row, r) => {
      if (!Array.isArray(row) || row.length !== columns.length) {
        throw new WumingError(
          'BAD_ROWS',
          `row ${r + 1} has ${Array.isArray(row) ? row.length : 0} cells, the header has ${columns.length}`,
          { kind: 'usage', location: { line: r + 1 } },
        );
      }
    });
    n = t.rows.length;
    cell = (r, c) => t.rows[r][c];
  }
  if (n === 0) throw new WumingError('NO_ROWS', 'the input has no rows', { kind: 'usage' });
  const data = columns.map((_, c) => {
    const index = new Map<string | null, number>();
    const values: (string | null)[] = [];
    const codes = new Int32Array(n);
    for (let r = 0; r < n; r++) {
      const v = cell(r, c);
      const text =
        v === null || v === undefined || v === '' ? null : v instanceof Date ? v.toISOString() : String(v);
      let code = index.get(text);
      if (code === undefined) {
        code = values.length;
        values.push(text);
        index.set(text, code);
      }
      codes[r] = code;
    }
    return { values, codes };
  });
  return {
    source: '<rows>',
    columns,
    data,
    rows: n,
    header: columns,
    info: { path: '<rows>', format: 'csv', rows: n },
  };
}

/** Read an output this job wrote back as rows. */
async function readRows(path: string): Promise<Record<string, string | null>[]> {
  let why = '';
  const t = await readCsvInMemory(path, {
    maxBytes: Number.POSITIVE_INFINITY,
    onIneligible: (reason) => {
      why = reason;
    },
  });
  if (!t) {
    throw new WumingError('OUTPUT_UNREADABLE', `cannot read the anonymized table back: ${why}`, {
      kind: 'internal',
    });
  }
  const out: Record<string, string | null>[] = new Array(t.rows);
  for (let r = 0; r < t.rows; r++) {
    const row: Record<string, string | null> = {};
    t.columns.forEach((c, i) => {
      const col = t.data[i]!;
      row[c] = col.values[col.codes[r]];
    });
    out[r] = row;
  }
  return out;
}

/** What the CLI passes: paths and flags. */
export interface RunAnonymizeOptions {
  input: string;
  out: string;
  /** Directory of ARX-format hierarchies; without it, each QI's hierarchy is built from its values. */
  hierarchiesDir?: string;
  qi: readonly string[] | 'all';
  models: ModelSpec;
  /** Fraction 0..1. */
  suppression: number;
  metric?: MetricId;
  localRecoding?: boolean;
  population?: string;
  /** The privacy unit column (see AnonymizeOptions.subject). */
  subject?: string;
  timeLimitMs?: number;
  onProgress?: ProgressFn;
  onWarning?: (message: string) => void;
  /** See AnonymizeOptions.dataPath. */
  dataPath?: 'auto' | 'memory' | 'engine';
  /** Write the hierarchies used (given or built) to this directory in ARX format. */
  saveHierarchies?: string;
}

/** The input file's name without directory and extension, for saved hierarchy file names. */
function fileStem(path: string): string {
  const base = path.split(/[\\/]/).pop() ?? 'data';
  const dot = base.lastIndexOf('.');
  return (dot > 0 ? base.slice(0, dot) : base) || 'data';
}

/**
 * The CLI's call: `anonymize` on a path with a hierarchy directory (or none), then the
 * hierarchies used saved when asked (`savedHierarchies`: the files written).
 */
export async function runAnonymize(
  o: RunAnonymizeOptions,
): Promise<AnonymizeResult & { out: string; savedHierarchies: string[] }> {
  const r = await anonymize({
    input: o.input,
    out: o.out,
    hierarchies: o.hierarchiesDir,
    qi: o.qi,
    models: o.models,
    suppression: o.suppression,
    metric: o.metric,
    localRecoding: o.localRecoding,
    population: o.population,
    subject: o.subject,
    timeLimitMs: o.timeLimitMs,
    onProgress: o.onProgress,
    onWarning: o.onWarning,
    dataPath: o.dataPath,
  });
  const savedHierarchies = o.saveHierarchies
    ? await saveHierarchies(o.saveHierarchies, r.hierarchies ?? {}, fileStem(o.input))
    : [];
  return { ...r, out: o.out, savedHierarchies };
}
