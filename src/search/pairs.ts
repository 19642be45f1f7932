import { Groupifier, type Partition } from './groupify.js';
import type { FrequencyTable } from './table.js';

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
        const small = (a: number, b: number): number => {
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
 * The two-column frequency table of columns i and j: counted in a dense array when the product of
 * their leaf counts is small (one tight pass over the rows), else left to the hash grouping.
 */
function project(table: FrequencyTable, i: number, j: number): FrequencyTable {
  const hi = table.hierarchies[i];
  const hj = table.hierarchies[j];
  const ni = hi.leaves.length;
  const nj = hj.leaves.length;
  const base = { qi: [table.qi[i], table.qi[j]], hierarchies: [hi, hj], n: table.n };
  if (ni * nj > 1 << 22) {
    // Too many cells for a dense array (e.g. region × birth date): one hash grouping of the rows
    // at the leaf levels gives the distinct pairs, and every later probe of the staircase rolls
    // up from that compact table instead of passing over all the frequency rows again.
    const whole = {
      ...base,
      codes: [table.codes[i], table.codes[j]],
      counts: table.counts,
      rows: table.rows,
    };
    const p = new Groupifier(whole).run([0, 0]);
    const a = new Int32Array(p.numClasses);
    const b = new Int32Array(p.numClasses);
    for (let c = 0; c < p.numClasses; c++) {
      a[c] = table.codes[i][p.rep[c]];
      b[c] = table.codes[j][p.rep[c]];
    }
    return { ...base, codes: [a, b], counts: p.sizes, rows: p.numClasses };
  }
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
