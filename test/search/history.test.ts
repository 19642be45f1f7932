import { describe, expect, it } from 'vitest';
import type { Partition } from '../../src/core/groupify.js';
import { History } from '../../src/search/history.js';

/** A partition of `classes` classes at `levels` (only what the history reads). */
function part(levels: number[], classes: number): Partition {
  return {
    levels: Int32Array.from(levels),
    numClasses: classes,
    sizes: new Float64Array(classes),
    rep: new Int32Array(classes),
  };
}

describe('history of partitions', () => {
  it('over its memory bound, drops a partition a finer cached one nearly replaces before the largest one', () => {
    // 1,000 rows: a finer partition with at most 125 more classes makes a coarser one redundant.
    const bytes = (n: number) => n * 12;
    const h = new History(1000, 512, bytes(500 + 480 + 100) - 1);
    const fine = part([0, 0], 500);
    const nearCopy = part([1, 0], 480); // fine serves every node it serves, at 20 more classes
    const coarse = part([0, 1], 100); // 400 fewer classes than fine: worth keeping
    h.add(fine);
    h.add(nearCopy);
    h.add(coarse);
    // The near-copy went (not the largest, `fine`): nodes at [1, 0] and above still roll up from fine.
    expect(h.find([1, 0])).toBe(fine);
    expect(h.find([0, 1])).toBe(coarse);
    expect(h.find([1, 1])).toBe(coarse);
    expect(h.find([0, 0])).toBe(fine);
  });

  it('without a redundant partition, drops the one with the most classes', () => {
    const h = new History(1000, 512, 500 * 12 + 100 * 12 - 1 + 200 * 12);
    h.add(part([0, 0], 500));
    h.add(part([1, 0], 200)); // 300 fewer classes than [0, 0]: not redundant
    h.add(part([0, 1], 100));
    expect(h.find([0, 0])).toBeUndefined();
    expect(h.find([1, 0])?.numClasses).toBe(200);
    expect(h.find([0, 1])?.numClasses).toBe(100);
  });

  it('finds the cached partition with the fewest classes among those at most as general', () => {
    const h = new History(1000);
    h.add(part([0, 0], 900));
    h.add(part([1, 0], 300));
    h.add(part([0, 2], 50));
    expect(h.find([1, 1])?.numClasses).toBe(300);
    expect(h.find([1, 2])?.numClasses).toBe(50);
    expect(h.find([0, 1])?.numClasses).toBe(900);
  });
});
