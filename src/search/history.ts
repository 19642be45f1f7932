import type { Partition } from '../core/groupify.js';

/**
 * A most-recently-used cache of computed partitions, as ARX's History: a new transformation is
 * grouped from the cached partition of a more specific transformation (every level ≤) with the
 * fewest classes, which is much cheaper than regrouping every frequency row. Bounded by the
 * number of entries and the bytes held (a partition that keeps the class of every frequency row,
 * for models on the sensitive distribution, weighs 4 bytes per row besides its classes).
 */
export class History {
  private entries: Partition[] = [];
  private held = 0;
  constructor(
    /** Rows of the frequency table: the cost of grouping without a source (see `add`). */
    private readonly rows = Number.POSITIVE_INFINITY,
    private readonly maxEntries = 512,
    /** Bytes of typed arrays held (192 MB: 8-16 M classes, fewer with their codes or their rows' class map). */
    private readonly maxBytes = 192 * 2 ** 20,
  ) {}

  /**
   * Bytes a partition holds: representative, size and codes per class, the class of each row or item
   * when kept, and the finer (class, sensitive value) partition it carries.
   */
  static bytes(p: Partition): number {
    return (
      p.numClasses * 12 +
      (p.codes ? p.codes.reduce((b, c) => b + c.byteLength, 0) : 0) +
      (p.publicSizes ? p.numClasses * 8 : 0) +
      (p.classOf ? p.classOf.length * 4 : 0) +
      (p.itemClass ? p.itemClass.length * 4 : 0) +
      (p.fine ? History.bytes(p.fine) : 0)
    );
  }

  /**
   * The cached partition to roll up from for `levels`, if any is more specific; it becomes the
   * most recently used (evicted last: a good source serves many nodes in a row).
   */
  find(levels: ArrayLike<number>): Partition | undefined {
    let best: Partition | undefined;
    for (const p of this.entries) {
      let ok = true;
      for (let i = 0; i < p.levels.length; i++) {
        if (p.levels[i] > levels[i]) {
          ok = false;
          break;
        }
      }
      if (ok && (!best || p.numClasses < best.numClasses)) best = p;
    }
    if (best) {
      this.entries.splice(this.entries.indexOf(best), 1);
      this.entries.push(best);
    }
    return best;
  }

  /** The cached partition with (class, sensitive value) pairs to roll those up from, if any is more specific. */
  findFine(levels: ArrayLike<number>): Partition | undefined {
    let best: Partition | undefined;
    for (const p of this.entries) {
      if (!p.fine) continue;
      let ok = true;
      for (let i = 0; i < p.levels.length; i++) {
        if (p.levels[i] > levels[i]) {
          ok = false;
          break;
        }
      }
      if (ok && (!best || p.fine.numClasses < best.fine!.numClasses)) best = p;
    }
    return best;
  }

  /**
   * Keep `p`. Over the bounds, a redundant partition goes first: one with a finer partition in
   * the cache (every level ≤) that has at most rows/8 more classes. Every node it could serve, the
   * finer one serves too at a cost at most an eighth of a grouping of the rows higher (a roll-up
   * costs about one frequency row's grouping per source class), so dropping it loses almost
   * nothing. Only when none is redundant does the partition with the most classes go: it costs
   * the most memory and saves the least per roll-up. On 10 M generated rows (8 QIs, 65 nodes
   * grouped) evicting the largest first dropped the fine partitions that later nodes needed
   * (22100000 with 861 k classes, while its near-copies 22200000 and 22410000 stayed): 29 of the
   * 65 groupings started from all 10 M rows; with redundant partitions dropped first, 14 did, in
   * the same 192 MB (grouping work in rows read: 31 → 19 times the table).
   */
  add(p: Partition): void {
    this.entries.push(p);
    this.held += History.bytes(p);
    while (this.entries.length > this.maxEntries || (this.held > this.maxBytes && this.entries.length > 1)) {
      const [old] = this.entries.splice(this.victim(), 1);
      this.held -= History.bytes(old);
    }
  }

  /** The entry to evict: the largest redundant one (see `add`), else the largest, else (by count) the oldest. */
  private victim(): number {
    const e = this.entries;
    if (this.held <= this.maxBytes) return 0;
    let worst = -1;
    for (let a = 0; a < e.length; a++) {
      if (worst >= 0 && e[a].numClasses <= e[worst].numClasses) continue;
      for (let b = 0; b < e.length; b++) {
        if (
          b !== a &&
          e[b].numClasses - e[a].numClasses <= this.rows / 8 &&
          finerOrEqual(e[b].levels, e[a].levels)
        ) {
          worst = a;
          break;
        }
      }
    }
    if (worst >= 0) return worst;
    worst = 0;
    for (let a = 1; a < e.length; a++) if (e[a].numClasses > e[worst].numClasses) worst = a;
    return worst;
  }
}

/** Whether every level of `a` is at most the level of `b` (a's partition refines b's). */
function finerOrEqual(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] > b[i]) return false;
  return true;
}
