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
 * @param leafLines optional 1-based file line of each leaf (from the ARX importer), for messages.
 */
export function validateHierarchy(h: Hierarchy, leafLines?: readonly number[]): void {
  const fail = (message: string, leaf?: number): never => {
    throw new WumingError('HIERARCHY_INVALID', `hierarchy for column "${h.column}": ${message}`, {
      kind: 'data',
      location: {
        file: h.origin,
        column: h.column,
        line: leaf !== undefined && leafLines ? leafLines[leaf] : undefined,
      },
    });
  };
  const n = h.leaves.length;
  const levels = h.maps.length;
  if (n === 0) fail('has no values');
  if (levels === 0) fail('has no levels');
  if (h.labels.length !== levels) fail(`has ${levels} maps but ${h.labels.length} label lists`);
  const seen = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    if (seen.has(h.leaves[i])) fail('a value appears twice in the first column', i);
    seen.set(h.leaves[i], i);
  }
  for (let level = 0; level < levels; level++) {
    const map = h.maps[level];
    const size = h.labels[level].length;
    if (map.length !== n) fail(`level ${level} maps ${map.length} values, expected ${n}`);
    for (let i = 0; i < n; i++) {
      const c = map[i];
      if (!(c >= 0 && c < size)) fail(`level ${level} maps a value to code ${c} outside 0..${size - 1}`, i);
      if (level === 0 && c !== i) fail('level 0 is not the identity', i);
    }
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
}
