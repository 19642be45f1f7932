import type { FrequencyTable } from '../core/table.js';

/**
 * A transformed table as the utility metrics see it: its equivalence classes (on the frequency
 * table), which are kept and which suppressed. For a full-domain (global) transformation every
 * class shares `levels`; for local recoding each class has its own levels in `classLevels`
 * (numClasses × d, row-major) and `classOf` maps frequency rows to classes.
 */
export interface ClassView {
  readonly levels: ArrayLike<number>;
  readonly numClasses: number;
  readonly sizes: Float64Array;
  readonly rep: Int32Array;
  /** Generalized code (at `levels`) of each class per QI, when the partition kept them. */
  readonly codes?: readonly ArrayLike<number>[];
  /** kept[c] = 1: class c is output as is; 0 with sizes[c] > 0: suppressed. */
  readonly kept: Uint8Array;
  readonly suppressed: number;
  /** Kept classes. */
  readonly classes: number;
  readonly classLevels?: Int32Array;
  readonly classOf?: Int32Array;
}

export interface PreparedMetric {
  /** Information loss of the view: lower is better. */
  score(v: ClassView): number;
  /**
   * A lower bound on `score` of every transformation at least as general as `levels` (so it can
   * prune a node and all its successors), computed without grouping. Absent when none is cheap.
   */
  lowerBound?(levels: ArrayLike<number>): number;
}

/** A utility metric (ARX: Metric). `prepare` precomputes per-column, per-level tables once. */
export interface UtilityMetric {
  readonly id: string;
  readonly label: string;
  prepare(table: FrequencyTable, ctx?: MetricContext): PreparedMetric;
}

/** Facts about the search a metric may depend on (ARX's entropy does, see entropy.ts). */
export interface MetricContext {
  /** Every privacy model is monotonic with suppression (e.g. k-anonymity, distinct l-diversity alone). */
  modelsMonotonicWithSuppression?: boolean;
}

/**
 * `metric.prepare(table, ctx)`, made once per table, metric and context: the search, the result's
 * metrics and its granularity all read the same per-level tables (on a 22,520-leaf date
 * hierarchy, preparing one metric is a noticeable part of a 63 k-row run).
 */
export function preparedOnce<P extends PreparedMetric>(
  metric: { prepare(table: FrequencyTable, ctx?: MetricContext): P },
  table: FrequencyTable,
  ctx?: MetricContext,
): P {
  let perTable = preparedMemo.get(table);
  if (!perTable) {
    perTable = new Map();
    preparedMemo.set(table, perTable);
  }
  const key = `${ctx?.modelsMonotonicWithSuppression}`;
  let perMetric = perTable.get(metric);
  if (!perMetric) {
    perMetric = new Map();
    perTable.set(metric, perMetric);
  }
  let p = perMetric.get(key) as P | undefined;
  if (!p) {
    p = metric.prepare(table, ctx);
    perMetric.set(key, p);
  }
  return p;
}

const preparedMemo = new WeakMap<FrequencyTable, Map<object, Map<string, PreparedMetric>>>();

/** Records per leaf code of each QI over the data set (the "data frequencies"). */
export function leafCounts(table: FrequencyTable): Float64Array[] {
  return table.hierarchies.map((h, i) => {
    const lc = new Float64Array(h.leaves.length);
    const codes = table.codes[i];
    for (let r = 0; r < table.rows; r++) lc[codes[r]] += table.counts[r];
    return lc;
  });
}

/** Level of QI i in class c. */
export function levelOf(v: ClassView, c: number, i: number, d: number): number {
  return v.classLevels ? v.classLevels[c * d + i] : v.levels[i];
}
