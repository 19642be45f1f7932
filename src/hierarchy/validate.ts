import { WumingError } from '../errors.js';
import type { Hierarchy } from './hierarchy.js';

/**
 * Checks that a hierarchy can drive the search: level 0 is the identity over distinct leaves,
 * every map covers every leaf with a code in range, and each level is a function of the level
 * below (two leaves that share a value at level L-1 share a value at level L). The last property
 * is what makes full-domain generalization monotone: generalizing one more level can only merge
 * equivalence classes, never split them, which the search's predictive tagging relies on.
 *
 * Throws a data error naming the column, the level and (when known) the file line of the first
 * offending leaf; never the values themselves.
 *
 * `strict` adds what only a builder can promise (an imported file may reuse a label for two
 * codes): codes are dense (each label used), labels are distinct within a level, level 0's labels
 * are the leaves; and `expectedLevels` guards against the ARX #362 class of bug where a builder
 * silently emits fewer levels than configured. A strict failure is a bug, so its kind is internal.
 */
export interface ValidateHierarchyOptions {
  /** 1-based file line of each leaf (from the ARX importer), for messages. */
  leafLines?: readonly number[];
  strict?: boolean;
  expectedLevels?: number;
  /**
   * Each leaf's index, when the caller already built it (the ARX importer does, and has checked
   * that no leaf repeats): saves a second map over the leaves.
   */
  leafIndex?: ReadonlyMap<string, number>;
}

export function validateHierarchy(h: Hierarchy, opts: ValidateHierarchyOptions = {}): void {
  const { leafLines, strict = false } = opts;
  const fail = (message: string, leaf?: number): never => {
    throw new WumingError('HIERARCHY_INVALID', `hierarchy for column "${h.column}": ${message}`, {
      kind: strict ? 'internal' : 'data',
      location: {
        file: h.origin,
        column: h.column,
        line: leaf !== undefined && leafLines ? leafLines[leaf] : undefined,
      },
    });
  };
  const n = h.leaves.length;
  const levels = h.maps.length;
  // A builder given no values builds an empty hierarchy; an imported file must have some.
  if (n === 0 && !strict) fail('has no values');
  if (levels === 0) fail('has no levels');
  if (h.labels.length !== levels) fail(`has ${levels} maps but ${h.labels.length} label lists`);
  if (opts.expectedLevels !== undefined && levels !== opts.expectedLevels)
    fail(`has ${levels} levels, expected ${opts.expectedLevels}`);
  if (strict && (h.labels[0].length !== n || h.labels[0].some((l, i) => l !== h.leaves[i])))
    fail('level 0 labels differ from the leaves');
  let seen = opts.leafIndex;
  if (seen === undefined || seen.size !== n) {
    const index = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      if (index.has(h.leaves[i])) fail('a value appears twice in the first column', i);
      index.set(h.leaves[i], i);
    }
    seen = index;
  }
  for (let level = 0; level < levels; level++) {
    const map = h.maps[level];
    const size = h.labels[level].length;
    if (map.length !== n) fail(`level ${level} maps ${map.length} values, expected ${n}`);
    if (strict && new Set(h.labels[level]).size !== size) fail(`level ${level} has duplicate labels`);
    const used = new Uint8Array(size);
    for (let i = 0; i < n; i++) {
      const c = map[i];
      if (!(c >= 0 && c < size)) fail(`level ${level} maps a value to code ${c} outside 0..${size - 1}`, i);
      if (level === 0 && c !== i) fail('level 0 is not the identity', i);
      used[c] = 1;
    }
    if (strict && used.indexOf(0) !== -1)
      fail(`level ${level} has codes no value maps to (codes must be dense)`);
    if (level === 0) continue;
    const below = h.maps[level - 1];
    const parent = new Int32Array(h.labels[level - 1].length).fill(-1);
    const firstLeaf = new Int32Array(h.labels[level - 1].length);
    for (let i = 0; i < n; i++) {
      const b = below[i];
      if (parent[b] === -1) {
        parent[b] = map[i];
        firstLeaf[b] = i;
      } else if (parent[b] !== map[i]) {
        const both = leafLines ? `lines ${leafLines[firstLeaf[b]]} and ${leafLines[i]}` : 'two rows';
        fail(
          `level ${level} is not a function of level ${level - 1}: ${both} have the same level-${level - 1} value but different level-${level} values`,
          i,
        );
      }
    }
  }
  // A label that is another value of the column must stand for that value at the same level
  // (海淀区 → 北京市 is fine when 北京市 stays 北京市); otherwise records of one category are
  // published as another real category (中专 shown as 初中 while 初中 is shown as 大专).
  // Looked up once per label, not per leaf: a level has far fewer labels than the leaves.
  const leafOfLabel = labelLeaves(h, seen);
  for (let level = 1; level < levels; level++) {
    const map = h.maps[level];
    const asLeaf = leafOfLabel[level];
    for (let i = 0; i < n; i++) {
      const j = asLeaf[map[i]];
      if (j !== -1 && j !== i && map[j] !== map[i])
        fail(
          `level ${level} relabels a value as another value of the column (${leafLines ? `line ${leafLines[i]} as the value of line ${leafLines[j]}` : `value ${i + 1} as value ${j + 1}`}), which is itself relabelled at that level: records would be published under another real category`,
          i,
        );
    }
  }
  const cycle = findCycle(h, leafOfLabel);
  if (cycle)
    fail(
      `is cyclic: values generalize to one another (${cycle.map((i) => (leafLines ? `line ${leafLines[i]}` : `value ${i + 1}`)).join(' → ')}), so records would be published under another real category`,
      cycle[0],
    );
}

/**
 * A value that generalizes to another leaf value, which generalizes (at some level) back to the
 * first (中专 → 初中, 初中 → 大专, 大专 → 中专): no order of generality exists, and the output
 * would relabel records as another real category. An edge runs from leaf i to leaf j ≠ i when
 * some level's label of i is j's value; a cycle in that graph (depth-first search, iterative so a
 * long chain cannot overflow the stack) is returned as its leaf indexes. A label equal to another
 * leaf without a way back (海淀区 → 北京市 where 北京市 is also a leaf) is a plain coarser value.
 */
function findCycle(h: Hierarchy, leafOfLabel: readonly Int32Array[]): number[] | undefined {
  const n = h.leaves.length;
  // Most leaves have no edge: their lists are made only when one appears.
  const edges: (number[] | undefined)[] = new Array(n);
  let any = false;
  for (let level = 1; level < h.maps.length; level++) {
    const map = h.maps[level];
    const asLeaf = leafOfLabel[level];
    for (let i = 0; i < n; i++) {
      const j = asLeaf[map[i]];
      if (j !== -1 && j !== i) {
        const out = edges[i];
        if (out) out.push(j);
        else edges[i] = [j];
        any = true;
      }
    }
  }
  if (!any) return undefined;
  const state = new Uint8Array(n); // 0 new, 1 on the path, 2 done
  const parent = new Int32Array(n).fill(-1);
  for (let root = 0; root < n; root++) {
    if (state[root] !== 0) continue;
    const stack: [number, number][] = [[root, 0]];
    state[root] = 1;
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const [v, k] = top;
      const out = edges[v];
      if (out !== undefined && k < out.length) {
        top[1]++;
        const w = out[k];
        if (state[w] === 1) {
          const cycle = [w];
          for (let u = v; u !== w && u !== -1; u = parent[u]) cycle.push(u);
          return [w, ...cycle.slice(1).reverse()];
        }
        if (state[w] === 0) {
          state[w] = 1;
          parent[w] = v;
          stack.push([w, 0]);
        }
      } else {
        state[v] = 2;
        stack.pop();
      }
    }
  }
  return undefined;
}

/** Per level, per code: the leaf whose value that code's label is, or -1 (level 0: unused). */
function labelLeaves(h: Hierarchy, leafOf: ReadonlyMap<string, number>): Int32Array[] {
  return h.labels.map((labels, level) => {
    const out = new Int32Array(level === 0 ? 0 : labels.length);
    for (let c = 0; c < out.length; c++) out[c] = leafOf.get(labels[c]) ?? -1;
    return out;
  });
}
