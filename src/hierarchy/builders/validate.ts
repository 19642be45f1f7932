import { WumingError } from '../../errors.js';
import type { Hierarchy } from '../hierarchy.js';

/**
 * Structural checks every builder output must pass:
 * - at least one level; `maps` and `labels` have the same number of levels;
 * - level 0 is the identity over `leaves` (maps[0][i] = i, labels[0] = leaves), leaves distinct;
 * - every map covers every leaf with a code in range, and codes are dense (each label is used);
 * - labels are distinct within a level (two codes printed the same would merge classes in the
 *   output that the search counted apart);
 * - monotone: each level is a function of the level below (two leaves sharing a code at L-1 share
 *   a code at L), so generalising further never splits a group.
 * - optional: exactly `expectedLevels` levels (guards against the ARX #362 class of bug where a
 *   builder silently emits fewer levels than configured).
 * Throws WumingError (kind 'internal') naming the column and level; never quotes values.
 */
export function assertMonotoneLevels(h: Hierarchy, opts: { expectedLevels?: number } = {}): void {
  const fail = (message: string): never => {
    throw new WumingError('HIERARCHY_INVALID', `hierarchy for column "${h.column}": ${message}`, {
      kind: 'internal',
      location: { column: h.column },
    });
  };
  const n = h.leaves.length;
  const levels = h.maps.length;
  if (levels === 0) fail('has no levels');
  if (h.labels.length !== levels) fail(`has ${levels} maps but ${h.labels.length} label lists`);
  if (opts.expectedLevels !== undefined && levels !== opts.expectedLevels) {
    fail(`has ${levels} levels, expected ${opts.expectedLevels}`);
  }
  if (new Set(h.leaves).size !== n) fail('leaves are not distinct');
  if (h.labels[0].length !== n) fail('level 0 labels differ from the leaves');
  for (let i = 0; i < n; i++) {
    if (h.maps[0][i] !== i) fail('level 0 is not the identity');
    if (h.labels[0][i] !== h.leaves[i]) fail('level 0 labels differ from the leaves');
  }
  for (let level = 0; level < levels; level++) {
    const map = h.maps[level];
    const size = h.labels[level].length;
    if (map.length !== n) fail(`level ${level} maps ${map.length} leaves, expected ${n}`);
    if (new Set(h.labels[level]).size !== size) fail(`level ${level} has duplicate labels`);
    const used = new Uint8Array(size);
    for (let i = 0; i < n; i++) {
      const c = map[i];
      if (!(c >= 0 && c < size)) fail(`level ${level} maps leaf #${i} to code ${c} outside 0..${size - 1}`);
      used[c] = 1;
    }
    if (used.indexOf(0) !== -1) fail(`level ${level} has codes no leaf maps to (codes must be dense)`);
    if (level === 0) continue;
    const below = h.maps[level - 1];
    const parent = new Int32Array(h.labels[level - 1].length).fill(-1);
    for (let i = 0; i < n; i++) {
      const b = below[i];
      if (parent[b] === -1) parent[b] = map[i];
      else if (parent[b] !== map[i]) fail(`level ${level} is not a function of level ${level - 1}`);
    }
  }
}

/** Number of distinct values at each level, handy in tests and reports. */
export const levelSizes = (h: Hierarchy): number[] => h.labels.map((l) => l.length);

/** The label of leaf `leaf` (by value) at `level`, for tests and reports. */
export function labelOf(h: Hierarchy, leaf: string, level: number): string {
  const i = h.leaves.indexOf(leaf);
  if (i < 0) throw new Error('leaf not in hierarchy');
  return h.labels[level][h.maps[level][i]];
}
