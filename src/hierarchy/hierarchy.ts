/**
 * A generalization hierarchy over one column's values (leaves). Level 0 is the original value;
 * each higher level maps every leaf to a coarser value; the last level is usually "*".
 *
 * Representation: leaves are dictionary-encoded as 0..leaves.length-1; `maps[level][leafCode]`
 * is the code of that leaf's value at `level`, and `labels[level][code]` is its text. Codes at a
 * level are dense (0..labels[level].length-1), so the search can count classes with typed arrays.
 * Every level must be a function of the level below (validated by `validateHierarchy`).
 */
export interface Hierarchy {
  /** Column this hierarchy generalizes. */
  readonly column: string;
  /** Leaf values (level 0 text), index = leaf code. */
  readonly leaves: readonly string[];
  /** maps[level][leafCode] = code at that level; maps[0] is the identity. */
  readonly maps: readonly Int32Array[];
  /** labels[level][code] = generalized text. */
  readonly labels: readonly (readonly string[])[];
  /** Where it came from (file path or builder description), for reports. */
  readonly origin: string;
  /**
   * What each level means, when a builder made it (`levelNames[L]`, e.g. "month", "decade",
   * "10", "mask2", "*"); absent for hierarchies read from ARX files. See `describeLevel`.
   */
  readonly levelNames?: readonly string[];
}

export const levelCount = (h: Hierarchy): number => h.maps.length;
