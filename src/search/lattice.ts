/**
 * The generalization lattice of full-domain transformations: one level per QI, node ids are
 * mixed-radix numbers (id = Σ level_i · stride_i). Bottom = all zeros (original data), top = every
 * column at its highest level. Successors generalize one column by one level.
 */
export class Lattice {
  readonly size: number;
  readonly stride: number[];
  readonly d: number;
  constructor(readonly heights: readonly number[]) {
    this.d = heights.length;
    let s = 1;
    this.stride = heights.map((h) => {
      const v = s;
      s *= h;
      return v;
    });
    this.size = s;
  }
  levels(id: number, out = new Int32Array(this.d)): Int32Array {
    let r = id;
    for (let i = 0; i < this.d; i++) {
      out[i] = r % this.heights[i];
      r = Math.floor(r / this.heights[i]);
    }
    return out;
  }
  id(levels: ArrayLike<number>): number {
    let v = 0;
    for (let i = 0; i < this.d; i++) v += levels[i] * this.stride[i];
    return v;
  }
  get top(): number {
    return this.size - 1;
  }
  successors(id: number): number[] {
    const out: number[] = [];
    let r = id;
    for (let i = 0; i < this.d; i++) {
      const L = r % this.heights[i];
      r = Math.floor(r / this.heights[i]);
      if (L + 1 < this.heights[i]) out.push(id + this.stride[i]);
    }
    return out;
  }
  predecessors(id: number): number[] {
    const out: number[] = [];
    let r = id;
    for (let i = 0; i < this.d; i++) {
      const L = r % this.heights[i];
      r = Math.floor(r / this.heights[i]);
      if (L > 0) out.push(id - this.stride[i]);
    }
    return out;
  }
  /** Tag `id` and everything reachable through successors (`up`) or predecessors with `tag`. */
  propagate(tags: Uint8Array, id: number, tag: number, up: boolean): void {
    // Neighbours by stride arithmetic, not successors()/predecessors(): no array per node (the
    // search tags thousands of nodes at a time).
    const stack = [id];
    tags[id] = tag;
    const { d, heights, stride } = this;
    while (stack.length > 0) {
      const x = stack.pop()!;
      let r = x;
      for (let i = 0; i < d; i++) {
        const h = heights[i];
        const L = r % h;
        r = (r - L) / h;
        if (up ? L + 1 < h : L > 0) {
          const y = up ? x + stride[i] : x - stride[i];
          if (tags[y] !== tag) {
            tags[y] = tag;
            stack.push(y);
          }
        }
      }
    }
  }
}
