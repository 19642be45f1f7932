import type { FrequencyTable } from '../core/table.js';
import { WumingError } from '../errors.js';
import type { Hierarchy } from '../hierarchy/hierarchy.js';
import type { MetricId } from '../metrics/index.js';
import { lossMetric, metricById, metrics } from '../metrics/index.js';
import { type ClassView, preparedOnce } from '../metrics/metric.js';
import { onMarginal } from '../privacy/marginal.js';
import type { PrivacyModel } from '../privacy/model.js';
import { buildModels, type ModelSpec } from '../privacy/spec.js';
import type { Verification } from '../privacy/verify.js';
import type { ProgressFn } from '../progress.js';
import { view } from '../search/evaluator.js';
import { type SearchResult, search } from '../search/index.js';
import { type LocalRecodingResult, localRecoding } from '../search/local.js';
import type { AnonymizeResult } from './anonymize-types.js';
import type { DataPath } from './data-path/data-path.js';
import { jointMarginals } from './joint-sensitive.js';

/** What both data paths need to know about the job, from the options they share. */
interface JobOptions {
  hierarchies: Record<string, Hierarchy>;
  qi: readonly string[] | 'all';
  models: ModelSpec | readonly PrivacyModel[];
  suppression: number;
}

/**
 * The quasi-identifiers and the sensitive columns of a job on a table with these columns, with
 * the usage errors a person can act on (identical on both data paths). Each model keeps its own
 * sensitive column (l-diversity on a diagnosis and t-closeness on an income at once); the search
 * carries them together as one joint code and each model reads its own marginal (see
 * privacy/marginal.ts).
 */
function resolveColumns(
  columns: readonly string[],
  opts: JobOptions,
): { qi: string[]; sensitive: string | undefined; sensitives: string[]; spec: ModelSpec | undefined } {
  const spec = Array.isArray(opts.models) ? undefined : (opts.models as ModelSpec);
  const named = spec
    ? [
        ...(spec.l !== undefined ? [spec.lSensitive ?? spec.sensitive] : []),
        ...(spec.t !== undefined ? [spec.tSensitive ?? spec.sensitive] : []),
        ...(spec.models ?? []).map((m) => (typeof m.sensitive === 'string' ? m.sensitive : undefined)),
        spec.sensitive,
      ]
    : (opts.models as readonly PrivacyModel[]).map((m) => m.sensitive);
  const sensitives = [...new Set(named.filter((c): c is string => c !== undefined))];
  const sensitive = sensitives[0];
  const qi =
    opts.qi === 'all' ? columns.filter((c) => opts.hierarchies[c] && !sensitives.includes(c)) : [...opts.qi];
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
  for (const c of sensitives)
    if (qi.includes(c))
      throw new WumingError(
        'SENSITIVE_IS_QI',
        `the sensitive column "${c}" cannot also be a quasi-identifier`,
        {
          kind: 'usage',
          location: { column: c },
        },
      );
  if (!(opts.suppression >= 0 && opts.suppression <= 1)) {
    throw new WumingError('BAD_SUPPRESSION', 'suppressionPercent must be between 0 and 100', {
      kind: 'usage',
    });
  }
  return { qi, sensitive, sensitives, spec };
}

/**
 * The privacy models of a job. For t-closeness without a chosen distance: its sensitive column's
 * taxonomy when it has a hierarchy, the numeric order when every non-NULL value of that column is
 * a number (`isNumeric`, asked only then: each data path answers it its own way), else equal
 * distance.
 */
async function resolveModels(
  models: ModelSpec | readonly PrivacyModel[],
  hierarchyOf: (column: string) => Hierarchy | undefined,
  isNumeric: (column: string) => Promise<boolean>,
): Promise<PrivacyModel[]> {
  if (Array.isArray(models)) return [...(models as readonly PrivacyModel[])];
  const spec = models as ModelSpec;
  let tDistance = spec.tDistance;
  const tOn = spec.tSensitive ?? spec.sensitive;
  if (spec.t !== undefined && tDistance === undefined && tOn) {
    if (hierarchyOf(tOn)) tDistance = 'hierarchical';
    else tDistance = (await isNumeric(tOn)) ? 'ordered' : 'equal';
  }
  // zod (~60 ms of start-up) only for a `models:` list (e.g. `--beta 1`).
  const fromOptions = spec.models?.length
    ? (await import('../privacy/options.js')).modelFromOptions
    : undefined;
  return buildModels({ ...spec, tDistance }, fromOptions);
}

/**
 * Stage timings riding on the progress events: a stage runs from its `done: 0` to its last event
 * (`done === total`); the caller's callback still sees every event.
 */
function stageClock(onProgress: ProgressFn | undefined): {
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
function searchTable(
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
function allowedLabelsOf(
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
function assertVerified(verification: Verification, out: string): void {
  if (!verification.ok) {
    throw new WumingError(
      'VERIFICATION_FAILED',
      `the written output failed verification: ${verification.problems.join('; ')}`,
      { kind: 'internal', location: { file: out } },
    );
  }
}

/** The result of a run, from the search (and local recoding) and the verification of the file. */
function assembleResult(r: {
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
      out[id as MetricId] = preparedOnce(m, table, { modelsMonotonicWithSuppression: monoSupp }).score(v);
    }
    return out;
  };
  const lossPrepared = preparedOnce(lossMetric, table, { modelsMonotonicWithSuppression: monoSupp });
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

/** The job on a data path, once its hierarchies are known. */
export interface PathJobOptions extends JobOptions {
  /** Output file, written atomically, then verified from disk. */
  out: string;
  metric?: MetricId;
  localRecoding?: boolean;
  timeLimitMs?: number;
  onProgress?: ProgressFn;
}

/**
 * The anonymization job on any data path: columns and models resolved with the usage errors a
 * person can act on, the frequency table counted where the rows are, the search (and local
 * recoding) in memory, the transformation applied and written by the path, the written file
 * re-read and every model verified before it is published. Throws WumingError
 * 'VERIFICATION_FAILED' if the output does not meet what was promised.
 */
export async function anonymizeOn(path: DataPath, opts: PathJobOptions): Promise<AnonymizeResult> {
  const t0 = performance.now();
  const { progress, stages } = stageClock(opts.onProgress);
  const { qi } = resolveColumns(path.columns, opts);
  const resolved = await resolveModels(
    opts.models,
    (c) => opts.hierarchies[c],
    (c) => path.allNumeric(c),
  );
  // The columns whose distribution some model reads, and those read through their taxonomy.
  const distribution = [
    ...new Set(resolved.filter((m) => m.requires === 'distribution' && m.sensitive).map((m) => m.sensitive!)),
  ];
  const hierarchical = new Set(
    resolved.filter((m) => m.needsHierarchyOf === 'sensitive' && m.sensitive).map((m) => m.sensitive!),
  );
  const sensitive = distribution.length === 1 ? distribution[0] : undefined;
  const sensitiveHierarchy =
    sensitive && hierarchical.has(sensitive) ? opts.hierarchies[sensitive] : undefined;

  progress({ stage: 'frequencies', done: 0, total: 1 });
  const table = await path.frequencies({
    qi,
    hierarchies: qi.map((c) => opts.hierarchies[c]),
    sensitive,
    sensitiveHierarchy,
    jointSensitive: distribution.length > 1 ? distribution : undefined,
    canonical: opts.localRecoding === true,
    onProgress: progress,
  });
  progress({ stage: 'frequencies', done: 1, total: 1 });
  // Several sensitive columns: the table carries their joint code; each model reads its marginal.
  let models = resolved;
  if (distribution.length > 1) {
    const marginals = jointMarginals(
      table,
      distribution,
      Object.fromEntries([...hierarchical].map((c) => [c, opts.hierarchies[c]])),
    );
    models = resolved.map((m) =>
      m.sensitive && marginals[m.sensitive] ? onMarginal(m, marginals[m.sensitive]) : m,
    );
  }
  const sensitiveHierarchies = Object.fromEntries([...hierarchical].map((c) => [c, opts.hierarchies[c]]));

  const metricId = opts.metric ?? 'loss';
  const { result, local } = searchTable(table, models, metricId, opts, progress, stages);

  progress({ stage: 'write', done: 0, total: 1 });
  const verification = await path.write(
    {
      out: opts.out,
      table,
      result,
      local,
      check: {
        qi,
        models: resolved,
        budget: result.budget,
        rowsIn: table.n,
        allowedLabels: allowedLabelsOf(table, result.levels, local !== undefined),
        sensitiveHierarchies,
      },
      onProgress: progress,
    },
    async (reread) => {
      progress({ stage: 'write', done: 1, total: 1 });
      progress({ stage: 'verify', done: 0, total: 1 });
      const v = await reread();
      progress({ stage: 'verify', done: 1, total: 1 });
      assertVerified(v, opts.out);
      return v;
    },
  );
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
    dataPath: path.kind,
  });
}
