import { WumingError } from '../../errors.js';
import type { Hierarchy } from '../hierarchy.js';

/**
 * One generalization step. `next` maps a key of the level below to a key of this level; the
 * builder only ever calls it on the *distinct keys of the level below*, so every level is a
 * function of the previous one by construction (no leaf can reach two parents), and the work per
 * level shrinks as the levels get coarser. `label` turns a key into the text users see; it must be
 * injective within a level (checked by `validateHierarchy` in strict mode).
 */
export interface ChainStep {
  /** Short name for the origin string, e.g. "month". */
  readonly name: string;
  readonly next: (key: string) => string;
  readonly label?: (key: string) => string;
}

export interface ChainInput {
  readonly column: string;
  readonly leaves: readonly string[];
  /**
   * Normalises a leaf to the key the first step reads (e.g. "2026/3/1" → "2026-03-01"), or returns
   * undefined when the leaf is not valid for this builder.
   */
  readonly leafKey: (leaf: string, index: number) => string | undefined;
  readonly steps: readonly ChainStep[];
  /** Builds the error thrown when some leaves are invalid; gets the count, never the values. */
  readonly invalid: (count: number) => WumingError;
  readonly origin: string;
}

export const TOP = '*';

/** A step that maps everything to the single top value. */
export const topStep = (label = TOP): ChainStep => ({ name: label, next: () => label });

function assertDistinctLeaves(column: string, leaves: readonly string[]): void {
  if (new Set(leaves).size !== leaves.length) {
    throw new WumingError(
      'HIERARCHY_DUPLICATE_LEAVES',
      'hierarchy builders take the distinct values of a column; the list given contains duplicates',
      { kind: 'usage', location: { column } },
    );
  }
}

/**
 * Builds a Hierarchy from per-leaf keys and a chain of steps. Always emits exactly
 * `steps.length + 1` levels, even when a level collapses to a single value (ARX issue #362: its
 * interval builder stopped emitting levels once all values at a level were identical, silently
 * giving fewer levels than configured).
 */
export function buildChain(input: ChainInput): Hierarchy {
  const { column, leaves, leafKey, steps } = input;
  assertDistinctLeaves(column, leaves);
  const n = leaves.length;

  // Level "0.5": normalised leaf keys, deduplicated (two spellings of one date share a key).
  let keys: string[] = [];
  let index = new Map<string, number>();
  let current = new Int32Array(n);
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const k = leafKey(leaves[i], i);
    if (k === undefined) {
      bad++;
      continue;
    }
    let c = index.get(k);
    if (c === undefined) {
      c = keys.length;
      keys.push(k);
      index.set(k, c);
    }
    current[i] = c;
  }
  if (bad > 0) throw input.invalid(bad);

  const identity = new Int32Array(n);
  for (let i = 0; i < n; i++) identity[i] = i;
  const maps: Int32Array[] = [identity];
  const labels: string[][] = [leaves.slice()];

  for (const step of steps) {
    const nextKeys: string[] = [];
    index = new Map<string, number>();
    const parent = new Int32Array(keys.length);
    for (let c = 0; c < keys.length; c++) {
      const k = step.next(keys[c]);
      let p = index.get(k);
      if (p === undefined) {
        p = nextKeys.length;
        nextKeys.push(k);
        index.set(k, p);
      }
      parent[c] = p;
    }
    const map = new Int32Array(n);
    for (let i = 0; i < n; i++) map[i] = parent[current[i]];
    maps.push(map);
    labels.push(step.label ? nextKeys.map(step.label) : nextKeys);
    keys = nextKeys;
    current = map;
  }
  return {
    column,
    leaves: labels[0],
    maps,
    labels,
    origin: input.origin,
    levelNames: ['value', ...steps.map((s) => s.name)],
  };
}

/** Formats a number for a label without floating-point noise (0.1+0.2 → "0.3"). */
export function formatNumber(x: number): string {
  if (Number.isInteger(x)) return String(x);
  return String(Number(x.toPrecision(12)));
}
