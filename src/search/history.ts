import type { Partition } from './groupify.js';

/**
 * A most-recently-used cache of computed partitions, as ARX's History: a new transformation is
 * grouped from the cached partition of a more specific transformation (every level ≤) with the
 * fewest classes, which is much cheaper than regrouping every frequency row. Bounded by the
 * number of entries and the number of classes held.
 */
export class History {
  private entries: Partition[] = [];
  private held = 0;
  constructor(
    private readonly maxEntries = 512,
    private readonly maxClasses = 16_000_000,
  ) {}

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

  add(p: Partition): void {
    this.entries.push(p);
    this.held += p.numClasses;
    while (
      this.entries.length > this.maxEntries ||
      (this.held > this.maxClasses && this.entries.length > 1)
    ) {
      const old = this.entries.shift()!;
      this.held -= old.numClasses;
    }
  }
}
