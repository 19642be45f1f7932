import type { ClassView, PreparedMetric } from '../metrics/metric.js';
import type { Checked, Checker } from '../privacy/evaluate.js';
import type { Partition } from './groupify.js';
import { History } from './history.js';
import type { Lattice } from './lattice.js';

/** One evaluated transformation. */
export interface NodeEval {
  readonly id: number;
  readonly levels: Int32Array;
  readonly partition: Partition;
  readonly checked: Checked;
  /** Information loss; NaN when the node is not anonymous (not scored). */
  readonly score: number;
}

/**
 * Evaluates lattice nodes: group (rolling up from the history), check the models with early
 * abort at the suppression budget, score anonymous nodes. Shared by every search algorithm.
 */
export class NodeEvaluator {
  readonly history = new History();
  evaluations = 0;
  constructor(
    readonly lattice: Lattice,
    readonly checker: Checker,
    readonly metric: PreparedMetric,
    readonly budget: number,
  ) {}

  /** True when a more specific transformation's partition is cached (the node can be rolled up). */
  hasSource(id: number): boolean {
    return this.history.find(this.lattice.levels(id)) !== undefined;
  }

  /**
   * Group (without checking) a node that many later evaluations can roll up from: the lowest
   * unresolved node of a path, so the binary search on that path pays for one pass over the
   * frequency rows instead of one per probe.
   */
  prime(id: number): void {
    const levels = this.lattice.levels(id);
    if (this.history.find(levels)) return;
    this.history.add(this.checker.partition(levels));
  }

  evaluate(id: number, opts: { score?: boolean } = {}): NodeEval {
    const levels = this.lattice.levels(id);
    const from = this.history.find(levels);
    const partition = this.checker.partition(levels, from);
    this.history.add(partition);
    const checked = this.checker.check(partition, this.budget, { earlyAbort: true });
    this.evaluations++;
    const score = checked.anonymous || opts.score ? this.metric.score(view(partition, checked)) : Number.NaN;
    return { id, levels, partition, checked, score };
  }
}

export function view(p: Partition, c: Checked): ClassView {
  return {
    levels: p.levels,
    numClasses: p.numClasses,
    sizes: p.sizes,
    rep: p.rep,
    kept: c.kept,
    suppressed: c.suppressed,
    classes: c.classes,
  };
}
