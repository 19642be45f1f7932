import { WumingError } from '../errors.js';
import type { Hierarchy } from '../hierarchy/hierarchy.js';

/**
 * The sensitive attribute as the privacy models see it: dictionary codes per frequency row.
 * `order[code]` is the rank of the value in its natural order (numeric when every value parses
 * as a number, else text order), used by ordered-distance t-closeness. When a hierarchy is given
 * (hierarchical-distance t-closeness), codes are that hierarchy's leaf codes.
 */
export interface SensitiveColumn {
  readonly column: string;
  /** code → value text. */
  readonly values: readonly string[];
  /** per frequency row: code of the sensitive value. */
  readonly codes: Int32Array;
  /** code → rank in the value order (0..values.length-1). */
  readonly order: Int32Array;
  readonly hierarchy?: Hierarchy;
}

/**
 * The frequency table: one row per distinct combination of quasi-identifier leaf codes (and the
 * sensitive code when a model needs it), with how many records have it. It is the only thing
 * the search holds in memory, so memory grows with the number of distinct combinations, not with
 * the number of records.
 */
export interface FrequencyTable {
  readonly qi: readonly string[];
  readonly hierarchies: readonly Hierarchy[];
  /** codes[i][r] = leaf code (in hierarchies[i]) of QI i in frequency row r. */
  readonly codes: readonly Int32Array[];
  /** counts[r] = records of the data set with this combination (0 for rows only in the population). */
  readonly counts: Float64Array;
  /** publicCounts[r] = records of the population table with this combination (δ-presence, k-map). */
  readonly publicCounts?: Float64Array;
  readonly rows: number;
  /** Total records (sum of counts). */
  readonly n: number;
  readonly sensitive?: SensitiveColumn;
}

/** Order codes of sensitive values: numeric order when every value is a number, else text order. */
export function valueOrder(values: readonly string[]): Int32Array {
  const idx = values.map((_, i) => i);
  const nums = values.map((v) => (v.trim() === '' ? Number.NaN : Number(v)));
  const numeric = nums.every((x) => Number.isFinite(x));
  idx.sort(
    numeric
      ? (a, b) => nums[a] - nums[b] || a - b
      : (a, b) => (values[a] < values[b] ? -1 : values[a] > values[b] ? 1 : 0),
  );
  const order = new Int32Array(values.length);
  idx.forEach((code, rank) => {
    order[code] = rank;
  });
  return order;
}

/**
 * Build a frequency table from records held in memory (tests, small inputs, the local recoding
 * tests). Production goes through `buildFrequencyTable` in frequency.ts (one GROUP BY in the engine).
 */
export function frequencyFromRecords(
  header: readonly string[],
  records: readonly (readonly string[])[],
  hierarchies: readonly Hierarchy[],
  opts: { sensitive?: string; sensitiveHierarchy?: Hierarchy } = {},
): FrequencyTable {
  const qi = hierarchies.map((h) => h.column);
  const qiIdx = qi.map((c) => header.indexOf(c));
  qiIdx.forEach((i, j) => {
    if (i < 0) throw new WumingError('NO_COLUMN', `no column "${qi[j]}" in the input`, { kind: 'usage' });
  });
  const leafCode = hierarchies.map((h) => new Map(h.leaves.map((v, i) => [v, i])));
  const sIdx = opts.sensitive !== undefined ? header.indexOf(opts.sensitive) : -1;
  if (opts.sensitive !== undefined && sIdx < 0) {
    throw new WumingError('NO_COLUMN', `no column "${opts.sensitive}" in the input`, { kind: 'usage' });
  }
  const sDict = new Map<string, number>();
  const sValues: string[] = [];
  if (opts.sensitiveHierarchy) {
    opts.sensitiveHierarchy.leaves.forEach((v, i) => {
      sDict.set(v, i);
      sValues.push(v);
    });
  }
  const groups = new Map<string, number>();
  const rowsCodes: number[][] = [];
  const counts: number[] = [];
  const missing = new Array(qi.length).fill(0);
  for (const rec of records) {
    const key: number[] = [];
    for (let j = 0; j < qi.length; j++) {
      const c = leafCode[j].get(rec[qiIdx[j]]);
      if (c === undefined) missing[j]++;
      key.push(c ?? -1);
    }
    if (sIdx >= 0) {
      const v = rec[sIdx];
      let c = sDict.get(v);
      if (c === undefined) {
        if (opts.sensitiveHierarchy) {
          throw new WumingError(
            'NOT_IN_HIERARCHY',
            `column "${opts.sensitive}": a value is missing from its hierarchy`,
          );
        }
        c = sValues.length;
        sDict.set(v, c);
        sValues.push(v);
      }
      key.push(c);
    }
    const k = key.join(',');
    const g = groups.get(k);
    if (g === undefined) {
      groups.set(k, rowsCodes.length);
      rowsCodes.push(key);
      counts.push(1);
    } else counts[g]++;
  }
  missing.forEach((m, j) => {
    if (m > 0) {
      throw new WumingError(
        'NOT_IN_HIERARCHY',
        `column "${qi[j]}": ${m} records have values missing from its hierarchy`,
        {
          location: { column: qi[j] },
        },
      );
    }
  });
  const rows = rowsCodes.length;
  const codes = qi.map((_, j) => Int32Array.from(rowsCodes, (r) => r[j]));
  const table: FrequencyTable = {
    qi,
    hierarchies,
    codes,
    counts: Float64Array.from(counts),
    rows,
    n: records.length,
    sensitive:
      sIdx >= 0
        ? {
            column: opts.sensitive!,
            values: sValues,
            codes: Int32Array.from(rowsCodes, (r) => r[qi.length]),
            order: valueOrder(sValues),
            hierarchy: opts.sensitiveHierarchy,
          }
        : undefined,
  };
  return table;
}
