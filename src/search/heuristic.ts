import type { NodeEval, NodeEvaluator } from './evaluator.js';
import type { TraverseResult } from './optimal.js';

/** Minimal binary min-heap of (priority, id). */
class Heap {
  private p: number[] = [];
  private v: number[] = [];
  get size(): number {
    return this.v.length;
  }
  push(priority: number, id: number): void {
    this.p.push(priority);
    this.v.push(id);
    let i = this.v.length - 1;
    while (i > 0) {
      const up = (i - 1) >> 1;
      if (this.p[up] <= this.p[i]) break;
      this.swap(i, up);
      i = up;
    }
  }
  pop(): number {
    const top = this.v[0];
    const last = this.v.length - 1;
    this.swap(0, last);
    this.p.pop();
    this.v.pop();
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < this.v.length && this.p[l] < this.p[m]) m = l;
      if (r < this.v.length && this.p[r] < this.p[m]) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
    return top;
  }
  private swap(a: number, b: number): void {
    [this.p[a], this.p[b]] = [this.p[b], this.p[a]];
    [this.v[a], this.v[b]] = [this.v[b], this.v[a]];
  }
}

/**
 * Heuristic search for lattices too large to enumerate (after ARX's Lightning, Prasser et al.
 * 2016): a best-first walk up from the bottom ordered by the metric's lower bound (or by the sum
 * of levels when the metric has none), expanding only non-anonymous nodes, until the time limit;
 * when it finds no solution in time, a greedy climb follows the cheapest successor until one is
 * anonymous. Memory is bounded by the nodes visited, never by the lattice size.
 */
export function traverseHeuristic(
  ev: NodeEvaluator,
  opts: { deadline: number; onStep?: (done: number) => void },
): TraverseResult {
  const lattice = ev.lattice;
  const bound = ev.metric.lowerBound;
  const levels = new Int32Array(lattice.d);
  const priority = (id: number) => {
    lattice.levels(id, levels);
    if (bound) return bound(levels);
    let s = 0;
    for (let i = 0; i < levels.length; i++) s += levels[i];
    return s;
  };
  const seen = new Set<number>();
  const heap = new Heap();
  heap.push(priority(0), 0);
  seen.add(0);
  let best: NodeEval | undefined;
  let timedOut = false;
  let frontier = 0;
  let steps = 0;
  while (heap.size > 0) {
    if (performance.now() > opts.deadline) {
      timedOut = true;
      break;
    }
    const id = heap.pop();
    frontier = id;
    if (best && bound && priority(id) >= best.score) break;
    const r = ev.evaluate(id);
    opts.onStep?.(++steps);
    if (r.checked.anonymous) {
      if (!best || r.score < best.score) best = r;
      continue;
    }
    for (const s of lattice.successors(id)) {
      if (!seen.has(s)) {
        seen.add(s);
        heap.push(priority(s), s);
      }
    }
  }
  if (!best) {
    // Greedy climb from where the walk stopped: always the successor with the lowest priority.
    let id = frontier;
    for (;;) {
      const r = ev.evaluate(id);
      if (r.checked.anonymous) {
        best = r;
        break;
      }
      const succ = lattice.successors(id);
      if (succ.length === 0) break;
      id = succ.reduce((a, b) => (priority(b) < priority(a) ? b : a));
    }
  }
  return { best, complete: !timedOut };
}
