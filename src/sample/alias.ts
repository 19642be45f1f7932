import type { Random } from '../random.js';

/**
 * Walker/Vose alias table: O(1) draws from a fixed discrete distribution with one uniform
 * number (Vose, "A linear algorithm for generating random numbers with a given distribution",
 * IEEE TSE 1991). The generator draws ~30 categorical values per row, so this matters.
 */
export class Alias<T> {
  private readonly prob: Float64Array;
  private readonly alias: Int32Array;

  constructor(
    readonly values: readonly T[],
    weights: readonly number[],
  ) {
    const n = weights.length;
    if (n === 0 || n !== values.length)
      throw new RangeError('alias table needs matching, non-empty values and weights');
    const total = weights.reduce((a, b) => a + b, 0);
    if (!(total > 0) || weights.some((w) => w < 0 || !Number.isFinite(w)))
      throw new RangeError('alias weights must be finite, ≥ 0, not all 0');
    this.prob = new Float64Array(n);
    this.alias = new Int32Array(n);
    const scaled = weights.map((w) => (w * n) / total);
    const small: number[] = [];
    const large: number[] = [];
    for (let i = 0; i < n; i++) (scaled[i] < 1 ? small : large).push(i);
    while (small.length > 0 && large.length > 0) {
      const s = small.pop() as number;
      const l = large.pop() as number;
      this.prob[s] = scaled[s];
      this.alias[s] = l;
      scaled[l] = scaled[l] + scaled[s] - 1;
      (scaled[l] < 1 ? small : large).push(l);
    }
    // Leftovers are 1 up to rounding error.
    for (const i of large) this.prob[i] = 1;
    for (const i of small) this.prob[i] = 1;
  }

  /** Index of a drawn value. */
  index(r: Random): number {
    const u = r.next() * this.prob.length;
    const i = Math.floor(u);
    return u - i < this.prob[i] ? i : this.alias[i];
  }

  draw(r: Random): T {
    return this.values[this.index(r)];
  }
}

/** Alias table from a `{value: weight}` record. */
export function aliasOf(record: Record<string, number>): Alias<string> {
  const keys = Object.keys(record);
  return new Alias(
    keys,
    keys.map((k) => record[k]),
  );
}
