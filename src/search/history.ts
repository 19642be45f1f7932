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
   * Keep `p`. Over the bounds, the partition with the most classes goes first: it costs the most
   * memory and saves the least per roll-up (a roll-up costs about one frequency row's grouping
   * per source class), while a small one serves every coarser node cheaply (on 10 M rows, a
   * few partitions of millions of classes evicted, oldest first, the sub-million ones that most
   * later nodes roll up from).
   */
  add(p: Partition): void {
    this.entries.push(p);
    this.held += History.bytes(p);
    while (this.entries.length > this.maxEntries || (this.held > this.maxBytes && this.entries.length > 1)) {
      let worst = 0;
      if (this.held > this.maxBytes) {
        for (let e = 1; e < this.entries.length; e++)
          if (this.entries[e].numClasses > this.entries[worst].numClasses) worst = e;
      }
      const [old] = this.entries.splice(worst, 1);
      this.held -= History.bytes(old);
    }
  }
}
