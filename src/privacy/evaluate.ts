import { WumingError } from '../errors.js';
import { groupify, type Partition, rowsByClass } from '../search/groupify.js';
import type { FrequencyTable } from '../search/table.js';
import type { ClassStats, ModelContext, PrivacyModel } from './model.js';

/** Table-wide context for the models: the overall sensitive distribution and its order/hierarchy. */
export function modelContext(table: FrequencyTable): ModelContext {
  const s = table.sensitive;
  if (!s) return { n: table.n };
  const domain = s.hierarchy ? s.hierarchy.leaves.length : s.values.length;
  const totals = new Float64Array(domain);
  for (let r = 0; r < table.rows; r++) totals[s.codes[r]] += table.counts[r];
  return {
    n: table.n,
    sensitive: { column: s.column, domain, totals, order: s.order, hierarchy: s.hierarchy },
  };
}

/** The outcome of checking one partition: which classes are kept, which suppressed. */
export interface Checked {
  /** kept[c] = 1 when class c passes every model (classes with no data records are 0 and not suppressed). */
  readonly kept: Uint8Array;
  /** Records in suppressed classes. */
  readonly suppressed: number;
  /** Classes kept (with at least one record). */
  readonly classes: number;
  /** Suppressed records ≤ budget. False also when the check stopped early. */
  readonly anonymous: boolean;
  /** Records in classes smaller than the models' minimal class size (monotone with suppression). */
  readonly smallRecords: number;
  /** Per model: classes (with records) failing it and their records; only when `perModel` was asked. */
  readonly failing?: { classes: number; records: number }[];
}

/**
 * Checks partitions of one frequency table against a set of privacy models (all must hold). The
 * minimal class size (max over models, e.g. k) is tested first as ARX does; distributions are
 * assembled only for classes that pass it and only when a model needs them.
 */
export class Checker {
  readonly minClassSize: number;
  readonly needsDistribution: boolean;
  readonly needsPopulation: boolean;
  /** True when a pass (or fail) predicts the verdict of every coarser (finer) transformation. */
  readonly monotonic: (budget: number) => boolean;
  private readonly checks: ((cls: ClassStats) => boolean)[];
  private readonly hist: Float64Array;
  private readonly touched: Int32Array;
  private readonly freqs: Float64Array;
  /** The rows-by-class arrays of the previous check, reused by the next. */
  private byClassScratch?: { order: Int32Array; start: Int32Array };

  constructor(
    readonly table: FrequencyTable,
    readonly models: readonly PrivacyModel[],
  ) {
    if (models.length === 0)
      throw new WumingError('NO_MODEL', 'at least one privacy model is required', { kind: 'usage' });
    this.minClassSize = Math.max(1, ...models.map((m) => m.minClassSize ?? 1));
    this.needsDistribution = models.some((m) => m.requires === 'distribution');
    this.needsPopulation = models.some((m) => m.requires === 'population');
    if (this.needsDistribution && !table.sensitive) {
      throw new WumingError('NEEDS_SENSITIVE', 'the privacy models need a sensitive column (--sensitive)', {
        kind: 'usage',
      });
    }
    if (this.needsPopulation && !table.publicCounts) {
      throw new WumingError('NEEDS_POPULATION', 'δ-presence and k-map need a population table', {
        kind: 'usage',
      });
    }
    const ctx = modelContext(table);
    this.checks = models.map((m) => m.prepare(ctx));
    const allGen = models.every((m) => m.monotonicWithGeneralization);
    const allSupp = models.every((m) => m.monotonicWithSuppression);
    this.monotonic = (budget) => allGen && (budget === 0 || allSupp);
    const domain = ctx.sensitive?.domain ?? 0;
    this.hist = new Float64Array(domain);
    this.touched = new Int32Array(domain);
    this.freqs = new Float64Array(domain);
  }

  /** Group the table under `levels` (rolling up from `from` when given). */
  partition(levels: ArrayLike<number>, from?: Partition): Partition {
    return groupify(this.table, levels, { from, withClassOf: this.needsDistribution });
  }

  /**
   * Check every class. With `earlyAbort`, stops as soon as the suppressed records exceed `budget`
   * (the verdict is then "not anonymous"; kept/suppressed are incomplete).
   */
  check(p: Partition, budget: number, opts: { earlyAbort?: boolean; perModel?: boolean } = {}): Checked {
    const k = this.minClassSize;
    const kept = new Uint8Array(p.numClasses);
    const sizes = p.sizes;
    let suppressed = 0;
    let small = 0;
    let classes = 0;
    const perModel = opts.perModel ? this.models.map(() => ({ classes: 0, records: 0 })) : undefined;
    const stats: ClassStats = { count: 0, publicCount: Number.NaN };
    let byClass: { start: Int32Array; order: Int32Array } | undefined;
    if (this.needsDistribution) {
      byClass = rowsByClass(p, this.table.rows, this.byClassScratch);
      this.byClassScratch = byClass;
    }
    const sens = this.table.sensitive;
    for (let c = 0; c < p.numClasses; c++) {
      const size = sizes[c];
      if (size === 0) continue;
      let pass = true;
      if (size < k) {
        small += size;
        pass = false;
      }
      if (pass || perModel) {
        stats.count = size;
        stats.publicCount = p.publicSizes ? p.publicSizes[c] : Number.NaN;
        if (byClass && sens) stats.sensitive = this.distribution(byClass, c, sens.codes);
        for (let m = 0; m < this.checks.length; m++) {
          const ok = this.checks[m](stats);
          if (!ok) {
            pass = false;
            if (!perModel) break;
            perModel[m].classes++;
            perModel[m].records += size;
          }
        }
      }
      if (pass) {
        kept[c] = 1;
        classes++;
      } else {
        suppressed += size;
        if (opts.earlyAbort && suppressed > budget) {
          return { kept, suppressed, classes, anonymous: false, smallRecords: small };
        }
      }
    }
    return {
      kept,
      suppressed,
      classes,
      anonymous: suppressed <= budget,
      smallRecords: small,
      failing: perModel,
    };
  }

  private distribution(
    byClass: { start: Int32Array; order: Int32Array },
    c: number,
    codes: Int32Array,
  ): { size: number; codes: Int32Array; freqs: Float64Array } {
    const { start, order } = byClass;
    const hist = this.hist;
    const touched = this.touched;
    const counts = this.table.counts;
    let size = 0;
    for (let i = start[c]; i < start[c + 1]; i++) {
      const r = order[i];
      const cnt = counts[r];
      if (cnt === 0) continue;
      const s = codes[r];
      if (hist[s] === 0) touched[size++] = s;
      hist[s] += cnt;
    }
    const freqs = this.freqs;
    for (let i = 0; i < size; i++) {
      freqs[i] = hist[touched[i]];
      hist[touched[i]] = 0;
    }
    return { size, codes: touched, freqs };
  }
}

/** One model's verdict on a transformed table. */
export interface ModelVerdict {
  readonly model: string;
  readonly label: string;
  /** True when every class kept after suppression passes (by construction) and the suppression stayed within budget. */
  readonly holds: boolean;
  /** Classes (and their records) that fail this model before suppression. */
  readonly failingClasses: number;
  readonly failingRecords: number;
}

export interface Evaluation {
  readonly verdicts: ModelVerdict[];
  readonly suppressed: number;
  readonly classes: number;
  readonly budget: number;
  readonly holds: boolean;
}

/**
 * Is the table, under transformation `levels` (default: none) with suppression limit
 * `suppression` (fraction of records), compliant with every model? First-class API shared by the
 * search, the tests and "is this table compliant?" checks: a verdict per model, with the classes
 * and records that fail it.
 */
export function evaluate(
  table: FrequencyTable,
  models: readonly PrivacyModel[],
  opts: { levels?: ArrayLike<number>; suppression?: number } = {},
): Evaluation {
  const checker = new Checker(table, models);
  const levels = opts.levels ?? new Int32Array(table.qi.length);
  const budget = Math.floor((opts.suppression ?? 0) * table.n + 1e-9);
  const p = checker.partition(levels);
  const r = checker.check(p, budget, { perModel: true });
  const holds = r.suppressed <= budget;
  return {
    verdicts: models.map((m, i) => ({
      model: m.id,
      label: m.label,
      holds,
      failingClasses: r.failing![i].classes,
      failingRecords: r.failing![i].records,
    })),
    suppressed: r.suppressed,
    classes: r.classes,
    budget,
    holds,
  };
}
