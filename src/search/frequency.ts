import type { Engine, LoadType, Relation } from '../engine/engine.js';
import { WumingError } from '../errors.js';
import type { Hierarchy } from '../hierarchy/hierarchy.js';
import { type FrequencyTable, type SensitiveColumn, valueOrder } from './table.js';

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
  const freqName = `${prefix}_freq`;
  await engine.exec(
    `CREATE OR REPLACE TEMP TABLE ${d.ident(freqName)} AS SELECT ${qcols.join(', ')}, count(*)::DOUBLE AS n FROM ${rel.sql} t ${joins.join(' ')} GROUP BY ALL`,
  );
  // Values missing from a hierarchy: count them per column, without printing any.
  const nullChecks = opts.qi
    .map((_, i) => `sum(CASE WHEN q${i} IS NULL THEN n ELSE 0 END) AS m${i}`)
    .join(', ');
  const miss = (await engine.query(`SELECT ${nullChecks} FROM ${d.ident(freqName)}`))[0];
  for (let i = 0; i < opts.qi.length; i++) {
    const records = Number(miss[`m${i}`] ?? 0);
    if (records > 0) {
      const col = d.ident(opts.qi[i]);
      const distinct = await engine.query(
        `SELECT count(DISTINCT t.${col}) AS v, count(*) FILTER (WHERE t.${col} IS NULL) AS e FROM ${rel.sql} t LEFT JOIN ${d.ident(hTables[i])} h ON t.${col} = h.v WHERE h.c IS NULL`,
      );
      const v = Number(distinct[0].v);
      const e = Number(distinct[0].e);
      throw new WumingError(
        'NOT_IN_HIERARCHY',
        `column "${opts.qi[i]}": ${v} distinct value${v === 1 ? '' : 's'}${e > 0 ? ` and ${e} empty cells` : ''} (${records} records) are not in its hierarchy (${opts.hierarchies[i].origin})`,
        { location: { file: rel.source, column: opts.qi[i] } },
      );
    }
  }
  const rows = Number((await engine.query(`SELECT count(*) AS n FROM ${d.ident(freqName)}`))[0].n);
  const dq = opts.qi.length;
  const codes = opts.qi.map(() => new Int32Array(rows));
  const counts = new Float64Array(rows);
  const sCodes = opts.sensitive ? new Int32Array(rows) : undefined;
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
  await engine.exec(`DROP TABLE IF EXISTS ${d.ident(freqName)}`);
  return table;
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
    `SELECT ${sel}, count(*) AS n FROM ${pop.sql} t ${joins} GROUP BY ALL`,
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
