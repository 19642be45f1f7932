import { type Partition, releaseGroupingScratch } from '../core/groupify.js';
import type { FrequencyTable } from '../core/table.js';
import { WumingError } from '../errors.js';
import { type PreparedMetric, preparedOnce, type UtilityMetric } from '../metrics/metric.js';
import type { Checked } from './../privacy/evaluate.js';
import { Checker } from '../privacy/evaluate.js';
import type { PrivacyModel } from '../privacy/model.js';
import type { ProgressFn } from '../progress.js';
import { NodeEvaluator } from './evaluator.js';
import { traverseHeuristic } from './heuristic.js';
import { Lattice } from './lattice.js';
import { traverseOptimal } from './optimal.js';

export interface SearchLimits {
  /** Suppression limit as a fraction of the records (0.05 = 5 %). */
  suppression: number;
  /** Lattices with more nodes than this use the heuristic (default 2,000,000). */
  maxOptimalNodes?: number;
  /** Time limit in ms: the optimal walk returns its best so far (not proven optimal), the heuristic stops. Default 60 s. */
  timeLimitMs?: number;
  /** 'auto' (default): optimal when the lattice is small enough, else heuristic. */
  algorithm?: 'auto' | 'optimal' | 'heuristic';
  onProgress?: ProgressFn;
}

export interface SearchResult {
  /** Generalization level per QI (in table.qi order). */
  levels: number[];
  score: number;
  suppressed: number;
  classes: number;
  /** True when the search proved this transformation optimal for the metric. */
  optimal: boolean;
  algorithm: 'optimal' | 'heuristic';
  latticeSize: number;
  /** Transformations grouped and checked (the rest were pruned or tagged). */
  evaluated: number;
  budget: number;
  partition: Partition;
  checked: Checked;
  metric: PreparedMetric;
  checker: Checker;
}

/**
 * Find the full-domain generalization (a level per QI) that satisfies every model with at most
 * `limits.suppression` of the records suppressed, minimizing the metric.
 */
export function search(
  table: FrequencyTable,
  models: readonly PrivacyModel[],
  metric: UtilityMetric,
  limits: SearchLimits,
): SearchResult {
  if (!(limits.suppression >= 0 && limits.suppression <= 1)) {
    throw new WumingError('BAD_SUPPRESSION', 'the suppression limit (a fraction) must be between 0 and 1', {
      kind: 'usage',
    });
  }
  const checker = new Checker(table, models);
  const prepared = preparedOnce(metric, table, {
    modelsMonotonicWithSuppression: models.every((m) => m.monotonicWithSuppression),
  });
  const lattice = new Lattice(table.hierarchies.map((h) => h.maps.length));
  // ARX: a transformation is admissible when at most floor(limit × n) records are suppressed.
  const budget = Math.floor(limits.suppression * table.n + 1e-9);
  const ev = new NodeEvaluator(lattice, checker, prepared, budget);
  const algorithm =
    limits.algorithm === 'optimal' || limits.algorithm === 'heuristic'
      ? limits.algorithm
      : lattice.size <= (limits.maxOptimalNodes ?? 2_000_000)
        ? 'optimal'
        : 'heuristic';
  const deadline = performance.now() + (limits.timeLimitMs ?? 60_000);
  // The search runs synchronously, so these events are the only moments a progress display can
  // redraw: one every ~200 ms (a node can take tens of ms on millions of rows), never one per node.
  let lastEmit = performance.now();
  limits.onProgress?.({ stage: 'search', done: 0, total: lattice.size, unit: 'nodes' });
  const onStep = limits.onProgress
    ? (done: number) => {
        if ((done & 15) !== 0) return;
        const now = performance.now();
        if (now - lastEmit < 200) return;
        lastEmit = now;
        limits.onProgress!({
          stage: 'search',
          done: Math.min(done, lattice.size - 1),
          total: lattice.size,
          unit: 'nodes',
        });
      }
    : undefined;
  let r =
    algorithm === 'optimal'
      ? traverseOptimal(ev, { deadline, onStep })
      : traverseHeuristic(ev, { deadline, onStep });
  // Out of time with nothing found yet: the heuristic's greedy climb still returns a solution.
  if (!r.best && !r.complete) r = traverseHeuristic(ev, { deadline: performance.now() });
  limits.onProgress?.({ stage: 'search', done: lattice.size, total: lattice.size, unit: 'nodes' });
  releaseGroupingScratch();
  if (!r.best) {
    throw new WumingError(
      'NO_SOLUTION',
      'no transformation satisfies the privacy models within the suppression limit (raise the limit, relax the models or use coarser hierarchies)',
      { kind: 'policy' },
    );
  }
  const b = r.best;
  return {
    levels: Array.from(b.levels),
    score: b.score,
    suppressed: b.checked.suppressed,
    classes: b.checked.classes,
    optimal: algorithm === 'optimal' && r.complete,
    algorithm,
    latticeSize: lattice.size,
    evaluated: ev.evaluations,
    budget,
    partition: b.partition,
    checked: b.checked,
    metric: prepared,
    checker,
  };
}

export { groupify, type Partition } from '../core/groupify.js';
export { type FrequencyTable, frequencyFromRecords, type SensitiveColumn } from '../core/table.js';
export { Lattice } from './lattice.js';
