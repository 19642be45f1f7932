import type { Engine } from '../engine/engine.js';
import { WumingError } from '../errors.js';

/**
 * The class-size histogram: `counts[i]` equivalence classes have exactly `sizes[i]` records
 * (sizes ascending, no zero counts). Almost every re-identification risk model (prosecutor,
 * journalist, marketer, sample and population uniqueness) is a function of this histogram and
 * the sampling fraction only, so it is all that crosses from the engine into Node: its length is
 * the number of *distinct class sizes*, at most about sqrt(2n), whatever the row count.
 */
export interface SizeHistogram {
  readonly sizes: readonly number[];
  readonly counts: readonly number[];
}

export function histogramFromPairs(pairs: Iterable<readonly [size: number, count: number]>): SizeHistogram {
  const m = new Map<number, number>();
  for (const [s, c] of pairs) {
    if (!Number.isInteger(s) || s < 1 || !Number.isFinite(c) || c < 0)
      throw new RangeError('class sizes must be positive integers and counts non-negative');
    if (c > 0) m.set(s, (m.get(s) ?? 0) + c);
  }
  const sizes = [...m.keys()].sort((a, b) => a - b);
  return { sizes, counts: sizes.map((s) => m.get(s)!) };
}

/** Histogram from a list of class sizes (one entry per equivalence class). */
export function histogramFromClassSizes(classSizes: Iterable<number>): SizeHistogram {
  const m = new Map<number, number>();
  for (const s of classSizes) m.set(s, (m.get(s) ?? 0) + 1);
  return histogramFromPairs(m);
}

export const recordCount = (h: SizeHistogram): number =>
  h.sizes.reduce((acc, s, i) => acc + s * h.counts[i], 0);
export const classCount = (h: SizeHistogram): number => h.counts.reduce((a, b) => a + b, 0);
/** Number of classes of exactly `size` records (c_size in the literature). */
export function classesOfSize(h: SizeHistogram, size: number): number {
  const i = h.sizes.indexOf(size);
  return i < 0 ? 0 : h.counts[i];
}

/**
 * Compute the histogram in the engine with one GROUP BY over the quasi-identifiers and one over
 * the class sizes. NULL is a value like any other (GROUP BY puts all NULLs of a column in one
 * group), which is what an attacker who sees an empty cell can use too.
 */
export async function classSizeHistogram(
  engine: Engine,
  relationSql: string,
  qi: readonly string[],
): Promise<SizeHistogram> {
  const d = engine.dialect;
  const inner =
    qi.length === 0
      ? `SELECT count(*) AS size FROM ${relationSql} HAVING count(*) > 0`
      : `SELECT count(*) AS size FROM ${relationSql} GROUP BY ${qi.map((c) => d.ident(c)).join(', ')}`;
  const b = await engine.queryColumns(
    `SELECT size, count(*) AS classes FROM (${inner}) GROUP BY size ORDER BY size`,
  );
  const pairs: [number, number][] = [];
  for (let i = 0; i < b.rowCount; i++) pairs.push([Number(b.columns[0][i]), Number(b.columns[1][i])]);
  const h = histogramFromPairs(pairs);
  if (h.sizes.length === 0) throw new WumingError('EMPTY_INPUT', 'the data has no rows');
  return h;
}
