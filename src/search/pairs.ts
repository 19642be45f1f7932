import { Groupifier, type Partition } from '../core/groupify.js';
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
    for (let i = 0; i < d; i++) {
      for (let j = i + 1; j < d; j++) {
        const small = pairCounter(table, i, j, minClassSize);
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

/** Largest two-column cell grid counted in a dense array (8 M cells × 8 bytes = 64 MB). */
const DENSE_CELLS = 1 << 23;

/**
 * `small(a, b)`: the records in cells of fewer than `minClassSize` records when columns i and j
 * are generalized to levels a and b. Small pairs (e.g. sex × occupation) are projected once at the leaves and
 * rolled up from there. Large pairs (region × birth date: 2,843 × 26,663 leaf cells, nearly one
 * record per cell in 10 M rows) are never grouped at the leaves: each probe counts its own
 * level's cells in a dense array in one pass over the frequency rows, and a probe whose grid is
 * too big for that is answered by monotonicity from its coarser neighbours (infeasible if one
 * of them is, else conservatively feasible — a weaker bound, never a wrong one).
 */
function pairCounter(
  table: FrequencyTable,
  i: number,
  j: number,
  minClassSize: number,
): (a: number, b: number) => number {
  const hi = table.hierarchies[i];
  const hj = table.hierarchies[j];
  if (hi.leaves.length * hj.leaves.length <= 1 << 22) {
    const proj = project(table, i, j);
    const g = new Groupifier(proj);
    // The projection's rows are distinct (column i, column j) leaf pairs, so its partition at
    // the leaf levels is the identity: cached without a grouping pass.
    const identity = new Int32Array(proj.rows);
    for (let r = 0; r < proj.rows; r++) identity[r] = r;
    const cache: Partition[] = [
      {
        levels: Int32Array.of(0, 0),
        numClasses: proj.rows,
        sizes: Float64Array.from(proj.counts),
        rep: identity,
      },
    ];
    return (a, b) => {
      // Roll up from the finest cached projection below (a, b).
      let from: Partition | undefined;
      for (const p of cache) {
        if (p.levels[0] <= a && p.levels[1] <= b && (!from || p.numClasses < from.numClasses)) from = p;
      }
      const p = a === 0 && b === 0 ? cache[0] : g.run([a, b], { from });
      if (p !== cache[0]) cache.push(p);
      let s = 0;
      for (let c = 0; c < p.numClasses; c++) if (p.sizes[c] < minClassSize) s += p.sizes[c];
      return s;
    };
  }
  const memo = new Map<number, number>();
  const ci = table.codes[i];
  const cj = table.codes[j];
  const counts = table.counts;
  const small = (a: number, b: number): number => {
    const id = a * hj.maps.length + b;
    const known = memo.get(id);
    if (known !== undefined) return known;
    const ni = hi.labels[a].length;
    const nj = hj.labels[b].length;
    let s: number;
    if (ni * nj <= DENSE_CELLS) {
      const mi = hi.maps[a];
      const mj = hj.maps[b];
      const cells = new Float64Array(ni * nj);
      for (let r = 0; r < table.rows; r++) cells[mi[ci[r]] * nj + mj[cj[r]]] += counts[r];
      s = 0;
      for (let x = 0; x < cells.length; x++) if (cells[x] > 0 && cells[x] < minClassSize) s += cells[x];
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

/**
 * The two-column frequency table of columns i and j at their leaves, counted in a dense array
 * (one tight pass over the rows; callers keep ni × nj small).
 */
function project(table: FrequencyTable, i: number, j: number): FrequencyTable {
  const hi = table.hierarchies[i];
  const hj = table.hierarchies[j];
  const ni = hi.leaves.length;
  const nj = hj.leaves.length;
  const base = { qi: [table.qi[i], table.qi[j]], hierarchies: [hi, hj], n: table.n };
  const cells = new Float64Array(ni * nj);
  const ci = table.codes[i];
  const cj = table.codes[j];
  const counts = table.counts;
  for (let r = 0; r < table.rows; r++) cells[ci[r] * nj + cj[r]] += counts[r];
  let rows = 0;
  for (let x = 0; x < cells.length; x++) if (cells[x] > 0) rows++;
  const a = new Int32Array(rows);
  const b = new Int32Array(rows);
  const c = new Float64Array(rows);
  let k = 0;
  for (let x = 0; x < cells.length; x++) {
    if (cells[x] > 0) {
      a[k] = Math.floor(x / nj);
      b[k] = x % nj;
      c[k++] = cells[x];
    }
  }
  return { ...base, codes: [a, b], counts: c, rows };
}
