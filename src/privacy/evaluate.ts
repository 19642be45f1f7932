import { groupify, type Partition } from '../core/groupify.js';
import type { FrequencyTable } from '../core/table.js';
import { WumingError } from '../errors.js';
import type { Hierarchy } from '../hierarchy/hierarchy.js';
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
  /** The items-by-class arrays of the previous check, reused by the next. */
  private byClassScratch?: { order: Int32Array; start: Int32Array };
  /**
   * For models on the sensitive distribution: the table with the sensitive code as one more
   * column (level 0 = the value, level 1 = one value for all), to group by (class, value) pairs.
   */
  private readonly withSensitive?: FrequencyTable;

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
    if (this.needsDistribution && table.sensitive) {
      const identity = new Int32Array(domain);
      for (let v = 0; v < domain; v++) identity[v] = v;
      const column: Hierarchy = {
        column: table.sensitive.column,
        leaves: Array.from({ length: domain }, (_, v) => String(v)),
        maps: [identity, new Int32Array(domain)],
        labels: [Array.from({ length: domain }, (_, v) => String(v)), ['*']],
        origin: 'sensitive value',
      };
      this.withSensitive = {
        ...table,
        qi: [...table.qi, table.sensitive.column],
        hierarchies: [...table.hierarchies, column],
        codes: [...table.codes, table.sensitive.codes],
      };
    }
  }

  /**
   * Group the table under `levels` (rolling up from `from` when given). For models on the
   * sensitive distribution, a partition whose classes below the minimal size already hold more
   * than `opts.budget` records is returned as it is (it cannot be anonymous); otherwise it is
   * regrouped by (class, sensitive value) — rolled up from `opts.fineFrom()`, a cached finer
   * partition that has such pairs — and those pairs into classes, so a class's distribution is
   * its pairs and no step costs a pass over every frequency row (at 10 M rows a per-row class
   * map made each transformation a full pass, and the search ran out of time).
   */
  partition(
    levels: ArrayLike<number>,
    from?: Partition,
    opts: { budget?: number; fineFrom?: () => Partition | undefined } = {},
  ): Partition {
    const coarse = groupify(this.table, levels, { from });
    const ext = this.withSensitive;
    if (!ext) return coarse;
    if (opts.budget !== undefined) {
      let small = 0;
      for (let c = 0; c < coarse.numClasses; c++)
        if (coarse.sizes[c] < this.minClassSize) small += coarse.sizes[c];
      if (small > opts.budget) return coarse;
    }
    const d = this.table.qi.length;
    const at = (last: number) => {
      const l = new Int32Array(d + 1);
      for (let i = 0; i < d; i++) l[i] = levels[i];
      l[d] = last;
      return l;
    };
    const fine = groupify(ext, at(0), { from: opts.fineFrom?.()?.fine });
    const byPairs = groupify(ext, at(1), { from: fine, withItemClass: true });
    return { ...byPairs, levels: Int32Array.from(levels as ArrayLike<number>), fine };
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
    if (this.needsDistribution && !p.fine) {
      // Not regrouped by sensitive value: partition() found too many records in small classes.
      for (let c = 0; c < p.numClasses; c++) if (sizes[c] < k) small += sizes[c];
      return { kept, suppressed: small, classes: 0, anonymous: false, smallRecords: small };
    }
    if (this.needsDistribution) {
      byClass = itemsByClass(p, this.byClassScratch);
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
        if (byClass && sens && p.fine) stats.sensitive = this.distribution(byClass, c, p.fine, sens.codes);
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

  /** The sensitive distribution of class c: its (class, value) pairs, i.e. the finer partition's classes. */
  private distribution(
    byClass: { start: Int32Array; order: Int32Array },
    c: number,
    fine: Partition,
    codes: Int32Array,
  ): { size: number; codes: Int32Array; freqs: Float64Array } {
    const { start, order } = byClass;
    const hist = this.hist;
    const touched = this.touched;
    let size = 0;
    for (let i = start[c]; i < start[c + 1]; i++) {
      const pair = order[i];
      const cnt = fine.sizes[pair];
      if (cnt === 0) continue;
      const s = codes[fine.rep[pair]];
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

/**
 * The finer partition's classes (the (class, value) pairs) grouped by class: a counting sort of
 * `p.itemClass`, into `scratch` when it is large enough.
 */
function itemsByClass(
  p: Partition,
  scratch?: { order: Int32Array; start: Int32Array },
): { start: Int32Array; order: Int32Array } {
  const itemClass = p.itemClass!;
  const items = itemClass.length;
  const start =
    scratch && scratch.start.length >= p.numClasses + 1
      ? scratch.start.fill(0, 0, p.numClasses + 1)
      : new Int32Array(p.numClasses + 1);
  for (let it = 0; it < items; it++) start[itemClass[it] + 1]++;
  for (let c = 0; c < p.numClasses; c++) start[c + 1] += start[c];
  const fill = start.slice(0, p.numClasses);
  const order = scratch && scratch.order.length >= items ? scratch.order : new Int32Array(items);
  for (let it = 0; it < items; it++) order[fill[itemClass[it]]++] = it;
  return { start, order };
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
