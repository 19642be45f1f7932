import type { FrequencyTable } from './table.js';

/** Codes in the narrowest array their cardinality allows (a partition's codes: 1-2 bytes mostly). */
type CodeArray = Uint8Array | Uint16Array | Int32Array;

/**
 * The equivalence classes of one full-domain transformation (a generalization level per QI),
 * computed on the frequency table. `rep[c]` is one frequency row of class c: since every row of a
 * class has the same generalized values, the class's generalized tuple is the generalization of
 * its representative's leaf codes, which is all the metrics and roll-ups need.
 */
export interface Partition {
  readonly levels: Int32Array;
  readonly numClasses: number;
  /** Records per class (sum of frequency-row counts). */
  readonly sizes: Float64Array;
  /** Population records per class (δ-presence, k-map); present when the table has them. */
  readonly publicSizes?: Float64Array;
  /** A frequency row of each class. */
  readonly rep: Int32Array;
  /**
   * The generalized code (at `levels`) of each class per QI: codes[i][c]. Kept on partitions
   * that can serve as roll-up sources: rolling up reads them in class order, where reading the
   * representatives' leaf codes through `rep` cost a cache miss per class and QI (a roll-up from
   * 860 k of 10 M rows took a third of the time of grouping all the rows).
   */
  readonly codes?: readonly CodeArray[];
  /** Class of each frequency row; present only when asked for (`withClassOf`). */
  readonly classOf?: Int32Array;
  /** Class of each item grouped (the classes of `from`, else the rows); only with `withItemClass`. */
  readonly itemClass?: Int32Array;
  /**
   * For models on the sensitive distribution: the finer partition by (class, sensitive value)
   * this one was grouped from (see Checker.partition); `itemClass` maps its classes to ours.
   */
  readonly fine?: Partition;
}

/** A 32-bit hash of an integer-valued double below 2^53 (both halves mixed, murmur3's finalizer). */
export function hashNumber(k: number): number {
  const lo = k >>> 0;
  const hi = (k / 4294967296) >>> 0;
  let h = lo ^ Math.imul(hi, 0x9e3779b1);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** Per-QI lookup arrays (leaf code → code at the node's level) and the radix multipliers. */
function nodeMaps(
  table: FrequencyTable,
  levels: ArrayLike<number>,
): { maps: Int32Array[]; mult: number[]; exact: boolean; space: number } {
  const maps: Int32Array[] = [];
  const mult: number[] = [];
  let m = 1;
  for (let i = 0; i < table.qi.length; i++) {
    const h = table.hierarchies[i];
    maps.push(h.maps[levels[i]] as Int32Array);
    mult.push(m);
    m *= h.labels[levels[i]].length;
  }
  return { maps, mult, exact: m <= Number.MAX_SAFE_INTEGER, space: m };
}

/**
 * The reusable buffers of grouping, grown on demand and never shrunk. One set serves every
 * Groupifier of the process (grouping is never re-entered): the search groups the table and,
 * for models on the sensitive distribution, the table extended by the sensitive column, and two
 * private sets of 10 M-item buffers cost ~0.4 GB.
 */
class Scratch {
  mask = 0;
  /**
   * Hash slots, 16 bytes each in one buffer so a probe touches one cache line: the key as a
   * double at slotKey[2s], the class at slotMeta[4s + 2] and the generation stamp at
   * slotMeta[4s + 3] (a slot is empty unless its stamp is the current generation, so the table
   * is never cleared between calls).
   */
  slotKey = new Float64Array(0);
  slotMeta = new Int32Array(0);
  gen = 0;
  repBuf = new Int32Array(0);
  /** The key of each class (exact keys only: its generalized codes are decoded from it). */
  classKeyBuf = new Float64Array(0);
  sizeBuf = new Float64Array(0);
  pubBuf = new Float64Array(0);
  classOfItem = new Int32Array(0);
  /** Direct-address table (key → class + 1) for transformations with a small key space. */
  direct = new Int32Array(0);
  /** Per item its key (every path); the radix path's items, keys and sizes in bucket order. */
  itemKey = new Float64Array(0);
  /** The two running hashes of each item when keys are hashed tuples. */
  hashA = new Int32Array(0);
  hashB = new Int32Array(0);
  sortedItem = new Int32Array(0);
  sortedKey = new Float64Array(0);
  sortedSize = new Float64Array(0);
  /** Row-indexed scratch (all zero between calls) for renumbering classes by representative. */
  mark = new Int32Array(0);
}

const shared = new Scratch();

/**
 * Give the grouping buffers back once a search is over: on 10 M frequency rows they hold about
 * 0.5 GB, which otherwise stays allocated while the engine writes the output, and the two peaks
 * added up (2.16 GB on 10 M rows through DuckDB). Small buffers are kept (tests and small tables
 * search many times); the next grouping grows them again.
 */
export function releaseGroupingScratch(): void {
  if (shared.itemKey.length + shared.repBuf.length + shared.mark.length < 1 << 20) return;
  Object.assign(shared, new Scratch());
}

/**
 * Groups frequency rows (or a finer partition's classes) into the classes of a transformation.
 * The key of a class is its generalized tuple as a mixed-radix number (exact while the product of
 * the level cardinalities is below 2^53, which covers nearly every real table); beyond that, a
 * 52-bit hash of the tuple with equality checked on the representative row. The hash table and
 * scratch arrays are reused across calls (generation stamps instead of clearing), because this
 * loop is where the search spends its time.
 */
class Groupifier {
  /** The table's code columns (column-major, shared with the table: no copy). */
  private readonly cols: readonly Int32Array[];
  private readonly d: number;
  /** Scratch buffers, shared by every Groupifier (see Scratch). */
  private readonly s = shared;

  constructor(readonly table: FrequencyTable) {
    this.d = table.qi.length;
    this.cols = table.codes;
  }

  /** Per-item and per-class buffers for `items` items (grown, never shrunk). */
  private reserve(items: number): void {
    const n = Math.max(items, 16);
    if (this.s.repBuf.length < items) {
      this.s.repBuf = new Int32Array(n);
      this.s.classKeyBuf = new Float64Array(n);
      this.s.sizeBuf = new Float64Array(n);
    }
    if (this.table.publicCounts && this.s.pubBuf.length < items) this.s.pubBuf = new Float64Array(n);
  }

  /**
   * The hash table for buckets of up to `items` items: mask = this call's capacity, so probes
   * stay within a cache-sized region even when an earlier call grew the buffer. Never cleared: a
   * slot is live only when its stamp is the current generation (`nextGen`, one per bucket).
   */
  private reserveTable(items: number): void {
    let cap = 16;
    while (cap < items * 1.5) cap <<= 1;
    if (this.s.slotKey.length < cap * 2) {
      const buf = new ArrayBuffer(cap * 16);
      this.s.slotKey = new Float64Array(buf);
      this.s.slotMeta = new Int32Array(buf);
      this.s.gen = 0;
    }
    this.s.mask = cap - 1;
  }

  private nextGen(): number {
    this.s.gen++;
    if (this.s.gen === 0x7fffffff) {
      this.s.slotMeta.fill(0);
      this.s.gen = 1;
    }
    return this.s.gen;
  }

  /**
   * The key of every item, a column at a time (each pass reads one code column in order, which
   * is faster than gathering a row's codes across columns, and needs no row-major copy of the
   * table): the mixed-radix number of the generalized tuple when exact, else a 52-bit hash of
   * it built from two independent 32-bit hashes.
   */
  private computeKeys(
    items: number,
    itemRow: Int32Array | undefined,
    keyCols: readonly CodeArray[],
    maps: readonly Int32Array[],
    contrib: readonly Float64Array[],
    exact: boolean,
  ): Float64Array {
    if (this.s.itemKey.length < items) this.s.itemKey = new Float64Array(items);
    const keys = this.s.itemKey;
    const d = this.d;
    if (exact) {
      keys.fill(0, 0, items);
      let i = 0;
      if (!itemRow) {
        // Four columns per pass over the keys: a third less memory traffic than one per pass.
        for (; i + 4 <= d; i += 4) {
          const [a, b, c, e] = [keyCols[i], keyCols[i + 1], keyCols[i + 2], keyCols[i + 3]];
          const [ta, tb, tc, te] = [contrib[i], contrib[i + 1], contrib[i + 2], contrib[i + 3]];
          for (let it = 0; it < items; it++) keys[it] += ta[a[it]] + tb[b[it]] + tc[c[it]] + te[e[it]];
        }
      }
      for (; i < d; i++) {
        const col = keyCols[i];
        const ct = contrib[i];
        if (itemRow) for (let it = 0; it < items; it++) keys[it] += ct[col[itemRow[it]]];
        else for (let it = 0; it < items; it++) keys[it] += ct[col[it]];
      }
      return keys;
    }
    if (this.s.hashA.length < items) {
      this.s.hashA = new Int32Array(items);
      this.s.hashB = new Int32Array(items);
    }
    const h1 = this.s.hashA;
    const h2 = this.s.hashB;
    h1.fill(0x811c9dc5 | 0, 0, items);
    h2.fill(0x1b873593, 0, items);
    for (let i = 0; i < d; i++) {
      const col = this.cols[i];
      const m = maps[i];
      for (let it = 0; it < items; it++) {
        const g = m[col[itemRow ? itemRow[it] : it]];
        h1[it] = Math.imul(h1[it] ^ g, 0x01000193);
        let b = Math.imul(h2[it] ^ (g + 0x7f4a7c15), 0x5bd1e995);
        b ^= b >>> 15;
        h2[it] = b;
      }
    }
    for (let it = 0; it < items; it++) keys[it] = (h1[it] >>> 0) * 1048576 + (h2[it] >>> 12);
    return keys;
  }

  run(
    levels: ArrayLike<number>,
    opts: { from?: Partition; withClassOf?: boolean; withItemClass?: boolean } = {},
  ): Partition {
    const table = this.table;
    const cols = this.cols;
    const { maps, mult, exact, space } = nodeMaps(table, levels);
    const src = opts.from;
    const items = src ? src.numClasses : table.rows;
    this.reserve(items);
    // The class of each item is recorded only when asked for (directly, or to derive each row's).
    const withClassOf = opts.withClassOf === true || opts.withItemClass === true;
    if (withClassOf && this.s.classOfItem.length < items)
      this.s.classOfItem = new Int32Array(Math.max(items, 16));
    const itemRow = src ? src.rep : undefined;
    const itemSize = src ? src.sizes : table.counts;
    const itemPublic = src ? src.publicSizes : table.publicCounts;
    // contrib[i][leaf] = generalized code × radix multiplier.
    const contrib: Float64Array[] = maps.map((m, i) => {
      const c = new Float64Array(m.length);
      for (let leaf = 0; leaf < m.length; leaf++) c[leaf] = m[leaf] * mult[i];
      return c;
    });
    // From a source with its classes' generalized codes (exact keys only): the key of each of its
    // classes from those codes, read in order (contribution indexed by the source level's code;
    // a level is a function of the level below, so each source code has one code at ours).
    const srcCodes = exact ? src?.codes : undefined;
    let keyContrib = contrib;
    if (src && srcCodes) {
      keyContrib = maps.map((m, i) => {
        const h = table.hierarchies[i];
        const fm = h.maps[src.levels[i]];
        const c = new Float64Array(h.labels[src.levels[i]].length);
        for (let leaf = 0; leaf < m.length; leaf++) c[fm[leaf]] = m[leaf] * mult[i];
        return c;
      });
    }
    const { repBuf, classKeyBuf, sizeBuf, pubBuf, classOfItem } = this.s;
    const itemKey = srcCodes
      ? this.computeKeys(items, undefined, srcCodes, maps, keyContrib, true)
      : this.computeKeys(items, itemRow, cols, maps, contrib, exact);
    let count = 0;
    // Small key space (coarse transformations): index classes by key directly, one memory access
    // per item instead of a hash probe; entries are reset afterwards from the classes' keys.
    if (exact && space <= DIRECT_LIMIT && space <= items * 64) {
      if (this.s.direct.length < space)
        this.s.direct = new Int32Array(Math.max(space, Math.min(DIRECT_LIMIT, this.s.direct.length * 2)));
      const direct = this.s.direct;
      for (let it = 0; it < items; it++) {
        const row = itemRow ? itemRow[it] : it;
        const key = itemKey[it];
        let c = direct[key] - 1;
        if (c < 0) {
          c = count++;
          direct[key] = c + 1;
          repBuf[c] = row;
          classKeyBuf[c] = key;
          sizeBuf[c] = 0;
          if (itemPublic) pubBuf[c] = 0;
        }
        sizeBuf[c] += itemSize[it];
        if (itemPublic) pubBuf[c] += itemPublic[it];
        if (withClassOf) classOfItem[it] = c;
      }
      // Reset the touched entries.
      for (let c = 0; c < count; c++) direct[classKeyBuf[c]] = 0;
      return this.finish(levels, count, items, src, opts, itemPublic !== undefined, mult);
    }
    const radix = items >= RADIX_MIN_ITEMS && (!exact || space >= RADIX_MIN_ITEMS);
    count = this.hashGroup(items, itemRow, itemSize, itemPublic, maps, exact, withClassOf, radix);
    return this.finish(levels, count, items, src, opts, itemPublic !== undefined, exact ? mult : undefined);
  }

  /**
   * Hash grouping. With `radix` (many items: 10^5 and more), one big hash table would miss the
   * cache on nearly every probe once it holds millions of classes (2.6 s for 10 M rows into
   * 860 k classes), so the items are first partitioned by the top bits of their key's hash: a
   * counting pass, then a stable scatter of items, keys and sizes into bucket order (the size
   * travels with the key: reading itemSize[it] later would miss the cache on nearly every item),
   * and each bucket is grouped with a table small enough to stay in cache. Classes are numbered
   * bucket by bucket, so the per-class sums are written locally too. This is the partitioned
   * aggregation of the hash-join literature (Manegold, Boncz & Kersten, "Optimizing main-memory
   * join on modern hardware", IEEE TKDE 2002), with the partition count chosen so a bucket's
   * table fits in L2. Without `radix`, the items are one bucket, grouped in place.
   */
  private hashGroup(
    items: number,
    itemRow: Int32Array | undefined,
    itemSize: Float64Array,
    itemPublic: Float64Array | undefined,
    maps: readonly Int32Array[],
    exact: boolean,
    withClassOf: boolean,
    radix: boolean,
  ): number {
    const { itemKey, repBuf, classKeyBuf, sizeBuf, pubBuf, classOfItem } = this.s;
    let keys = itemKey;
    let order: Int32Array | undefined;
    let sizes = itemSize;
    let start: Int32Array;
    if (radix) {
      if (this.s.sortedItem.length < items) {
        this.s.sortedItem = new Int32Array(items);
        this.s.sortedKey = new Float64Array(items);
        this.s.sortedSize = new Float64Array(items);
      }
      const { sortedItem, sortedKey, sortedSize } = this.s;
      // About 16 k items per bucket: the bucket's table (2^15 slots × 16 bytes) stays in L2.
      let bits = 1;
      while (bits < 14 && items >> bits > 16384) bits++;
      const shift = 32 - bits;
      const buckets = 1 << bits;
      start = new Int32Array(buckets + 1);
      for (let it = 0; it < items; it++) start[(hashNumber(itemKey[it]) >>> shift) + 1]++;
      for (let b = 0; b < buckets; b++) start[b + 1] += start[b];
      const fill = start.slice(0, buckets);
      for (let it = 0; it < items; it++) {
        const key = itemKey[it];
        const pos = fill[hashNumber(key) >>> shift]++;
        sortedItem[pos] = it;
        sortedKey[pos] = key;
        sortedSize[pos] = itemSize[it];
      }
      keys = sortedKey;
      order = sortedItem;
      sizes = sortedSize;
    } else start = Int32Array.of(0, items);
    let largest = 0;
    for (let b = 0; b + 1 < start.length; b++) largest = Math.max(largest, start[b + 1] - start[b]);
    this.reserveTable(largest);
    const { slotKey, slotMeta, mask } = this.s;
    let count = 0;
    for (let b = 0; b + 1 < start.length; b++) {
      const gen = this.nextGen();
      const end = start[b + 1];
      for (let pos = start[b]; pos < end; pos++) {
        const key = keys[pos];
        const it = order ? order[pos] : pos;
        let s = hashNumber(key) & mask;
        let c = -1;
        for (;;) {
          if (slotMeta[4 * s + 3] !== gen) break;
          if (slotKey[2 * s] === key) {
            const cc = slotMeta[4 * s + 2];
            if (exact || this.same(maps, repBuf[cc], itemRow ? itemRow[it] : it)) {
              c = cc;
              break;
            }
          }
          s = (s + 1) & mask;
        }
        if (c < 0) {
          c = count++;
          slotMeta[4 * s + 3] = gen;
          slotMeta[4 * s + 2] = c;
          slotKey[2 * s] = key;
          // The representative row is read only here, once per class: in bucket order a read
          // per item would miss the cache on nearly every one when rolling up.
          repBuf[c] = itemRow ? itemRow[it] : it;
          classKeyBuf[c] = key;
          sizeBuf[c] = 0;
          if (itemPublic) pubBuf[c] = 0;
        }
        sizeBuf[c] += sizes[pos];
        if (itemPublic) pubBuf[c] += itemPublic[it];
        if (withClassOf) classOfItem[it] = c;
      }
    }
    // Only partitions that can serve as roll-up sources (see NodeEvaluator) are worth sorting;
    // with exact keys they carry their classes' codes instead (see finish).
    if (radix && !exact && count * 4 <= this.table.rows) this.sortByRep(count, withClassOf ? items : 0);
    return count;
  }

  /**
   * Renumber the classes in ascending order of their representative row. The radix path numbers
   * them bucket by bucket, i.e. in hash order; a later roll-up from this partition reads each
   * class's representative row, and in hash order every read would miss the cache (a roll-up
   * from 860 k classes took as long as grouping all 10 M rows). One sequential pass over a
   * row-indexed mark array sorts them.
   */
  private sortByRep(count: number, classOfItems: number): void {
    const rows = this.table.rows;
    if (this.s.mark.length < rows) this.s.mark = new Int32Array(rows);
    const { mark, repBuf, sizeBuf, pubBuf, classOfItem } = this.s;
    for (let c = 0; c < count; c++) mark[repBuf[c]] = c + 1;
    const newOf = new Int32Array(count);
    const rep = new Int32Array(count);
    let next = 0;
    for (let r = 0; r < rows; r++) {
      const m = mark[r];
      if (m !== 0) {
        newOf[m - 1] = next;
        rep[next++] = r;
        mark[r] = 0;
      }
    }
    const size = new Float64Array(count);
    const pub = this.table.publicCounts ? new Float64Array(count) : undefined;
    for (let c = 0; c < count; c++) {
      const n = newOf[c];
      size[n] = sizeBuf[c];
      if (pub) pub[n] = pubBuf[c];
    }
    repBuf.set(rep);
    sizeBuf.set(size);
    if (pub) pubBuf.set(pub);
    for (let it = 0; it < classOfItems; it++) classOfItem[it] = newOf[classOfItem[it]];
  }

  private finish(
    levels: ArrayLike<number>,
    count: number,
    items: number,
    src: Partition | undefined,
    opts: { withClassOf?: boolean; withItemClass?: boolean },
    hasPublic: boolean,
    mult?: readonly number[],
  ): Partition {
    const { classOfItem } = this.s;
    const table = this.table;
    const itemClass = opts.withItemClass ? classOfItem.slice(0, items) : undefined;
    let classOf: Int32Array | undefined;
    if (!src) {
      if (opts.withClassOf) classOf = classOfItem.slice(0, items);
    } else if (opts.withClassOf && src.classOf) {
      classOf = new Int32Array(table.rows);
      const sc = src.classOf;
      for (let r = 0; r < classOf.length; r++) classOf[r] = classOfItem[sc[r]];
    } else if (opts.withClassOf) {
      return this.run(levels, { withClassOf: true });
    }
    return {
      levels: Int32Array.from(levels as ArrayLike<number>),
      codes: mult && isSource(count, table.rows) ? this.decode(levels, count, mult) : undefined,
      numClasses: count,
      sizes: this.s.sizeBuf.slice(0, count),
      publicSizes: hasPublic ? this.s.pubBuf.slice(0, count) : undefined,
      rep: this.s.repBuf.slice(0, count),
      classOf,
      itemClass,
    };
  }

  /**
   * Each class's generalized codes, decoded from its exact mixed-radix key (no read of the
   * rows), from the most significant column down: code_i = ⌊rem / mult_i⌋, rem -= code_i ·
   * mult_i. Every value stays an integer below 2^53 (exact in doubles), and the quotient's
   * rounding error (< 1/mult_i) cannot reach the next integer. No `%`: on doubles it is a call
   * into the runtime, which made decoding cost as much as grouping.
   */
  private decode(levels: ArrayLike<number>, count: number, mult: readonly number[]): CodeArray[] {
    const keys = this.s.classKeyBuf;
    const d = this.d;
    const out: CodeArray[] = this.table.hierarchies.map((h, i) => {
      const card = h.labels[levels[i]].length;
      return card <= 256
        ? new Uint8Array(count)
        : card <= 65536
          ? new Uint16Array(count)
          : new Int32Array(count);
    });
    const rem = keys.slice(0, count);
    for (let i = d - 1; i >= 0; i--) {
      const m = mult[i];
      const o = out[i];
      // (mult is 1 for every column after columns of one value only: each takes what is left.)
      if (m === 1)
        for (let c = 0; c < count; c++) {
          o[c] = rem[c];
          rem[c] = 0;
        }
      else
        for (let c = 0; c < count; c++) {
          const g = Math.floor(rem[c] / m);
          o[c] = g;
          rem[c] -= g * m;
        }
    }
    return out;
  }

  private same(maps: readonly Int32Array[], a: number, b: number): boolean {
    const cols = this.cols;
    for (let i = 0; i < this.d; i++) if (maps[i][cols[i][a]] !== maps[i][cols[i][b]]) return false;
    return true;
  }
}

/**
 * Whether a partition of `count` classes can serve as a roll-up source (its classes' codes are
 * kept): rolling up costs about as much per class as grouping costs per frequency row, so a
 * partition with more than half the rows as classes saves little and holds much memory. Small
 * tables (up to 2^18 rows, in cache) roll up from any partition coarser than their rows.
 */
function isSource(count: number, rows: number): boolean {
  return rows <= SMALL_TABLE ? count < rows : count * 2 <= rows;
}

/** Frequency tables up to this many rows fit in cache. */
const SMALL_TABLE = 1 << 18;

/** Items from which grouping goes through radix partitioning (below, one table stays in cache). */
const RADIX_MIN_ITEMS = 1 << 17;

/** Largest key space indexed directly (16 M entries = 64 MB). */
const DIRECT_LIMIT = 1 << 24;

const groupifiers = new WeakMap<FrequencyTable, Groupifier>();

/**
 * Group the rows of the frequency table (or, when `from` is given, the classes of a more
 * specific partition: ARX's roll-up from its history of snapshots) under transformation `levels`.
 * With `from`, the work is proportional to its number of classes, not to the number of rows.
 */
export function groupify(
  table: FrequencyTable,
  levels: ArrayLike<number>,
  opts: { from?: Partition; withClassOf?: boolean; withItemClass?: boolean } = {},
): Partition {
  let g = groupifiers.get(table);
  if (!g) {
    g = new Groupifier(table);
    groupifiers.set(table, g);
  }
  return g.run(levels, opts);
}

/**
 * The class in `p` (a partition of `table` under `p.levels`) of every frequency row, without
 * regrouping the rows: the classes' keys (from their representatives) go into a hash table the
 * size of the partition, which stays in cache when the classes are few (an output's), and each
 * row's key is looked up in it. Used to write the output by class rather than by row.
 */
export function classOfRows(table: FrequencyTable, p: Partition): Int32Array {
  const { maps, mult, exact } = nodeMaps(table, p.levels);
  const d = table.qi.length;
  const cols = table.codes;
  const contrib = maps.map((m, i) => {
    const c = new Float64Array(m.length);
    for (let leaf = 0; leaf < m.length; leaf++) c[leaf] = m[leaf] * mult[i];
    return c;
  });
  // Beyond 2^53 the key is a 52-bit hash of the tuple, and equality is checked on the codes.
  const keyOf = (r: number): number => {
    if (exact) {
      let k = 0;
      for (let i = 0; i < d; i++) k += contrib[i][cols[i][r]];
      return k;
    }
    let h1 = 0x811c9dc5 | 0;
    let h2 = 0x1b873593;
    for (let i = 0; i < d; i++) {
      const g = maps[i][cols[i][r]];
      h1 = Math.imul(h1 ^ g, 0x01000193);
      let b = Math.imul(h2 ^ (g + 0x7f4a7c15), 0x5bd1e995);
      b ^= b >>> 15;
      h2 = b;
    }
    return (h1 >>> 0) * 1048576 + (h2 >>> 12);
  };
  const same = (a: number, b: number) => {
    for (let i = 0; i < d; i++) if (maps[i][cols[i][a]] !== maps[i][cols[i][b]]) return false;
    return true;
  };
  let cap = 16;
  while (cap < p.numClasses * 2) cap <<= 1;
  const mask = cap - 1;
  const slotKey = new Float64Array(cap);
  const slotClass = new Int32Array(cap).fill(-1);
  for (let c = 0; c < p.numClasses; c++) {
    const key = keyOf(p.rep[c]);
    let s = hashNumber(key) & mask;
    while (slotClass[s] >= 0) s = (s + 1) & mask;
    slotKey[s] = key;
    slotClass[s] = c;
  }
  const out = new Int32Array(table.rows);
  for (let r = 0; r < table.rows; r++) {
    const key = keyOf(r);
    let s = hashNumber(key) & mask;
    for (;;) {
      const c = slotClass[s];
      if (c < 0) throw new Error('classOfRows: a row outside the partition');
      if (slotKey[s] === key && (exact || same(p.rep[c], r))) {
        out[r] = c;
        break;
      }
      s = (s + 1) & mask;
    }
  }
  return out;
}
