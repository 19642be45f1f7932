import type { Hierarchy } from '../hierarchy.js';

/** Number of distinct values at each level, handy in tests and reports. */
export const levelSizes = (h: Hierarchy): number[] => h.labels.map((l) => l.length);

/** The label of leaf `leaf` (by value) at `level`, for tests and reports. */
export function labelOf(h: Hierarchy, leaf: string, level: number): string {
  const i = h.leaves.indexOf(leaf);
  if (i < 0) throw new Error('leaf not in hierarchy');
  return h.labels[level][h.maps[level][i]];
}
