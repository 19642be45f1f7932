import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Engine, Relation } from '../engine/engine.js';
import { WumingError } from '../errors.js';
import { autoHierarchy } from '../hierarchy/auto.js';
import type { HierarchySpec } from '../hierarchy/builders/index.js';
import { describeLevel } from '../hierarchy/describe.js';
import type { Hierarchy } from '../hierarchy/hierarchy.js';
import { loadHierarchies } from '../hierarchy/load.js';
import { MEMORY_CSV_MAX_BYTES, type MemoryTable, readCsvInMemory } from '../io/csv-memory.js';
import { isExcelPath, readExcel } from '../io/excel.js';
import { assertWritableTarget, writeRelation } from '../io/write.js';
import { lossMetric, metricById, metrics } from '../metrics/index.js';
import type { ClassView, MetricId } from '../metrics/metric.js';
import type { PrivacyModel } from '../privacy/model.js';
import { type ModelSpec, modelsFromSpec } from '../privacy/spec.js';
import { type Verification, type VerifyOptions, verifyOutput } from '../privacy/verify.js';
import type { ProgressFn } from '../progress.js';
import { view } from '../search/evaluator.js';
import { buildFrequencyTable, loadCodeTable, tempPrefix } from '../search/frequency.js';
import { canonicalOrder } from '../search/frequency-memory.js';
import { type SearchResult, search } from '../search/index.js';
import { type LocalRecodingResult, localRecoding } from '../search/local.js';
import type { FrequencyTable } from '../search/table.js';
import { anonymizeInMemory, Ineligible } from './anonymize-memory.js';

export { loadHierarchies };

/**
 * Options of the engine job `anonymizeRelation` (a relation or file read into a given engine,
 * hierarchies ready, an output file). Most callers want `anonymize`, which takes a path, a
 * relation or in-memory rows and fills in the rest.
 */
export interface RelationAnonymizeOptions {
  engine: Engine;
  /** A relation in `engine`, or a file path read into it. */
  input: Relation | string;
  /** Output file (.csv or .parquet), written atomically. */
  out: string;
  /** One hierarchy per quasi-identifier (and for the sensitive column with hierarchical t-closeness). */
  hierarchies: Record<string, Hierarchy>;
  /** Quasi-identifiers, or 'all' = every column that has a hierarchy, except the sensitive one. */
  qi: readonly string[] | 'all';
  models: ModelSpec | readonly PrivacyModel[];
  /** Suppression limit as a fraction of the records (0.05 = 5 %); `anonymize` takes a percent. */
  suppression: number;
  metric?: MetricId;
  localRecoding?: boolean;
  population?: Relation | string;
  /**
   * The column naming the person each row is about (the privacy unit), for data with several
   * rows per person. Every model then counts distinct subjects (k = 5 means five people, not
   * five rows), the suppression limit is a share of subjects, and a subject's rows are released
   * or suppressed together. Each subject's quasi-identifiers must be the same on all its rows.
   */
  subject?: string;
  /**
   * Input columns read for the job but not written (a subject column the policy drops: the
   * search and the verification count people by it, the release does not carry it).
   */
  exclude?: readonly string[];
  /** Time limit of the search in ms (default 60 s). */
  timeLimitMs?: number;
  onProgress?: ProgressFn;
}

/** In-memory rows: objects keyed by column name, or a header plus arrays of cells. */
export type AnonymizeRows =
  | readonly Readonly<Record<string, unknown>>[]
  | { readonly columns: readonly string[]; readonly rows: readonly (readonly unknown[])[] };

/** Options of `anonymize`. Only `input`, `models` and (without hierarchies) `qi` are required. */
export interface AnonymizeOptions {
  /**
   * The table: a file path (CSV, TSV, Parquet or JSON; small UTF-8 CSV files are anonymized in
   * memory without starting a database), a relation in `engine`, or in-memory rows (objects keyed
   * by column name, or `{columns, rows}`). Cells are read as text; null, undefined and '' are
   * missing values.
   */
  input: string | Relation | AnonymizeRows;
  /**
   * The engine holding `input` when it is a relation, or to read a path into. Without one, a
   * path or rows are anonymized in memory when they can be, else in an engine created (and
   * closed) for this call.
   */
  engine?: Engine;
  /**
   * Output file (.csv, .tsv or .parquet), written atomically and then verified from disk. Without
   * it, the anonymized table is returned as `result.rows` (it is still written to a private
   * temporary file, verified from there, read back and deleted).
   */
  out?: string;
  /**
   * Quasi-identifiers to generalize: column names, or 'all' = every column that has a hierarchy
   * (default 'all' when hierarchies are given; required otherwise).
   */
  qi?: readonly string[] | 'all';
  /**
   * Generalization hierarchies: per column (from `loadHierarchies`, `buildHierarchy`,
   * `autoHierarchy`), or a directory of ARX-format files (`<anything>_hierarchy_<column>.csv` or
   * `<column>.csv`). A quasi-identifier without one gets one built from its values by
   * `autoHierarchy` (the builders `wuming scan` proposes); `result.autoHierarchies` says which.
   */
  hierarchies?: Record<string, Hierarchy> | string;
  /**
   * Privacy models, all of which must hold at once: `{k, l, lVariant, c, t, tDistance, sensitive,
   * deltaMin, deltaMax, kMap}` (e.g. `{k: 5}`, `{k: 5, l: 2, sensitive: 'diagnosis'}`), or ready
   * PrivacyModel objects from `privacy`.
   */
  models: ModelSpec | readonly PrivacyModel[];
  /**
   * Largest share of the records that may be suppressed (their quasi-identifiers set to '*'), in
   * percent: 5 = 5 %. Default 0. The same unit as the CLI's `--suppression` and the policy's
   * `privacy.suppression`.
   */
  suppressionPercent?: number;
  /**
   * @deprecated The suppression limit as a fraction (0.05 = 5 %), as before 0.2; use
   * `suppressionPercent`. Giving both is an error.
   */
  suppression?: number;
  /** Utility metric minimized: 'loss' (default) | 'entropy' | 'precision' | 'discernibility' | 'aecs' | 'height'. */
  metric?: MetricId;
  /** Local recoding (per-class levels) instead of one global transformation. */
  localRecoding?: boolean;
  /** Population table (path or relation in `engine`) for δ-presence and k-map. */
  population?: Relation | string;
  /**
   * The column naming the person each row is about (the privacy unit): models count distinct
   * people, the suppression limit is a share of people, a person's rows go together (see
   * RelationAnonymizeOptions.subject). Runs on the engine path.
   */
  subject?: string;
  /** Input columns read (e.g. a dropped subject column) but not written. */
  exclude?: readonly string[];
  /** Time limit of the search in ms (default 60 s); past it the best transformation found is used. */
  timeLimitMs?: number;
  /** Progress of each stage (read, frequencies, search, write, verify); never PI. */
  onProgress?: ProgressFn;
  /** Harmless problems (e.g. duplicate hierarchy rows); also listed in `result.warnings`. */
  onWarning?: (message: string) => void;
  /**
   * Data path for a file or rows: 'auto' (default: in memory when eligible, else the engine),
   * 'memory' (in memory or an error saying why not), 'engine' (always DuckDB).
   */
  dataPath?: 'auto' | 'memory' | 'engine';
}

export interface AnonymizeResult {
  /**
   * Generalization level per QI of the chosen full-domain transformation (with local recoding:
   * of the best global transformation it is compared with; the output then has per-class levels).
   */
  transformation: Record<string, number>;
  suppressed: number;
  classes: number;
  metric: MetricId;
  score: number;
  /** Every utility metric on the output (lower = less loss), plus granularity (higher = better). */
  metrics: Record<MetricId, number> & { granularity: number };
  optimal: boolean;
  algorithm: 'optimal' | 'heuristic' | 'local-recoding';
  latticeSize: number;
  evaluated: number;
  models: string[];
  qi: string[];
  /**
   * The suppression limit in percent and in records (`budget`); suppressed records are written,
   * with every QI replaced by '*' (as ARX does).
   */
  suppression: { limitPercent: number; budget: number; representation: '*' };
  rowsIn: number;
  rowsOut: number;
  distinctCombinations: number;
  verification: Verification;
  /** Local recoding, when asked: its classes and utility against the best global transformation. */
  local?: {
    classes: number;
    suppressed: number;
    granularity: number;
    globalGranularity: number;
    loss: number;
  };
  /** The output file; undefined when the table was returned in `rows`. */
  out?: string;
  /** The anonymized table, when no `out` was given: one object per record, cells as text (null = missing). */
  rows?: Record<string, string | null>[];
  /** The hierarchies used, per quasi-identifier (set by `anonymize`). */
  hierarchies?: Record<string, Hierarchy>;
  /** Quasi-identifiers whose hierarchy was built from the values, with the builder and why. */
  autoHierarchies?: Record<string, { spec: HierarchySpec; reason: string }>;
  /** What each QI's chosen level means, e.g. `level 3 of 5 = bands of 20, e.g. [20, 40)`. */
  levelMeanings?: Record<string, string>;
  /** Harmless problems met on the way (also given to `onWarning`). */
  warnings?: string[];
  seconds: number;
  /** Wall seconds per stage (read, frequencies, search, local recoding, write, verify). */
  stages: Record<string, number>;
  /** Which data path ran: the table held in memory (small CSV files) or the engine (DuckDB). */
  dataPath: 'memory' | 'engine';
}

/** What both data paths need to know about the job, from the options they share. */
export interface JobOptions {
  hierarchies: Record<string, Hierarchy>;
  qi: readonly string[] | 'all';
  models: ModelSpec | readonly PrivacyModel[];
  suppression: number;
}

/**
 * The quasi-identifiers and the sensitive column of a job on a table with these columns, with
 * the usage errors a person can act on (identical on both data paths).
 */
export function resolveColumns(
  columns: readonly string[],
  opts: JobOptions,
): { qi: string[]; sensitive: string | undefined; spec: ModelSpec | undefined } {
  const spec = Array.isArray(opts.models) ? undefined : (opts.models as ModelSpec);
  const named = spec
    ? [
        ...(spec.l !== undefined ? [spec.lSensitive ?? spec.sensitive] : []),
        ...(spec.t !== undefined ? [spec.tSensitive ?? spec.sensitive] : []),
        spec.sensitive,
      ]
    : (opts.models as readonly PrivacyModel[]).map((m) => m.sensitive);
  const sensitives = [...new Set(named.filter((c): c is string => c !== undefined))];
  // The search's frequency table carries one sensitive column. Models on two (l-diversity on a
  // diagnosis, t-closeness on an income) would be enforced on one and silently not on the other:
  // refuse instead, and say how to get both.
  if (sensitives.length > 1) {
    throw new WumingError(
      'SEVERAL_SENSITIVE',
      `the privacy models name ${sensitives.length} sensitive columns (${sensitives.join(', ')}); the search enforces models on one sensitive column per run: anonymize for one, then verify the other with \`wuming verify\`, or generalize the other as a quasi-identifier`,
      { kind: 'usage' },
    );
  }
  const sensitive = sensitives[0];
  const qi = opts.qi === 'all' ? columns.filter((c) => opts.hierarchies[c] && c !== sensitive) : [...opts.qi];
  if (qi.length === 0) {
    throw new WumingError(
      'NO_QI',
      'no quasi-identifier: no input column has a hierarchy (name the columns in qi; their hierarchies are then built from the values)',
      { kind: 'usage' },
    );
  }
  for (const c of qi) {
    if (!columns.includes(c))
      throw new WumingError('NO_COLUMN', `no column "${c}" in the input`, {
        kind: 'usage',
        location: { column: c },
      });
    if (!opts.hierarchies[c])
      throw new WumingError('NO_HIERARCHY', `no hierarchy for quasi-identifier "${c}"`, {
        kind: 'usage',
        location: { column: c },
      });
  }
  if (sensitive && qi.includes(sensitive)) {
    throw new WumingError(
      'SENSITIVE_IS_QI',
      `the sensitive column "${sensitive}" cannot also be a quasi-identifier`,
      { kind: 'usage' },
    );
  }
  if (!(opts.suppression >= 0 && opts.suppression <= 1)) {
    throw new WumingError('BAD_SUPPRESSION', 'suppressionPercent must be between 0 and 100', {
      kind: 'usage',
    });
  }
  return { qi, sensitive, spec };
}

/**
 * The privacy models of a job. For t-closeness without a chosen distance: the sensitive
 * column's taxonomy when it has a hierarchy, the numeric order when every non-NULL sensitive
 * value is a number (`sensitiveIsNumeric`, asked only then: each data path answers it its own
 * way), else equal distance.
 */
export async function resolveModels(
  models: ModelSpec | readonly PrivacyModel[],
  sensitiveHierarchy: Hierarchy | undefined,
  sensitiveIsNumeric: () => Promise<boolean>,
): Promise<PrivacyModel[]> {
  if (Array.isArray(models)) return [...(models as readonly PrivacyModel[])];
  const spec = models as ModelSpec;
  let tDistance = spec.tDistance;
  if (spec.t !== undefined && tDistance === undefined && spec.sensitive) {
    if (sensitiveHierarchy) tDistance = 'hierarchical';
    else tDistance = (await sensitiveIsNumeric()) ? 'ordered' : 'equal';
  }
  return modelsFromSpec({ ...spec, tDistance });
}

/**
 * Stage timings riding on the progress events: a stage runs from its `done: 0` to its last event
 * (`done === total`); the caller's callback still sees every event.
 */
export function stageClock(onProgress: ProgressFn | undefined): {
  progress: ProgressFn;
  stages: Record<string, number>;
} {
  const user = onProgress ?? (() => {});
  const stages: Record<string, number> = {};
  const started: Record<string, number> = {};
  const progress: ProgressFn = (e) => {
    if (e.done === 0) started[e.stage] = performance.now();
    else if (e.done === e.total && started[e.stage] !== undefined)
      stages[e.stage] = (performance.now() - started[e.stage]) / 1000;
    user(e);
  };
  return { progress, stages };
}

/**
 * The search, then local recoding when asked, timed as stages: the part both data paths share
 * between the frequency table and the output.
 */
export function searchTable(
  table: FrequencyTable,
  models: readonly PrivacyModel[],
  metricId: MetricId,
  opts: { suppression: number; timeLimitMs?: number; localRecoding?: boolean; onProgress?: ProgressFn },
  progress: ProgressFn,
  stages: Record<string, number>,
): { result: SearchResult; local?: LocalRecodingResult } {
  const searchStart = performance.now();
  const result = search(table, models, metricById(metricId), {
    suppression: opts.suppression,
    timeLimitMs: opts.timeLimitMs,
    onProgress: opts.onProgress,
  });
  stages.search = (performance.now() - searchStart) / 1000;
  let local: LocalRecodingResult | undefined;
  if (opts.localRecoding) {
    progress({ stage: 'local recoding', done: 0, total: 1 });
    local = localRecoding(table, models, { suppression: opts.suppression });
    progress({ stage: 'local recoding', done: 1, total: 1 });
  }
  return { result, local };
}

/** Labels the verifier accepts per QI: the chosen level's (global), any level's (local recoding). */
export function allowedLabelsOf(
  table: FrequencyTable,
  levels: readonly number[],
  local: boolean,
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  table.qi.forEach((c, i) => {
    const h = table.hierarchies[i];
    out[c] = local ? h.labels.flat() : [...h.labels[levels[i]]];
  });
  return out;
}

/** Throw when the written file failed its independent re-check. */
export function assertVerified(verification: Verification, out: string): void {
  if (!verification.ok) {
    throw new WumingError(
      'VERIFICATION_FAILED',
      `the written output failed verification: ${verification.problems.join('; ')}`,
      { kind: 'internal', location: { file: out } },
    );
  }
}

/** The result of a run, from the search (and local recoding) and the verification of the file. */
export function assembleResult(r: {
  table: FrequencyTable;
  models: readonly PrivacyModel[];
  metricId: MetricId;
  result: SearchResult;
  local: LocalRecodingResult | undefined;
  verification: Verification;
  suppression: number;
  out: string;
  t0: number;
  stages: Record<string, number>;
  dataPath: 'memory' | 'engine';
}): AnonymizeResult {
  const { table, result, local, verification } = r;
  const globalView = view(result.partition, result.checked);
  const monoSupp = r.models.every((m) => m.monotonicWithSuppression);
  const allMetrics = (v: ClassView) => {
    const out = {} as Record<MetricId, number>;
    for (const [id, m] of Object.entries(metrics)) {
      out[id as MetricId] = m.prepare(table, { modelsMonotonicWithSuppression: monoSupp }).score(v);
    }
    return out;
  };
  const lossPrepared = lossMetric.prepare(table);
  const granularityOf = (v: ClassView) => {
    const cols = lossPrepared.perColumn(v);
    return 1 - cols.reduce((a, b) => a + b, 0) / cols.length;
  };
  const chosen = local ? local.view : globalView;
  const all = allMetrics(chosen);
  const qi = [...table.qi];
  const transformation: Record<string, number> = {};
  qi.forEach((c, i) => {
    transformation[c] = result.levels[i];
  });
  return {
    transformation,
    suppressed: local ? local.view.suppressed : result.suppressed,
    classes: local ? verification.classes : result.classes,
    metric: r.metricId,
    score: all[r.metricId],
    metrics: { ...all, granularity: granularityOf(chosen) },
    optimal: local ? false : result.optimal,
    algorithm: local ? 'local-recoding' : result.algorithm,
    latticeSize: result.latticeSize,
    evaluated: result.evaluated,
    models: r.models.map((m) => m.label),
    qi,
    suppression: { limitPercent: r.suppression * 100, budget: result.budget, representation: '*' },
    rowsIn: table.n,
    rowsOut: verification.rowsOut,
    distinctCombinations: table.rows,
    verification,
    local: local
      ? {
          classes: verification.classes,
          suppressed: local.view.suppressed,
          granularity: granularityOf(local.view),
          globalGranularity: granularityOf(globalView),
          loss: all.loss,
        }
      : undefined,
    out: r.out,
    seconds: (performance.now() - r.t0) / 1000,
    stages: r.stages,
    dataPath: r.dataPath,
  };
}

/**
 * Anonymize a table through the engine: frequency table by one GROUP BY in the engine, optimal
 * (or heuristic) full-domain search in memory, the chosen transformation applied back in SQL and
 * written atomically, then the output re-read and every model verified independently. Throws
 * WumingError 'VERIFICATION_FAILED' if the written file does not meet what was promised.
 * (`anonymize` takes small CSV files and rows through the in-memory path instead: anonymize-memory.ts.)
 */
export async function anonymizeRelation(opts: RelationAnonymizeOptions): Promise<AnonymizeResult> {
  const t0 = performance.now();
  const { engine } = opts;
  const d = engine.dialect;
  const { progress, stages } = stageClock(opts.onProgress);
  // Loaded here, not at start-up: the in-memory path never needs them (nor iconv-lite, below).
  const { readSource, scanSource } = await import('../io/read.js');
  const rel =
    typeof opts.input === 'string'
      ? await readSource(engine, opts.input, { view: isColumnar(opts.input) })
      : opts.input;
  const { qi, sensitive } = resolveColumns(
    rel.columns.map((c) => c.name),
    opts,
  );
  const sensitiveHierarchy = sensitive ? opts.hierarchies[sensitive] : undefined;
  const models = await resolveModels(opts.models, sensitiveHierarchy, async () => {
    const s = d.ident(sensitive!);
    const r = await engine.query(
      `SELECT bool_and(${d.tryDouble(s)} IS NOT NULL) AS num FROM ${rel.sql} WHERE ${s} IS NOT NULL`,
    );
    return r[0].num === true;
  });
  const needsSensitive = models.some((m) => m.requires === 'distribution');
  const needsHierSensitive = models.some((m) => m.id === 't-closeness-hierarchical');
  const population = opts.population
    ? typeof opts.population === 'string'
      ? await readSource(engine, opts.population, { view: isColumnar(opts.population) })
      : opts.population
    : undefined;

  progress({ stage: 'frequencies', done: 0, total: 1 });
  const prefix = tempPrefix();
  const counted = opts.subject
    ? await subjectRelation(engine, rel, opts.subject, qi, needsSensitive ? sensitive : undefined, prefix)
    : rel;
  let table = await buildFrequencyTable(engine, counted, {
    qi,
    hierarchies: qi.map((c) => opts.hierarchies[c]),
    sensitive: needsSensitive ? sensitive : undefined,
    sensitiveHierarchy: needsHierSensitive ? sensitiveHierarchy : undefined,
    population,
    prefix,
  });
  // Local recoding depends on the row order (see canonicalOrder); GROUP BY's is arbitrary.
  if (opts.localRecoding) table = canonicalOrder(table).table;
  progress({ stage: 'frequencies', done: 1, total: 1 });

  const metricId = opts.metric ?? 'loss';
  const { result, local } = searchTable(table, models, metricId, opts, progress, stages);

  progress({ stage: 'write', done: 0, total: 1 });
  const exclude = new Set(opts.exclude ?? []);
  const outRel = exclude.size ? { ...rel, columns: rel.columns.filter((c) => !exclude.has(c.name)) } : rel;
  const outSql = local
    ? await localOutputSql(engine, outRel, table, local, prefix)
    : await globalOutputSql(
        engine,
        outRel,
        table,
        result.levels,
        result.partition,
        result.checked.kept,
        prefix,
      );
  let verification!: Verification;
  // Verify-then-publish: the verification below runs on the complete temporary file, which
  // replaces opts.out only when it passes (src/io/write.ts).
  await writeRelation(engine, outSql, opts.out, {
    inputs: [typeof opts.input === 'string' ? opts.input : undefined],
    verify: async (tmp) => {
      progress({ stage: 'write', done: 1, total: 1 });

      // Verify what was written, from the file, with independent checks.
      progress({ stage: 'verify', done: 0, total: 1 });
      // One pass over the written file (no copy into the engine): verifyOutput needs a single GROUP BY.
      const written = await scanSource(engine, tmp, { name: `${prefix}_out` });
      let popSql: VerifyOptions['population'];
      if (population)
        popSql = {
          sql: await generalizedPopulationSql(
            engine,
            population,
            table,
            local ? undefined : result.levels,
            prefix,
          ),
        };
      // A subject column that is not written is attached to the re-read rows by position (the
      // output keeps the input's row order), so the verifier still counts people.
      const checked =
        opts.subject && exclude.has(opts.subject)
          ? await attachByRow(engine, written, rel, opts.subject, `${prefix}_subj`)
          : written;
      verification = await verifyOutput(engine, checked, {
        qi,
        models,
        budget: result.budget,
        rowsIn: opts.subject ? await rowCount(engine, rel) : table.n,
        subject: opts.subject,
        allowedLabels: allowedLabelsOf(table, result.levels, local !== undefined),
        sensitiveHierarchy: needsHierSensitive ? sensitiveHierarchy : undefined,
        population: popSql,
      });
      if (checked !== written) await engine.exec(`DROP TABLE IF EXISTS ${checked.sql}`);
      if (!written.sql.startsWith('(')) await engine.exec(`DROP TABLE IF EXISTS ${written.sql}`);
      progress({ stage: 'verify', done: 1, total: 1 });
      assertVerified(verification, opts.out);
    },
  });
  return assembleResult({
    table,
    models,
    metricId,
    result,
    local,
    verification,
    suppression: opts.suppression,
    out: opts.out,
    t0,
    stages,
    dataPath: 'engine',
  });
}

/**
 * `written` with one more column: `column` of `source` at the same row position. The output is
 * written in the source's row order (rowOrder), so position is the link.
 */
export async function attachByRow(
  engine: Engine,
  written: Relation,
  source: Relation,
  column: string,
  name: string,
): Promise<Relation> {
  const d = engine.dialect;
  const src = await orderedSource(engine, source);
  const rn = d.ident(`${name}_rn`);
  return engine.materialize(
    name,
    `SELECT w.*, s.${d.ident(column)} FROM (SELECT *, row_number() OVER () AS ${rn} FROM ${written.sql}) w
     JOIN (SELECT t.${d.ident(column)}, row_number() OVER (${src.order}) AS ${rn} FROM ${src.from} t) s ON w.${rn} = s.${rn}`,
    { source: written.source },
  );
}

/** Rows of a relation. */
async function rowCount(engine: Engine, rel: Relation): Promise<number> {
  const [r] = await engine.query(`SELECT count(*) AS n FROM ${rel.sql}`);
  return Number(r.n);
}

/**
 * The relation the search counts when rows belong to subjects: one row per distinct (subject,
 * quasi-identifiers[, sensitive value]), so a class's count is its number of subjects (and a
 * sensitive value's, the subjects holding it). That is exact only when each subject's
 * quasi-identifiers are the same on all its rows (then all its rows fall in one class and are
 * suppressed together); varying ones (visit dates, places) make a person a trace, which class
 * sizes cannot protect, so they are refused here with the columns named. The verifier counts
 * distinct subjects again on the written file.
 */
async function subjectRelation(
  engine: Engine,
  rel: Relation,
  subject: string,
  qi: readonly string[],
  sensitive: string | undefined,
  prefix: string,
): Promise<Relation> {
  const d = engine.dialect;
  if (!rel.columns.some((c) => c.name === subject))
    throw new WumingError('NO_COLUMN', `no subject column "${subject}" in the input`, {
      kind: 'usage',
      location: { column: subject },
    });
  if (qi.includes(subject) || subject === sensitive)
    throw new WumingError(
      'SUBJECT_IS_QI',
      `the subject column "${subject}" cannot also be a quasi-identifier or the sensitive column`,
      { kind: 'usage', location: { column: subject } },
    );
  const s = d.ident(subject);
  const varying = qi.map(
    (c) =>
      `count(DISTINCT ${d.ident(c)}) > 1 OR (count(${d.ident(c)}) > 0 AND count(${d.ident(c)}) < count(*))`,
  );
  const [r] = await engine.query(
    `SELECT ${qi.map((_, i) => `sum(CASE WHEN v${i} THEN 1 ELSE 0 END) AS n${i}`).join(', ')} FROM (SELECT ${varying
      .map((v, i) => `(${v}) AS v${i}`)
      .join(', ')} FROM ${rel.sql} GROUP BY ${s})`,
  );
  const bad = qi.filter((_, i) => Number(r[`n${i}`]) > 0);
  if (bad.length > 0)
    throw new WumingError(
      'SUBJECT_QI_VARIES',
      `quasi-identifier${bad.length > 1 ? 's' : ''} ${bad.map((c) => `"${c}"`).join(', ')} take${bad.length > 1 ? '' : 's'} more than one value for some subjects ("${subject}"): rows of one person then fall in several classes, and class sizes do not protect a person's set of rows (a trace). Generalize or drop ${bad.length > 1 ? 'them' : 'it'} so each subject has one value, or treat the data as traces`,
      { kind: 'data', location: { column: bad[0] } },
    );
  const cols = [subject, ...qi, ...(sensitive ? [sensitive] : [])].map((c) => d.ident(c)).join(', ');
  return engine.materialize(`${prefix}_subjects`, `SELECT DISTINCT ${cols} FROM ${rel.sql}`, {
    source: rel.source,
  });
}

/** Parquet is read in place as a view (no copy into the engine); CSV must be parsed into a table. */
const isColumnar = (path: string) => /\.(parquet|pq)$/i.test(path);

/**
 * The relation to read as `t` and the ORDER BY that writes rows in the input's order, so output
 * rows line up with input rows on every run: a table's rowid, or for a view (a Parquet or JSON
 * file read in place, which has none) a row number taken over the file's scan, which DuckDB
 * numbers in file order (insertion order is preserved). Without it the joins of the output
 * query gave another row order on every run (issue 19, case 10c).
 */
async function orderedSource(engine: Engine, rel: Relation): Promise<{ from: string; order: string }> {
  try {
    await engine.describe(`SELECT rowid FROM ${rel.sql}`);
    return { from: rel.sql, order: 'ORDER BY t.rowid' };
  } catch {
    const rn = engine.dialect.ident('__wuming_row');
    return { from: `(SELECT *, row_number() OVER () AS ${rn} FROM ${rel.sql})`, order: `ORDER BY t.${rn}` };
  }
}

/**
 * SQL writing the global transformation: each QI joined to a (value → generalized code, label)
 * table for its chosen level; records of suppressed classes (keyed by their generalized codes)
 * get '*' in every QI; other columns pass through unchanged.
 */
async function globalOutputSql(
  engine: Engine,
  rel: Relation,
  table: FrequencyTable,
  levels: number[],
  partition: { numClasses: number; sizes: Float64Array; rep: Int32Array },
  kept: Uint8Array,
  prefix: string,
): Promise<string> {
  const d = engine.dialect;
  const qi = table.qi;
  for (let i = 0; i < qi.length; i++) {
    const h = table.hierarchies[i];
    const L = levels[i];
    await loadCodeTable(
      engine,
      `${prefix}_m${i}`,
      [
        { name: 'v', type: 'VARCHAR' },
        { name: 'g', type: 'INTEGER' },
        { name: 'lbl', type: 'VARCHAR' },
      ],
      h.leaves.map((v, leaf) => [v, h.maps[L][leaf], h.labels[L][h.maps[L][leaf]]]),
    );
  }
  const supRows: number[][] = [];
  for (let c = 0; c < partition.numClasses; c++) {
    if (kept[c] || partition.sizes[c] === 0) continue;
    const r = partition.rep[c];
    supRows.push(qi.map((_, i) => table.hierarchies[i].maps[levels[i]][table.codes[i][r]]));
  }
  const joins = qi.map((c, i) => `JOIN ${d.ident(`${prefix}_m${i}`)} m${i} ON t.${d.ident(c)} = m${i}.v`);
  let supTest = 'FALSE';
  if (supRows.length > 0) {
    await loadCodeTable(
      engine,
      `${prefix}_sup`,
      qi.map((_, i) => ({ name: `g${i}`, type: 'INTEGER' })),
      supRows,
    );
    joins.push(
      `LEFT JOIN (SELECT *, TRUE AS hit FROM ${d.ident(`${prefix}_sup`)}) x ON ${qi.map((_, i) => `x.g${i} = m${i}.g`).join(' AND ')}`,
    );
    supTest = 'x.hit IS NOT NULL';
  }
  const qIndex = new Map(qi.map((c, i) => [c, i]));
  const select = rel.columns.map((col) => {
    const i = qIndex.get(col.name);
    const id = d.ident(col.name);
    return i === undefined ? `t.${id}` : `CASE WHEN ${supTest} THEN '*' ELSE m${i}.lbl END AS ${id}`;
  });
  const src = await orderedSource(engine, rel);
  return `SELECT ${select.join(', ')} FROM ${src.from} t ${joins.join(' ')} ${src.order}`;
}

/**
 * SQL writing a local recoding: each frequency row (a combination of QI leaf codes) gets the
 * labels of its class's levels (or '*' when suppressed), joined back by the leaf codes.
 */
async function localOutputSql(
  engine: Engine,
  rel: Relation,
  table: FrequencyTable,
  local: LocalRecodingResult,
  prefix: string,
): Promise<string> {
  const d = engine.dialect;
  const qi = table.qi;
  const dq = qi.length;
  const v = local.view;
  const rows: (string | number)[][] = [];
  const seen = new Set<string>();
  for (let r = 0; r < table.rows; r++) {
    const key = qi.map((_, i) => table.codes[i][r]).join(',');
    if (seen.has(key)) continue; // rows differing only in the sensitive value share labels
    seen.add(key);
    const c = v.classOf![r];
    const row: (string | number)[] = qi.map((_, i) => table.codes[i][r]);
    for (let i = 0; i < dq; i++) {
      const L = v.classLevels![c * dq + i];
      row.push(
        v.kept[c] ? table.hierarchies[i].labels[L][table.hierarchies[i].maps[L][table.codes[i][r]]] : '*',
      );
    }
    rows.push(row);
  }
  await loadCodeTable(
    engine,
    `${prefix}_local`,
    [
      ...qi.map((_, i) => ({ name: `c${i}`, type: 'INTEGER' as const })),
      ...qi.map((_, i) => ({ name: `l${i}`, type: 'VARCHAR' as const })),
    ],
    rows,
  );
  const joins = qi.map((c, i) => `JOIN ${d.ident(`${prefix}_h${i}`)} h${i} ON t.${d.ident(c)} = h${i}.v`);
  joins.push(
    `JOIN ${d.ident(`${prefix}_local`)} z ON ${qi.map((_, i) => `z.c${i} = h${i}.c`).join(' AND ')}`,
  );
  const qIndex = new Map(qi.map((c, i) => [c, i]));
  const select = rel.columns.map((col) => {
    const i = qIndex.get(col.name);
    const id = d.ident(col.name);
    return i === undefined ? `t.${id}` : `z.l${i} AS ${id}`;
  });
  const src = await orderedSource(engine, rel);
  return `SELECT ${select.join(', ')} FROM ${src.from} t ${joins.join(' ')} ${src.order}`;
}

/** The population with its QIs generalized like the output (for verifying δ-presence and k-map). */
async function generalizedPopulationSql(
  engine: Engine,
  pop: Relation,
  table: FrequencyTable,
  /** Global levels; undefined for local recoding (then the per-combination label table is used). */
  levels: number[] | undefined,
  prefix: string,
): Promise<string> {
  const d = engine.dialect;
  const qi = table.qi;
  if (levels) {
    const joins = qi
      .map((c, i) => `JOIN ${d.ident(`${prefix}_m${i}`)} m${i} ON p.${d.ident(c)} = m${i}.v`)
      .join(' ');
    return `(SELECT ${qi.map((c, i) => `m${i}.lbl AS ${d.ident(c)}`).join(', ')} FROM ${pop.sql} p ${joins})`;
  }
  const joins = qi.map((c, i) => `JOIN ${d.ident(`${prefix}_h${i}`)} h${i} ON p.${d.ident(c)} = h${i}.v`);
  joins.push(
    `JOIN ${d.ident(`${prefix}_local`)} z ON ${qi.map((_, i) => `z.c${i} = h${i}.c`).join(' AND ')}`,
  );
  return `(SELECT ${qi.map((c, i) => `z.l${i} AS ${d.ident(c)}`).join(', ')} FROM ${pop.sql} p ${joins.join(' ')})`;
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
  columns: readonly string[],
  distinct: (column: string) => Promise<string[]>,
): Promise<{
  hierarchies: Record<string, Hierarchy>;
  auto: Prepared['auto'];
  qi: readonly string[] | 'all';
}> {
  const { opts } = job;
  const qi = opts.qi ?? 'all';
  const sensitive = Array.isArray(opts.models) ? undefined : (opts.models as ModelSpec).sensitive;
  const wanted = qi === 'all' ? [...columns] : [...qi, ...(sensitive ? [sensitive] : [])];
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
      if (given[c] || !columns.includes(c) || c === sensitive) continue;
      const leaves = await distinct(c);
      if (leaves.length === 0) {
        throw new WumingError(
          'EMPTY_COLUMN',
          'the quasi-identifier has no values to build a hierarchy from',
          {
            location: { column: c },
          },
        );
      }
      const a = autoHierarchy(c, leaves);
      given[c] = a.hierarchy;
      auto[c] = { spec: a.spec, reason: a.reason };
    }
  }
  return { hierarchies: given, auto, qi };
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
  return withEngine(opts.engine, async (engine) => {
    const name = `${tempPrefix()}_rows`;
    const raw = `${name}_raw`;
    const d = engine.dialect;
    const cols = table.columns.map((c) => ({ name: c, type: 'VARCHAR' as const }));
    const cells: string[][] = [];
    for (let r = 0; r < table.rows; r++)
      cells.push(table.data.map((col) => col!.values[col!.codes[r]] ?? ''));
    await engine.loadTable(raw, cols, cells);
    // '' stands for a missing value in the bulk load, as an empty CSV field does.
    const rel = await engine.materialize(
      name,
      `SELECT ${table.columns.map((c) => `NULLIF(${d.ident(c)}, '') AS ${d.ident(c)}`).join(', ')} FROM ${d.ident(raw)}`,
      { source: table.source },
    );
    return anonymizeInEngine(job, engine, rel);
  });
}

/** The in-memory path, or why it cannot take the job. */
async function tryInMemory(job: PreparedJob, table: MemoryTable): Promise<Prepared | { why: string }> {
  const { opts } = job;
  const h = await jobHierarchies(job, table.columns, async (c) => {
    const col = table.data[table.columns.indexOf(c)];
    return col ? col.values.filter((v): v is string => v !== null) : [];
  });
  try {
    const result = await anonymizeInMemory({
      table,
      out: job.out,
      hierarchies: h.hierarchies,
      qi: h.qi,
      models: opts.models,
      suppression: job.suppression,
      metric: opts.metric,
      localRecoding: opts.localRecoding,
      timeLimitMs: opts.timeLimitMs,
      onProgress: opts.onProgress,
    });
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
  let rel: Relation;
  if (typeof input === 'string') {
    const { readSource } = await import('../io/read.js');
    rel = await readSource(engine, input, { view: isColumnar(input) });
  } else rel = input;
  const d = engine.dialect;
  const h = await jobHierarchies(
    job,
    rel.columns.map((c) => c.name),
    async (c) => {
      const rows = await engine.queryColumns(
        `SELECT DISTINCT ${d.asText(d.ident(c))} AS v FROM ${rel.sql} WHERE ${d.ident(c)} IS NOT NULL ORDER BY 1`,
      );
      return rows.columns[0].map((v) => String(v));
    },
  );
  const readSeconds = (performance.now() - readStart) / 1000;
  const result = await anonymizeRelation({
    engine,
    input: rel,
    out: job.out,
    hierarchies: h.hierarchies,
    qi: h.qi,
    models: opts.models,
    suppression: job.suppression,
    metric: opts.metric,
    localRecoding: opts.localRecoding,
    population: opts.population,
    subject: opts.subject,
    exclude: opts.exclude,
    timeLimitMs: opts.timeLimitMs,
    onProgress: opts.onProgress,
  });
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
export function rowsTable(input: AnonymizeRows): MemoryTable {
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
}

/** The CLI's call: `anonymize` on a path with a hierarchy directory (or none). */
export async function runAnonymize(o: RunAnonymizeOptions): Promise<AnonymizeResult & { out: string }> {
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
  return { ...r, out: o.out };
}
