import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FrequencyTable } from '../../src/core/table.js';
import { parseArxHierarchy } from '../../src/hierarchy/arx.js';
import { frequencyFromRecords } from '../../src/search/index.js';
import { PairBounds } from '../../src/search/pairs.js';

// a: 8 leaves, 4 levels; b: 6 leaves, 3 levels; c: 3 leaves, 2 levels. With 3-60 records the
// grids at the leaves (48, 24, 18 cells) are sometimes denser and sometimes sparser than the
// records, so both the dense and the hashed counting are exercised, and probes roll up from
// both kinds of lists.
const ha = parseArxHierarchy(
  [0, 1, 2, 3, 4, 5, 6, 7].map((x) => `a${x};p${x >> 1};A${x >> 2};*`).join('\n'),
  'a',
  'mem',
);
const hb = parseArxHierarchy([0, 1, 2, 3, 4, 5].map((x) => `b${x};B${x % 2};*`).join('\n'), 'b', 'mem');
const hc = parseArxHierarchy('c0;*\nc1;*\nc2;*\n', 'c', 'mem');

/** Records in two-column cells of fewer than m records at levels (a, b), counted from the records. */
function smallRecords(t: FrequencyTable, i: number, j: number, a: number, b: number, m: number): number {
  const cells = new Map<string, number>();
  for (let r = 0; r < t.rows; r++) {
    const key = `${t.hierarchies[i].maps[a][t.codes[i][r]]}/${t.hierarchies[j].maps[b][t.codes[j][r]]}`;
    cells.set(key, (cells.get(key) ?? 0) + t.counts[r]);
  }
  let s = 0;
  for (const c of cells.values()) if (c < m) s += c;
  return s;
}

/** The bounds against brute force on random tables; `blockCells` as PairBounds takes it. */
function matchesBruteForce(blockCells?: number): void {
  fc.assert(
    fc.property(
      fc.array(
        fc.tuple(
          fc.integer({ min: 0, max: 7 }),
          fc.integer({ min: 0, max: 5 }),
          fc.integer({ min: 0, max: 2 }),
        ),
        { minLength: 3, maxLength: 60 },
      ),
      fc.integer({ min: 2, max: 6 }),
      fc.integer({ min: 0, max: 10 }),
      (recs, m, budget) => {
        const table = frequencyFromRecords(
          ['a', 'b', 'c'],
          recs.map(([a, b, c]) => [`a${a}`, `b${b}`, `c${c}`]),
          [ha, hb, hc],
        );
        const bounds = new PairBounds(table, m, budget, { blockCells });
        const heights = table.hierarchies.map((h) => h.maps.length);
        for (let i = 0; i < 3; i++) {
          for (let j = 0; j < 3; j++) {
            if (i === j) continue;
            for (let a = 0; a < heights[i]; a++) {
              let b = 0;
              while (b < heights[j] && smallRecords(table, i, j, a, b, m) > budget) b++;
              expect(bounds.minLevel[i][j][a]).toBe(b);
            }
          }
        }
      },
    ),
    { numRuns: 200, seed: 20 },
  );
}

describe('pair bounds', () => {
  it('give, per pair and level of one column, the lowest feasible level of the other (brute force)', () => {
    matchesBruteForce();
  });

  it('are the same when grids are counted a block of cells at a time (blocks of 4 and 2 cells)', () => {
    // The blocked path of rollUpDense, taken by large grids (above 32 k cells) on large sources.
    matchesBruteForce(4);
    matchesBruteForce(2);
  });
});
