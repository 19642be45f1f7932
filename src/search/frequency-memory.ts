import { hashNumber } from '../core/groupify.js';
import { type FrequencyTable, type SensitiveColumn, valueOrder } from '../core/table.js';
import type { Hierarchy } from '../hierarchy/hierarchy.js';
import type { MemoryColumn, MemoryTable } from '../io/csv-memory.js';

export interface MemoryFrequencyOptions {
  qi: readonly string[];
  hierarchies: readonly Hierarchy[];
  sensitive?: string;
  /** The sensitive column's hierarchy, when a model needs its leaf codes (hierarchical t-closeness). */
  sensitiveHierarchy?: Hierarchy;
}

export interface MemoryFrequency {
  table: FrequencyTable;
  /** rowOf[record] = the record's frequency row (to write each record's output). */
  rowOf: Int32Array;
  /** leafOf[i][code] = leaf code in hierarchies[i] of dictionary code `code` of QI i's column. */
  leafOf: Int32Array[];
}

/**
 * Order of strings by Unicode code point, which is UTF-8 byte order: DuckDB sorts VARCHAR by its
 * bytes, while JavaScript's `<` compares UTF-16 units (a character above U+FFFF, stored as a
 * surrogate pair 0xD800–0xDFFF, would sort before U+E000–U+FFFF). Shifting the two ranges past
 * each other at the first differing unit gives code point order.
 */
function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800) x = x < 0xe000 ? x + 0x2000 : x - 0x800;
    if (y >= 0xd800) y = y < 0xe000 ? y + 0x2000 : y - 0x800;
    return x - y;
  }
  return a.length - b.length;
}

/** leaf code of each distinct value of a column, -1 for NULL or a value not among the leaves. */
function leafCodes(col: MemoryColumn, h: Hierarchy): Int32Array {
  const index = new Map<string, number>();
  h.leaves.forEach((v, i) => {
    index.set(v, i);
  });
  const out = new Int32Array(col.values.length);
  col.values.forEach((v, code) => {
    out[code] = v === null ? -1 : (index.get(v) ?? -1);
  });
  return out;
}

/**
 * Dense ids 0..k-1 (in order of first appearance) for integer keys below `space` (< 2^53): a
 * lookup array when the key space is small, else an open-addressing table on typed arrays.
 */
function densify(keys: Float64Array, space: number): { ids: Int32Array; count: number } {
  const n = keys.length;
  const ids = new Int32Array(n);
  let count = 0;
  if (space <= Math.max(1 << 16, 4 * n)) {
    const slot = new Int32Array(space).fill(-1);
    for (let r = 0; r < n; r++) {
      const k = keys[r];
      let id = slot[k];
      if (id < 0) {
        id = count++;
        slot[k] = id;
      }
      ids[r] = id;
    }
  } else {
    // Open addressing on typed arrays (-1 marks an empty slot): a Map of ~10 M near-unique
    // combinations (10 M generated records) took over 0.5 GB and most of the
    // read-to-frequencies time.
    let cap = 1 << 16;
    while (cap < n * 1.5) cap *= 2;
    const mask = cap - 1;
    const slotKey = new Float64Array(cap).fill(-1);
    const slotId = new Int32Array(cap);
    for (let r = 0; r < n; r++) {
      const k = keys[r];
      let s = hashNumber(k) & mask;
      for (;;) {
        const held = slotKey[s];
        if (held === k) {
          ids[r] = slotId[s];
          break;
        }
        if (held < 0) {
          slotKey[s] = k;
          slotId[s] = count;
          ids[r] = count++;
          break;
        }
        s = (s + 1) & mask;
      }
    }
  }
  return { ids, count };
}

/**
 * Group records by several code columns at once: a mixed-radix key built column by column in
 * doubles (exact below 2^53), renumbered densely only when the next multiplication would leave
 * that range. The keys were 32-bit integers, renumbered whenever they passed 2^30: on 10 M
 * generated records with 8 QIs that was six passes through a hash table of 16 M slots, each
 * missing the cache on nearly every record; in doubles the 8 columns' product (5.7 × 10^15)
 * needs one. The ids are the same (order of first appearance of the full tuple either way).
 */
function groupRecords(cols: readonly { codes: Int32Array; card: number }[], rows: number) {
  const keys = new Float64Array(rows);
  const first = cols[0].codes;
  for (let r = 0; r < rows; r++) keys[r] = first[r];
  let space = Math.max(1, cols[0].card);
  for (let j = 1; j < cols.length; j++) {
    const { codes, card } = cols[j];
    if (space * card >= 2 ** 53) {
      const d = densify(keys, space);
      for (let r = 0; r < rows; r++) keys[r] = d.ids[r];
      space = Math.max(1, d.count);
    }
    for (let r = 0; r < rows; r++) keys[r] = keys[r] * card + codes[r];
    space *= Math.max(1, card);
  }
  return densify(keys, space);
}

/**
 * The frequency table (src/search/table.ts) of a table held in memory, with the same content as
 * `buildFrequencyTable` (src/search/frequency.ts) gives for the same file through the engine:
 * QI values as hierarchy leaf codes; the sensitive column as the sensitive hierarchy's leaf
 * codes, or else a dictionary of its distinct non-NULL values in byte order (the engine's
 * `SELECT DISTINCT ... ORDER BY 1`) with NULL as one more value '' (a missing value is
 * information too); `order` from valueOrder. Rows are in order of first appearance (the engine's
 * GROUP BY order is arbitrary; see canonicalOrder).
 *
 * Returns a reason instead when a QI cell is empty or not among its hierarchy's leaves (or a
 * sensitive cell, when its hierarchy is used): the engine path then raises its NOT_IN_HIERARCHY
 * error with the counts.
 */
export function frequencyTableInMemory(
  data: MemoryTable,
  opts: MemoryFrequencyOptions,
): MemoryFrequency | string {
  const column = (name: string) => {
    const i = data.columns.indexOf(name);
    return i < 0 ? undefined : data.data[i];
  };
  const rows = data.rows;
  const group: { codes: Int32Array; card: number }[] = [];
  const leafOf: Int32Array[] = [];
  for (let i = 0; i < opts.qi.length; i++) {
    const col = column(opts.qi[i]);
    if (!col) return `no column "${opts.qi[i]}" in memory`;
    const leaves = leafCodes(col, opts.hierarchies[i]);
    if (leaves.includes(-1)) return `column "${opts.qi[i]}" has values not in its hierarchy`;
    leafOf.push(leaves);
    group.push({ codes: col.codes, card: col.values.length });
  }
  let sensitive: Omit<SensitiveColumn, 'codes'> | undefined;
  let sensitiveOf: Int32Array | undefined;
  let sensitiveCol: MemoryColumn | undefined;
  if (opts.sensitive) {
    sensitiveCol = column(opts.sensitive);
    if (!sensitiveCol) return `no column "${opts.sensitive}" in memory`;
    let values: string[];
    if (opts.sensitiveHierarchy) {
      sensitiveOf = leafCodes(sensitiveCol, opts.sensitiveHierarchy);
      if (sensitiveOf.includes(-1)) return `column "${opts.sensitive}" has values not in its hierarchy`;
      values = [...opts.sensitiveHierarchy.leaves];
    } else {
      const distinct = sensitiveCol.values.filter((v): v is string => v !== null).sort(compareCodePoints);
      const rank = new Map(distinct.map((v, i) => [v, i]));
      values = distinct;
      const of = new Int32Array(sensitiveCol.values.length);
      sensitiveCol.values.forEach((v, code) => {
        of[code] = v === null ? distinct.length : rank.get(v)!;
      });
      sensitiveOf = of;
      if (sensitiveCol.values.includes(null)) values.push('');
    }
    sensitive = {
      column: opts.sensitive,
      values,
      order: valueOrder(values),
      hierarchy: opts.sensitiveHierarchy,
    };
    group.push({ codes: sensitiveCol.codes, card: sensitiveCol.values.length });
  }

  const { ids: rowOf, count } = groupRecords(group, rows);
  const counts = new Float64Array(count);
  const first = new Int32Array(count).fill(-1);
  for (let r = 0; r < rows; r++) {
    const g = rowOf[r];
    if (counts[g] === 0) first[g] = r;
    counts[g]++;
  }
  // (Plain loops: TypedArray.from with a mapping function is several times slower in V8.)
  const pick = (recordCodes: Int32Array, map: Int32Array) => {
    const out = new Int32Array(count);
    for (let g = 0; g < count; g++) out[g] = map[recordCodes[first[g]]];
    return out;
  };
  const codes = opts.qi.map((_, i) => pick(group[i].codes, leafOf[i]));
  const table: FrequencyTable = {
    qi: [...opts.qi],
    hierarchies: [...opts.hierarchies],
    codes,
    counts,
    rows: count,
    n: rows,
    sensitive:
      sensitive && sensitiveCol && sensitiveOf
        ? { ...sensitive, codes: pick(sensitiveCol.codes, sensitiveOf) }
        : undefined,
  };
  return { table, rowOf, leafOf };
}

/**
 * The same table with its rows sorted by their codes (QIs, then the sensitive value), and
 * `newRow[old]` for remapping. Local recoding's greedy splits take rows in table order, so its
 * result depends on it; the engine's GROUP BY returns groups in no fixed order. Sorting first
 * makes local recoding reproducible, and the same on both data paths.
 */
export function canonicalOrder(table: FrequencyTable): { table: FrequencyTable; newRow: Int32Array } {
  const n = table.rows;
  const cols = [...table.codes, ...(table.sensitive ? [table.sensitive.codes] : [])];
  const order = Array.from({ length: n }, (_, r) => r);
  order.sort((a, b) => {
    for (const c of cols) {
      const d = c[a] - c[b];
      if (d !== 0) return d;
    }
    return a - b;
  });
  const newRow = new Int32Array(n);
  order.forEach((old, r) => {
    newRow[old] = r;
  });
  const pick = <T extends Int32Array | Float64Array>(a: T): T => {
    const out = new (a.constructor as new (len: number) => T)(n);
    for (let r = 0; r < n; r++) out[r] = a[order[r]];
    return out;
  };
  return {
    table: {
      ...table,
      codes: table.codes.map(pick),
      counts: pick(table.counts),
      publicCounts: table.publicCounts ? pick(table.publicCounts) : undefined,
      sensitive: table.sensitive ? { ...table.sensitive, codes: pick(table.sensitive.codes) } : undefined,
    },
    newRow,
  };
}
