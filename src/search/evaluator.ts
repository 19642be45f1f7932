import type { Partition } from '../core/groupify.js';
import type { ClassView, PreparedMetric } from '../metrics/metric.js';
import type { Checked, Checker } from '../privacy/evaluate.js';
import { History } from './history.js';
import type { Lattice } from './lattice.js';

/** Frequency tables up to this many rows fit in cache (see NodeEvaluator.useful). */
const SMALL_TABLE = 1 << 18;

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
  readonly history: History;
  evaluations = 0;
  constructor(
    readonly lattice: Lattice,
    readonly checker: Checker,
    readonly metric: PreparedMetric,
    readonly budget: number,
  ) {
    this.history = new History(checker.table.rows);
  }

  /**
   * The cached partition to roll up from, when that is cheaper than grouping the frequency rows:
   * rolling up costs about as much per source class as grouping costs per frequency row (see
   * `useful`).
   */
  private source(levels: ArrayLike<number>): Partition | undefined {
    const from = this.history.find(levels);
    return from && this.useful(from) ? from : undefined;
  }

  /**
   * Whether a partition is worth rolling up from: one that kept its classes' codes (isSource);
   * else (hashed keys) one with at most a quarter of the rows as classes, whose representatives
   * are read through the table (a table of up to 2^18 rows stays in cache, and there any
   * coarser-than-the-rows partition is cheaper: Adult at 5 % suppression, 306 groupings).
   */
  private useful(p: Partition): boolean {
    const rows = this.checker.table.rows;
    if (p.codes) return true;
    return rows <= SMALL_TABLE ? p.numClasses < rows : p.numClasses * 4 <= rows;
  }

  /** Keep a partition for later roll-ups only when it can serve as a source. */
  private remember(p: Partition): void {
    if (this.useful(p)) this.history.add(p);
  }

  evaluate(id: number, opts: { score?: boolean } = {}): NodeEval {
    const levels = this.lattice.levels(id);
    const from = this.source(levels);
    const partition = this.checker.partition(levels, from, {
      budget: this.budget,
      fineFrom: () => {
        const f = this.history.findFine(levels);
        return f?.fine && this.useful(f.fine) ? f : undefined;
      },
    });
    this.remember(partition);
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
    codes: p.codes,
    kept: c.kept,
    suppressed: c.suppressed,
    classes: c.classes,
  };
}
