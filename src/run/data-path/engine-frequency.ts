import { type FrequencyTable, type SensitiveColumn, valueOrder } from '../../core/table.js';
import type { Engine, LoadType, Relation } from '../../engine/engine.js';
import { WumingError } from '../../errors.js';
import type { Hierarchy } from '../../hierarchy/hierarchy.js';
import { loopProgress, type ProgressFn } from '../../progress.js';

let counter = 0;
/** A fresh prefix for the small helper tables one anonymization run creates in the engine. */
export function tempPrefix(): string {
  return `__wuming_${process.pid}_${++counter}`;
}

/** Load a (value → code) table into the engine (bulk-loaded: see Engine.loadTable). */
export async function loadCodeTable(
  engine: Engine,
  name: string,
  columns: { name: string; type: LoadType }[],
  rows: (string | number)[][],
): Promise<void> {
  await engine.loadTable(name, columns, rows);
}

export interface FrequencyOptions {
  qi: readonly string[];
  hierarchies: readonly Hierarchy[];
  sensitive?: string;
  sensitiveHierarchy?: Hierarchy;
  /** A population table with the QI columns (δ-presence, k-map). */
  population?: Relation;
  prefix?: string;
  /**
   * Where the combinations are counted: 'auto' (default) streams one key per record and counts
   * here when the combination fits an exact key (faster than the embedded engine's hash
   * aggregate for millions of distinct combinations); 'engine' always uses a GROUP BY in the
   * engine (what a distributed engine wants: only the aggregate crosses the network).
   */
  aggregate?: 'auto' | 'engine';
  /** 'frequencies' events, in records counted. */
  onProgress?: ProgressFn;
}

/**
 * The frequency table of a relation: each QI is encoded to its hierarchy's leaf codes by joining
 * a small code table, then ONE GROUP BY in the engine counts the distinct combinations (with the
 * sensitive value when a model needs it). Only that table crosses into Node, streamed into typed
 * arrays, so memory grows with the number of distinct combinations, not with the rows.
 * Values missing from a hierarchy raise a data error naming the column and how many distinct
 * values (and records) are missing, never the values.
 */
export async function buildFrequencyTable(
  engine: Engine,
  rel: Relation,
  opts: FrequencyOptions,
): Promise<FrequencyTable> {
  const d = engine.dialect;
  const prefix = opts.prefix ?? tempPrefix();
  const names = new Set(rel.columns.map((c) => c.name));
  for (const c of [...opts.qi, ...(opts.sensitive ? [opts.sensitive] : [])]) {
    if (!names.has(c)) {
      throw new WumingError('NO_COLUMN', `no column "${c}" in the input`, {
        kind: 'usage',
        location: { file: rel.source, column: c },
      });
    }
  }
  const hTables: string[] = [];
  for (let i = 0; i < opts.qi.length; i++) {
    const name = `${prefix}_h${i}`;
    hTables.push(name);
    await loadCodeTable(
      engine,
      name,
      [
        { name: 'v', type: 'VARCHAR' },
        { name: 'c', type: 'INTEGER' },
      ],
      opts.hierarchies[i].leaves.map((v, c) => [v, c]),
    );
  }
  const qcols = opts.qi.map((_, i) => `h${i}.c AS q${i}`);
  const joins = opts.qi.map((c, i) => `LEFT JOIN ${d.ident(hTables[i])} h${i} ON t.${d.ident(c)} = h${i}.v`);
  // Sensitive values: the hierarchy's leaves, or a dictionary of the distinct values.
  let sensitive: Omit<SensitiveColumn, 'codes'> | undefined;
  if (opts.sensitive) {
    let values: string[];
    if (opts.sensitiveHierarchy) values = [...opts.sensitiveHierarchy.leaves];
    else {
      const rows = await engine.query(
        `SELECT DISTINCT ${d.ident(opts.sensitive)} AS v FROM ${rel.sql} WHERE ${d.ident(opts.sensitive)} IS NOT NULL ORDER BY 1`,
      );
      values = rows.map((r) => String(r.v));
    }
    const sName = `${prefix}_s`;
    await loadCodeTable(
      engine,
      sName,
      [
        { name: 'v', type: 'VARCHAR' },
        { name: 'c', type: 'INTEGER' },
      ],
      values.map((v, c) => [v, c]),
    );
    // NULL sensitive values get their own code (the value "missing" is information too).
    qcols.push(`coalesce(s.c, ${values.length}) AS s`);
    joins.push(`LEFT JOIN ${d.ident(sName)} s ON t.${d.ident(opts.sensitive)} = s.v`);
    const hasNull = await engine.query(
      `SELECT count(*) AS n FROM ${rel.sql} WHERE ${d.ident(opts.sensitive)} IS NULL`,
    );
    if (Number(hasNull[0].n) > 0) {
      if (opts.sensitiveHierarchy) {
        throw new WumingError(
          'NOT_IN_HIERARCHY',
          `column "${opts.sensitive}": ${hasNull[0].n} records are empty and not in its hierarchy`,
          {
            location: { file: rel.source, column: opts.sensitive },
          },
        );
      }
      values.push('');
    }
    sensitive = {
      column: opts.sensitive,
      values,
      order: valueOrder(values),
      hierarchy: opts.sensitiveHierarchy,
    };
  }
  const dq = opts.qi.length;
  const radices = [
    ...opts.hierarchies.map((h) => h.leaves.length),
    ...(sensitive ? [sensitive.values.length] : []),
  ];
  const space = radices.reduce((a, b) => a * b, 1);
  const missingError = async (i: number, records: number | undefined): Promise<WumingError> => {
    const col = d.ident(opts.qi[i]);
    const distinct = await engine.query(
      `SELECT count(DISTINCT t.${col}) AS v, ${d.countWhere(`t.${col} IS NULL`)} AS e, count(*) AS r FROM ${rel.sql} t LEFT JOIN ${d.ident(hTables[i])} h ON t.${col} = h.v WHERE h.c IS NULL`,
    );
    const v = Number(distinct[0].v);
    const e = Number(distinct[0].e);
    const recs = records ?? Number(distinct[0].r);
    return new WumingError(
      'NOT_IN_HIERARCHY',
      `column "${opts.qi[i]}": ${v} distinct value${v === 1 ? '' : 's'}${e > 0 ? ` and ${e} empty cells` : ''} (${recs} records) are not in its hierarchy (${opts.hierarchies[i].origin})`,
      { location: { file: rel.source, column: opts.qi[i] } },
    );
  };
  let rows: number;
  let codes: Int32Array[];
  let counts: Float64Array;
  let sCodes: Int32Array | undefined;
  if (space <= Number.MAX_SAFE_INTEGER && opts.aggregate !== 'engine') {
    // One exact mixed-radix key per record (the combination of leaf codes), streamed as a
    // double and counted here with bounded memory: DuckDB's hash aggregate over ~10 M distinct
    // combinations took longer than streaming the keys and sorting them (7 s against 4 s on
    // 10 M rows), and held a hash table of that size besides.
    const terms: string[] = [];
    let mult = 1;
    for (let i = 0; i < qcols.length; i++) {
      const expr = qcols[i].replace(/ AS \w+$/, '');
      terms.push(`(${expr})::BIGINT * ${mult}`);
      mult *= radices[i];
    }
    const sql = `SELECT coalesce((${terms.join(' + ')})::DOUBLE, -1) AS k FROM ${rel.sql} t ${joins.join(' ')}`;
    const records = Number((await engine.query(`SELECT count(*) AS n FROM ${rel.sql}`))[0].n);
    const counted = await countKeys(engine.streamNumeric(sql), { records, onProgress: opts.onProgress });
    let start = 0;
    if (counted.keys.length > 0 && counted.keys[0] === -1) {
      // A NULL key: some QI value is not in its hierarchy. Name the first such column.
      for (let i = 0; i < dq; i++) {
        const miss = await engine.query(
          `SELECT count(*) AS n FROM ${rel.sql} t LEFT JOIN ${d.ident(hTables[i])} h ON t.${d.ident(opts.qi[i])} = h.v WHERE h.c IS NULL`,
        );
        if (Number(miss[0].n) > 0) throw await missingError(i, Number(miss[0].n));
      }
      start = 1;
    }
    rows = counted.keys.length - start;
    codes = opts.qi.map(() => new Int32Array(rows));
    sCodes = sensitive ? new Int32Array(rows) : undefined;
    counts = counted.counts.slice(start);
    const all = sCodes ? [...codes, sCodes] : codes;
    // Exact decomposition (remainder, then exact division): no floating-point rounding.
    for (let r = 0; r < rows; r++) {
      let k = counted.keys[r + start];
      for (let i = 0; i < all.length; i++) {
        const c = k % radices[i];
        all[i][r] = c;
        k = (k - c) / radices[i];
      }
    }
  } else {
    const freqName = `${prefix}_freq`;
    // Grouped by the selected expressions (each `expr AS alias`).
    const keys = qcols.map((q) => q.replace(/ AS \w+$/, ''));
    await engine.exec(
      d.createTempTable(
        d.ident(freqName),
        `SELECT ${qcols.join(', ')}, count(*)::DOUBLE AS n FROM ${rel.sql} t ${joins.join(' ')} GROUP BY ${keys.join(', ')}`,
      ),
    );
    // Values missing from a hierarchy: count them per column, without printing any.
    const nullChecks = opts.qi
      .map((_, i) => `sum(CASE WHEN q${i} IS NULL THEN n ELSE 0 END) AS m${i}`)
      .join(', ');
    const miss = (await engine.query(`SELECT ${nullChecks} FROM ${d.ident(freqName)}`))[0];
    for (let i = 0; i < dq; i++) {
      const records = Number(miss[`m${i}`] ?? 0);
      if (records > 0) throw await missingError(i, records);
    }
    rows = Number((await engine.query(`SELECT count(*) AS n FROM ${d.ident(freqName)}`))[0].n);
    codes = opts.qi.map(() => new Int32Array(rows));
    counts = new Float64Array(rows);
    sCodes = opts.sensitive ? new Int32Array(rows) : undefined;
    let r = 0;
    const cols = [...opts.qi.map((_, i) => `q${i}`), ...(sCodes ? ['s'] : []), 'n'].join(', ');
    // Typed arrays straight from the engine's vectors: no value-by-value conversion (NULL codes
    // were ruled out above).
    for await (const batch of engine.streamNumeric(`SELECT ${cols} FROM ${d.ident(freqName)}`)) {
      const m = batch.rowCount;
      for (let i = 0; i < dq; i++) codes[i].set(batch.columns[i].subarray(0, m), r);
      if (sCodes) sCodes.set(batch.columns[dq].subarray(0, m), r);
      counts.set(batch.columns[batch.columns.length - 1].subarray(0, m), r);
      r += m;
    }
    await engine.exec(`DROP TABLE IF EXISTS ${d.ident(freqName)}`);
  }
  let n = 0;
  for (let j = 0; j < rows; j++) n += counts[j];
  if (sCodes && opts.sensitiveHierarchy) {
    const domain = opts.sensitiveHierarchy.leaves.length;
    let bad = 0;
    for (let j = 0; j < rows; j++) if (sCodes[j] >= domain) bad += counts[j];
    if (bad > 0) {
      throw new WumingError(
        'NOT_IN_HIERARCHY',
        `column "${opts.sensitive}": ${bad} records have values not in its hierarchy`,
        {
          location: { file: rel.source, column: opts.sensitive },
        },
      );
    }
  }
  let table: FrequencyTable = {
    qi: [...opts.qi],
    hierarchies: [...opts.hierarchies],
    codes,
    counts,
    rows,
    n,
    sensitive: sensitive && sCodes ? { ...sensitive, codes: sCodes } : undefined,
  };
  if (opts.population) table = await attachPopulation(engine, table, opts.population, hTables, opts.qi);
  return table;
}

/**
 * Distinct keys and how often each occurs, from a stream of single-column batches, in ascending
 * key order. Memory is bounded by the distinct keys plus a fixed buffer: the buffer is sorted
 * and run-length encoded whenever it fills, and merged into the running result, so a table of
 * many records but few combinations never holds one key per record.
 */
export async function countKeys(
  batches: AsyncIterable<{ rowCount: number; columns: (Int32Array | Float64Array)[] }>,
  opts: { records?: number; maxBuffer?: number; onProgress?: ProgressFn } = {},
): Promise<{ keys: Float64Array; counts: Float64Array }> {
  const progress =
    opts.records !== undefined
      ? loopProgress(opts.onProgress, 'frequencies', opts.records, 'rows')
      : undefined;
  let seen = 0;
  // Fresh memory is costly (first-touch page faults: ~0.45 s per 128 MB on the 2-core VMs this
  // was measured on), so the buffer is sized once from the record count when it is known, capped
  // at 16 M keys: tables up to that size are sorted once and never merged; beyond it, memory
  // stays at the distinct keys plus the buffer.
  const maxBuffer = opts.maxBuffer ?? 1 << 24;
  const size = Math.max(1, Math.min(maxBuffer, opts.records ?? maxBuffer));
  const buf = new Float64Array(size);
  const tmp = new Float64Array(size);
  let fill = 0;
  let keys: Float64Array = new Float64Array(0);
  let counts: Float64Array = new Float64Array(0);
  const flush = (final: boolean) => {
    if (fill === 0) return;
    const sorted = radixSort(buf.subarray(0, fill), tmp.subarray(0, fill));
    // The run counts go into whichever buffer does not hold the sorted keys.
    const spare = sorted.buffer === buf.buffer ? tmp : buf;
    const merged = mergeRuns(keys, counts, sorted, spare, final);
    keys = merged.keys;
    counts = merged.counts;
    fill = 0;
  };
  for await (const batch of batches) {
    const col = batch.columns[0];
    let at = 0;
    while (at < batch.rowCount) {
      const take = Math.min(batch.rowCount - at, size - fill);
      buf.set(col.subarray(at, at + take), fill);
      fill += take;
      at += take;
      if (fill === size) flush(false);
    }
    seen += batch.rowCount;
    progress?.step(seen);
  }
  flush(true);
  progress?.end();
  return { keys, counts };
}

/**
 * Run-length encode the sorted keys `part` (in place, counts into `spare`) and merge them into
 * the ascending distinct `keys` with their `counts`. A plain function over local typed arrays:
 * inside the closure that held the running result it ran several times slower.
 */
function mergeRuns(
  keys: Float64Array,
  counts: Float64Array,
  part: Float64Array,
  spare: Float64Array,
  final: boolean,
): { keys: Float64Array; counts: Float64Array } {
  const fill = part.length;
  const runCounts = spare;
  let m = 0;
  for (let i = 0; i < fill; i++) {
    if (m > 0 && part[m - 1] === part[i]) runCounts[m - 1]++;
    else {
      part[m] = part[i];
      runCounts[m++] = 1;
    }
  }
  const na = keys.length;
  // The first run needs no merge: views when no flush follows (the buffers are not reused),
  // else copies.
  if (na === 0)
    return final
      ? { keys: part.subarray(0, m), counts: runCounts.subarray(0, m) }
      : { keys: part.slice(0, m), counts: runCounts.slice(0, m) };
  const outKeys = new Float64Array(na + m);
  const outCounts = new Float64Array(na + m);
  let a = 0;
  let b = 0;
  let o = 0;
  while (a < na && b < m) {
    const ka = keys[a];
    const kb = part[b];
    if (ka < kb) {
      outKeys[o] = ka;
      outCounts[o++] = counts[a++];
    } else if (kb < ka) {
      outKeys[o] = kb;
      outCounts[o++] = runCounts[b++];
    } else {
      outKeys[o] = ka;
      outCounts[o++] = counts[a++] + runCounts[b++];
    }
  }
  while (a < na) {
    outKeys[o] = keys[a];
    outCounts[o++] = counts[a++];
  }
  while (b < m) {
    outKeys[o] = part[b];
    outCounts[o++] = runCounts[b++];
  }
  return o === na + m
    ? { keys: outKeys, counts: outCounts }
    : { keys: outKeys.slice(0, o), counts: outCounts.slice(0, o) };
}

/**
 * LSD radix sort of non-negative integer keys below 2^53 held in doubles (11-bit digits, as many
 * passes as the largest key needs), or plain sort when a key is negative. Returns whichever of
 * the two arrays holds the result. V8's built-in sort of 10 M doubles takes ~1.5 s; five
 * counting passes take a fraction of that (Knuth, TAOCP vol. 3, §5.2.5).
 */
function radixSort(a: Float64Array, b: Float64Array): Float64Array {
  let max = 0;
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (v < 0) return a.sort();
    if (v > max) max = v;
  }
  const BITS = 11;
  const RADIX = 1 << BITS;
  const count = new Int32Array(RADIX);
  let src = a;
  let dst = b;
  // Digits by exact power-of-two division: floor(v / 2^shift) mod 2^11 (integers below 2^53).
  for (let scale = 1; max / scale >= 1; scale *= RADIX) {
    count.fill(0);
    for (let i = 0; i < src.length; i++) count[Math.floor(src[i] / scale) % RADIX]++;
    let sum = 0;
    for (let d = 0; d < RADIX; d++) {
      const c = count[d];
      count[d] = sum;
      sum += c;
    }
    for (let i = 0; i < src.length; i++) {
      const v = src[i];
      dst[count[Math.floor(v / scale) % RADIX]++] = v;
    }
    const t = src;
    src = dst;
    dst = t;
  }
  return src;
}

/** Add population counts per QI combination; combinations only in the population become rows with count 0. */
async function attachPopulation(
  engine: Engine,
  table: FrequencyTable,
  pop: Relation,
  hTables: string[],
  qi: readonly string[],
): Promise<FrequencyTable> {
  const d = engine.dialect;
  const names = new Set(pop.columns.map((c) => c.name));
  for (const c of qi) {
    if (!names.has(c)) {
      throw new WumingError('NO_COLUMN', `no column "${c}" in the population table`, {
        kind: 'usage',
        location: { file: pop.source, column: c },
      });
    }
  }
  const sel = qi.map((_, i) => `h${i}.c AS q${i}`).join(', ');
  const joins = qi
    .map((c, i) => `LEFT JOIN ${d.ident(hTables[i])} h${i} ON t.${d.ident(c)} = h${i}.v`)
    .join(' ');
  const res = await engine.queryColumns(
    `SELECT ${sel}, count(*) AS n FROM ${pop.sql} t ${joins} GROUP BY ${qi.map((_, i) => `h${i}.c`).join(', ')}`,
  );
  const dq = qi.length;
  const keyOf = (get: (i: number) => number) => {
    let k = '';
    for (let i = 0; i < dq; i++) k += `${get(i)},`;
    return k;
  };
  const firstRow = new Map<string, number>();
  for (let r = 0; r < table.rows; r++) {
    const k = keyOf((i) => table.codes[i][r]);
    if (!firstRow.has(k)) firstRow.set(k, r);
  }
  const extra: number[][] = [];
  const extraPub: number[] = [];
  const pub = new Float64Array(table.rows);
  let missing = 0;
  for (let j = 0; j < res.rowCount; j++) {
    const vals = res.columns.slice(0, dq).map((c) => c[j]);
    const n = Number(res.columns[dq][j]);
    if (vals.some((v) => v === null)) {
      missing += n;
      continue;
    }
    const k = keyOf((i) => Number(vals[i]));
    const r = firstRow.get(k);
    if (r !== undefined) pub[r] += n;
    else {
      extra.push(vals.map(Number));
      extraPub.push(n);
    }
  }
  if (missing > 0) {
    throw new WumingError(
      'NOT_IN_HIERARCHY',
      `population table: ${missing} records have QI values not in the hierarchies`,
      {
        location: { file: pop.source },
      },
    );
  }
  const rows = table.rows + extra.length;
  const grow = (a: Int32Array, fill: (j: number) => number) => {
    const out = new Int32Array(rows);
    out.set(a);
    for (let j = 0; j < extra.length; j++) out[table.rows + j] = fill(j);
    return out;
  };
  const counts = new Float64Array(rows);
  counts.set(table.counts);
  const publicCounts = new Float64Array(rows);
  publicCounts.set(pub);
  extraPub.forEach((n, j) => {
    publicCounts[table.rows + j] = n;
  });
  return {
    ...table,
    rows,
    codes: table.codes.map((c, i) => grow(c, (j) => extra[j][i])),
    counts,
    publicCounts,
    sensitive: table.sensitive
      ? { ...table.sensitive, codes: grow(table.sensitive.codes, () => 0) }
      : undefined,
  };
}
