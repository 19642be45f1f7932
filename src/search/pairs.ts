import type { FrequencyTable } from '../core/table.js';

/**
 * Necessary condition from two-column projections (cheap pruning for large tables). Every class of
 * a transformation T lies inside one class of the projection of the data onto two QI columns i, j
 * at T's levels for i and j, so a record whose projected class is smaller than the minimal class
 * size m (k, or l for l-diversity) is also in a class smaller than m under T, and must be
 * suppressed. If those records alone exceed the suppression budget at levels (a, b), every
 * transformation with level ≤ a on i and ≤ b on j fails, whatever its other levels: it can be
 * tagged non-anonymous without being grouped. For each pair the feasible region is a staircase
 * (monotone in both levels), found with O(h_i + h_j) groupings of the two-column table.
 *
 * `minLevel[i][j][a]` = the lowest level of column j that can be feasible when column i is at
 * level a (h_j when none is).
 */
export class PairBounds {
  readonly minLevel: Int32Array[][];
  private readonly d: number;

  constructor(table: FrequencyTable, minClassSize: number, budget: number) {
    const d = table.qi.length;
    this.d = d;
    this.minLevel = [];
    const heights = table.hierarchies.map((h) => h.maps.length);
    for (let i = 0; i < d; i++) {
      const row: Int32Array[] = [];
      for (let j = 0; j < d; j++) row.push(new Int32Array(heights[i]));
      this.minLevel.push(row);
    }
    if (minClassSize <= 1) return;
    const alone = table.hierarchies.map((_, i) => smallAlone(table, i, minClassSize));
    for (let i = 0; i < d; i++) {
      for (let j = i + 1; j < d; j++) {
        const pair = pairCounter(table, i, j, minClassSize);
        // A pair's classes lie inside each column's own classes, so the records in small classes
        // of one column alone are among the pair's: when they exceed the budget, the pair fails
        // without being counted (a date of birth at the leaves fails alone on 63 k rows, which
        // spares the pass over every record that each of its pairs' first probes made).
        const small = (a: number, b: number): number =>
          alone[i][a] > budget ? alone[i][a] : alone[j][b] > budget ? alone[j][b] : pair(a, b);
        // Staircase: for a = 0..h_i-1 the minimal feasible b is non-increasing in a (the records
        // in small classes can only decrease under generalization). The walk goes from fine to
        // coarse so every probe rolls up from a cached finer projection: at a = 0, b climbs from
        // the leaves (each step rolls up from the previous one); at a > 0, b descends from the
        // previous boundary, each probe rolling up from (a - 1, b) or (0, b), already cached.
        const hi = heights[i];
        const hj = heights[j];
        const minJ = new Int32Array(hi);
        let b = 0;
        while (b < hj && small(0, b) > budget) b++;
        minJ[0] = b;
        for (let a = 1; a < hi; a++) {
          while (b > 0 && small(a, b - 1) <= budget) b--;
          minJ[a] = b;
        }
        // minLevel[i][j][a] = minJ[a]; and the transpose: minLevel[j][i][b'] = min a with minJ[a] ≤ b'.
        this.minLevel[i][j] = minJ;
        const minI = new Int32Array(hj);
        for (let bb = 0; bb < hj; bb++) {
          let a = 0;
          while (a < hi && minJ[a] > bb) a++;
          minI[bb] = a;
        }
        this.minLevel[j][i] = minI;
      }
    }
  }

  /** False when some pair of columns proves the transformation cannot be anonymous. */
  feasible(levels: ArrayLike<number>): boolean {
    const d = this.d;
    for (let i = 0; i < d; i++) {
      const row = this.minLevel[i];
      const a = levels[i];
      for (let j = i + 1; j < d; j++) if (levels[j] < row[j][a]) return false;
    }
    return true;
  }
}

/**
 * Per level of column i: the records in classes of fewer than `minClassSize` records when the
 * data is grouped by that column alone at that level (from the per-leaf counts, no pass per level).
 */
function smallAlone(table: FrequencyTable, i: number, minClassSize: number): Float64Array {
  const h = table.hierarchies[i];
  const perLeaf = new Float64Array(h.leaves.length);
  const codes = table.codes[i];
  for (let r = 0; r < table.rows; r++) perLeaf[codes[r]] += table.counts[r];
  const out = new Float64Array(h.maps.length);
  h.maps.forEach((map, level) => {
    const sizes = new Float64Array(h.labels[level].length);
    for (let leaf = 0; leaf < perLeaf.length; leaf++) sizes[map[leaf]] += perLeaf[leaf];
    let s = 0;
    for (const c of sizes) if (c < minClassSize) s += c;
    out[level] = s;
  });
  return out;
}

/** Largest two-column cell grid counted in a dense array (8 M cells × 12 bytes = 96 MB). */
const DENSE_CELLS = 1 << 23;

/**
 * Most cells a hash table counts: 2 slots of 4 bytes per cell plus 16 bytes of cell, 96 MB at
 * this bound (as DENSE_CELLS); bigger sources use a dense grid or the monotonicity bound.
 */
const HASHED_CELLS = 1 << 21;

/** Most cells kept, per pair, for later probes to roll up from (4 M cells × 16 bytes = 64 MB). */
const CACHED_CELLS = 1 << 22;

/**
 * The occupied cells of the grid of two columns at some levels: one representative leaf of
 * each column per cell (any leaf of the cell's value: a coarser level maps every leaf of one
 * value to the same value, so the representative is enough to roll the cell up) and the
 * records in it. The frequency table itself is such a list at the leaves, with repeats.
 */
interface Cells {
  size: number;
  leafI: Int32Array;
  leafJ: Int32Array;
  counts: Float64Array;
}

/**
 * `small(a, b)`: the records in cells of fewer than `minClassSize` records when columns i and j
 * are generalized to levels a and b. Each probe rolls the occupied cells up from the smallest
 * list already counted at levels ≤ (a, b) (the frequency table for the first), one pass over
 * that list: counted in a dense grid when the grid has at most 4 cells per source cell (sex ×
 * occupation), else hashed by the cell's two codes (region × birth date: 2,829 × 22,520 cells
 * for 63 k records, nearly all empty, so a grid would cost more to allocate and zero than the
 * records cost to hash). A probe whose source is too big for a hash table and whose grid is too
 * big for a dense one (region × birth date at the leaves of 10 M rows) is answered by
 * monotonicity from its coarser neighbours (infeasible if one of them is, else conservatively
 * feasible — a weaker bound, never a wrong one).
 */
function pairCounter(
  table: FrequencyTable,
  i: number,
  j: number,
  minClassSize: number,
): (a: number, b: number) => number {
  const hi = table.hierarchies[i];
  const hj = table.hierarchies[j];
  const leaves: Cells = {
    size: table.rows,
    leafI: table.codes[i],
    leafJ: table.codes[j],
    counts: table.counts,
  };
  const cache: { a: number; b: number; cells: Cells }[] = [];
  let cached = 0;
  const memo = new Map<number, number>();
  const small = (a: number, b: number): number => {
    const id = a * hj.maps.length + b;
    const known = memo.get(id);
    if (known !== undefined) return known;
    let from = leaves;
    for (const c of cache) if (c.a <= a && c.b <= b && c.cells.size < from.size) from = c.cells;
    const ni = hi.labels[a].length;
    const nj = hj.labels[b].length;
    const grid = ni * nj;
    let cells: Cells | undefined;
    if (grid <= DENSE_CELLS && grid <= 4 * from.size)
      cells = rollUpDense(from, hi.maps[a], hj.maps[b], nj, grid);
    else if (from.size <= HASHED_CELLS) cells = rollUpHashed(from, hi.maps[a], hj.maps[b]);
    let s = 0;
    if (cells) {
      for (let k = 0; k < cells.size; k++) if (cells.counts[k] < minClassSize) s += cells.counts[k];
      if (cached + cells.size <= CACHED_CELLS) {
        cache.push({ a, b, cells });
        cached += cells.size;
      }
    } else {
      const coarserA = a + 1 < hi.maps.length ? small(a + 1, b) : 0;
      const coarserB = b + 1 < hj.maps.length ? small(a, b + 1) : 0;
      // Small records only grow towards the leaves: a lower bound from the coarser neighbours.
      s = Math.max(coarserA, coarserB);
    }
    memo.set(id, s);
    return s;
  };
  return small;
}

/** The occupied cells of a grid of `grid` cells, counted in a dense array, in grid order. */
function rollUpDense(from: Cells, mi: Int32Array, mj: Int32Array, nj: number, grid: number): Cells {
  const sums = new Float64Array(grid);
  // cell → 1 + the source cell that first fell in it (its representative leaves).
  const first = new Int32Array(grid);
  const { leafI, leafJ, counts } = from;
  for (let r = 0; r < from.size; r++) {
    // Rows only in the population table (count 0) occupy no cell.
    if (counts[r] === 0) continue;
    const x = mi[leafI[r]] * nj + mj[leafJ[r]];
    if (first[x] === 0) first[x] = r + 1;
    sums[x] += counts[r];
  }
  let size = 0;
  for (let x = 0; x < grid; x++) if (first[x] !== 0) size++;
  const out: Cells = {
    size,
    leafI: new Int32Array(size),
    leafJ: new Int32Array(size),
    counts: new Float64Array(size),
  };
  for (let x = 0, k = 0; x < grid; x++) {
    const r = first[x] - 1;
    if (r < 0) continue;
    out.leafI[k] = leafI[r];
    out.leafJ[k] = leafJ[r];
    out.counts[k++] = sums[x];
  }
  return out;
}

/**
 * The occupied cells at the levels of `mi`, `mj`, counted in an open-addressing hash table
 * (linear probing) keyed by the cell's two codes, in order of first occurrence: one pass over
 * the source, memory proportional to the source, not to the grid.
 */
function rollUpHashed(from: Cells, mi: Int32Array, mj: Int32Array): Cells {
  const n = from.size;
  let cap = 16;
  while (cap < 2 * n) cap *= 2;
  const mask = cap - 1;
  const shift = 32 - Math.log2(cap);
  // slot → 1 + index of its cell (0: empty).
  const slots = new Int32Array(cap);
  const x = new Int32Array(n);
  const y = new Int32Array(n);
  const leafI = new Int32Array(n);
  const leafJ = new Int32Array(n);
  const sums = new Float64Array(n);
  const { counts } = from;
  let size = 0;
  for (let r = 0; r < n; r++) {
    if (counts[r] === 0) continue;
    const li = from.leafI[r];
    const lj = from.leafJ[r];
    const a = mi[li];
    const b = mj[lj];
    // Multiplicative hashing of both codes (Knuth's golden-ratio constant), top bits kept.
    let h = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca6b)) >>> shift;
    for (;;) {
      const c = slots[h];
      if (c === 0) {
        x[size] = a;
        y[size] = b;
        leafI[size] = li;
        leafJ[size] = lj;
        sums[size] = counts[r];
        slots[h] = ++size;
        break;
      }
      if (x[c - 1] === a && y[c - 1] === b) {
        sums[c - 1] += counts[r];
        break;
      }
      h = (h + 1) & mask;
    }
  }
  // A list much shorter than its source is copied, so a cached list holds no more than its cells.
  const cut = <T extends Int32Array | Float64Array>(a: T): T =>
    (size < n / 2 ? a.slice(0, size) : a.subarray(0, size)) as T;
  return { size, leafI: cut(leafI), leafJ: cut(leafJ), counts: cut(sums) };
}
