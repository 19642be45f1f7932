import type { NodeEval, NodeEvaluator } from './evaluator.js';
import { PairBounds } from './pairs.js';

export interface TraverseResult {
  best?: NodeEval;
  /** False when the time limit stopped the walk before optimality was proven. */
  complete: boolean;
}

const ANON = 1;
const NOT_ANON = 2;

/**
 * Optimal full-domain search with pruning (the guarantees of ARX's Flash, with a best-first
 * order instead of Flash's path heuristics):
 * - nodes are visited in increasing order of the metric's lower bound, so the walk stops at the
 *   first node whose bound cannot beat the best score found (every node after it, and every
 *   successor of it, is pruned: "insufficient utility");
 * - predictive tagging: when the models are monotonic (Checker.monotonic), an anonymous node tags
 *   all its successors anonymous and a non-anonymous node tags all its predecessors
 *   non-anonymous; independently, a node where the records in classes below the minimal class
 *   size already exceed the budget tags its predecessors non-anonymous (that part is always
 *   monotonic, as ARX's k-anonymity tag);
 * - tagged non-anonymous nodes are never grouped.
 * The result is the exact optimum (ties: the lowest bound, then fewest levels, then lowest id).
 */
export function traverseOptimal(
  ev: NodeEvaluator,
  opts: { deadline?: number; onStep?: (done: number) => void } = {},
): TraverseResult {
  const lattice = ev.lattice;
  const N = lattice.size;
  const tags = new Uint8Array(N);
  const lb = new Float64Array(N);
  const levelSum = new Int32Array(N);
  const levels = new Int32Array(lattice.d);
  const bound = ev.metric.lowerBound;
  for (let id = 0; id < N; id++) {
    lattice.levels(id, levels);
    let s = 0;
    for (let i = 0; i < levels.length; i++) s += levels[i];
    levelSum[id] = s;
    lb[id] = bound ? bound(levels) : 0;
  }
  const order = new Int32Array(N);
  for (let i = 0; i < N; i++) order[i] = i;
  order.sort((a, b) => lb[a] - lb[b] || levelSum[a] - levelSum[b] || a - b);
  const monotonic = ev.checker.monotonic(ev.budget);
  const pairs = new PairBounds(ev.checker.table, ev.checker.minClassSize, ev.budget);
  let best: NodeEval | undefined;
  // A node probed by an earlier path's binary search is already scored: never group it twice.
  const done = new Uint8Array(N);
  const consider = (r: NodeEval) => {
    done[r.id] = 1;
    if (r.checked.anonymous) {
      if (monotonic && tags[r.id] !== ANON) lattice.propagate(tags, r.id, ANON, true);
      if (!best || r.score < best.score) best = r;
    } else if (monotonic || r.checked.smallRecords > ev.budget) {
      lattice.propagate(tags, r.id, NOT_ANON, false);
    }
    return r.checked.anonymous;
  };
  for (let k = 0; k < N; k++) {
    const id = order[k];
    if (best && lb[id] >= best.score) break;
    if (tags[id] === NOT_ANON || done[id]) continue;
    if (!pairs.feasible(lattice.levels(id, levels))) {
      lattice.propagate(tags, id, NOT_ANON, false);
      continue;
    }
    // One clock read per node: on large tables a single grouping can take seconds.
    if (opts.deadline !== undefined && performance.now() > opts.deadline) return { best, complete: false };
    opts.onStep?.(k);
    if (monotonic && tags[id] !== ANON) {
      // Flash's idea: find the anonymity boundary on a path up from this node by binary search,
      // so one non-anonymous verdict high on the path tags a large down-set at once. The path
      // follows the untagged successor with the lowest bound (staying where the optimum can be).
      const path = [id];
      for (let x = id; ; ) {
        let next = -1;
        for (const s of lattice.successors(x)) {
          if (tags[s] === 0 && (next < 0 || lb[s] < lb[next] || (lb[s] === lb[next] && s < next))) next = s;
        }
        if (next < 0) break;
        path.push(next);
        x = next;
      }
      let lo = 0;
      let hi = path.length - 1;
      while (lo <= hi && tags[id] === 0) {
        if (opts.deadline !== undefined && performance.now() > opts.deadline)
          return { best, complete: false };
        const mid = (lo + hi) >> 1;
        const node = path[mid];
        if (tags[node] === NOT_ANON) {
          lo = mid + 1;
          continue;
        }
        if (!pairs.feasible(lattice.levels(node, levels))) {
          lattice.propagate(tags, node, NOT_ANON, false);
          lo = mid + 1;
          continue;
        }
        if (tags[node] === ANON) {
          hi = mid - 1;
          continue;
        }
        if (consider(ev.evaluate(node))) hi = mid - 1;
        else lo = mid + 1;
      }
      if (tags[id] === NOT_ANON || done[id]) continue;
    }
    // Anonymous (tagged or just found on the path) or non-monotonic models: evaluate and score.
    consider(ev.evaluate(id));
  }
  return { best, complete: true };
}
