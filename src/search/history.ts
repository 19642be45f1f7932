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
    /** Bytes of typed arrays held (192 MB: 16 M classes, or fewer with their rows' class map). */
    private readonly maxBytes = 192 * 2 ** 20,
  ) {}

  /**
   * Bytes a partition holds: representative and size per class, the class of each row or item
   * when kept, and the finer (class, sensitive value) partition it carries.
   */
  static bytes(p: Partition): number {
    return (
      p.numClasses * 12 +
      (p.publicSizes ? p.numClasses * 8 : 0) +
      (p.classOf ? p.classOf.length * 4 : 0) +
      (p.itemClass ? p.itemClass.length * 4 : 0) +
      (p.fine ? History.bytes(p.fine) : 0)
    );
  }

  /** The cached partition to roll up from for `levels`, if any is more specific. */
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

  add(p: Partition): void {
    this.entries.push(p);
    this.held += History.bytes(p);
    while (this.entries.length > this.maxEntries || (this.held > this.maxBytes && this.entries.length > 1)) {
      const old = this.entries.shift()!;
      this.held -= History.bytes(old);
    }
  }
}
