import { type ColumnClassification, classifyColumn } from '../detect/columns.js';
import { createEngine } from '../engine/duckdb.js';
import type { Engine, Relation } from '../engine/engine.js';
import { type ReadOptions, readSource, type SourceInfo } from '../io/read.js';
import type { Policy } from '../policy/schema.js';
import type { ProgressFn } from '../progress.js';

export interface ScanOptions extends ReadOptions {
  /** Rows sampled for content detection (default 10,000). The whole table is used when smaller. */
  sampleSize?: number;
  /** Seed of the reservoir sample, so a scan is repeatable. */
  seed?: number;
  engine?: Engine;
  onProgress?: ProgressFn;
}

export interface ColumnReport extends ColumnClassification {
  /** Non-null values in the whole table. */
  nonNull: number;
  /** Approximate number of distinct values in the whole table (HyperLogLog). */
  distinct: number;
}

export interface Inventory {
  source: SourceInfo;
  rows: number;
  /** Rows whose values were inspected by the detectors. */
  sampleSize: number;
  sampled: boolean;
  columns: ColumnReport[];
  /**
   * Quasi-identifiers that are a function of another one in the sample (district → province,
   * birth date → age). Releasing both lets the dependent column leak what generalizing the other
   * hid, so a proposed policy keeps only the determining column.
   */
  dependencies: { column: string; determinedBy: string }[];
}

/**
 * Scan a relation: whole-table statistics in one SQL pass, then a reservoir sample of rows is
 * read into Node for the content detectors. Only the sample crosses into JavaScript, so a scan of
 * a billion rows costs one aggregate and one sample.
 */
export async function scanRelation(
  engine: Engine,
  rel: Relation & { info: SourceInfo },
  opts: ScanOptions = {},
): Promise<Inventory> {
  const d = engine.dialect;
  const sampleSize = opts.sampleSize ?? 10_000;
  const cols = rel.columns.map((c) => c.name);
  opts.onProgress?.({ stage: 'statistics', done: 0, total: 1 });
  const stats = cols.length
    ? (
        await engine.query(
          `SELECT ${cols.map((c, i) => `count(${d.ident(c)}) AS n${i}, approx_count_distinct(${d.ident(c)}) AS d${i}`).join(', ')} FROM ${rel.sql}`,
        )
      )[0]
    : {};
  opts.onProgress?.({ stage: 'statistics', done: 1, total: 1 });
  const rows = rel.info.rows;
  const sampled = rows > sampleSize;
  const sampleSql = sampled
    ? `SELECT * FROM ${rel.sql} USING SAMPLE reservoir(${d.number(sampleSize)} ROWS) REPEATABLE (${d.number(opts.seed ?? 42)})`
    : `SELECT * FROM ${rel.sql}`;
  const batch = await engine.queryColumns(sampleSql);
  const columns: ColumnReport[] = [];
  for (let i = 0; i < cols.length; i++) {
    opts.onProgress?.({ stage: 'detect', done: i, total: cols.length });
    const values = batch.columns[i].map((v) => (v === null ? null : String(v)));
    const nonNull = Number(stats[`n${i}`] ?? 0);
    const distinct = Math.min(Number(stats[`d${i}`] ?? 0), nonNull);
    const c = classifyColumn({ name: cols[i], values, distinctRatio: nonNull > 0 ? distinct / nonNull : 0 });
    columns.push({ ...c, nonNull, distinct });
  }
  opts.onProgress?.({ stage: 'detect', done: cols.length, total: cols.length });
  const qiIdx = columns.map((c, i) => (c.role === 'quasi_identifier' ? i : -1)).filter((i) => i >= 0);
  const dependencies = functionalDependencies(
    qiIdx.map((i) => cols[i]),
    qiIdx.map((i) => batch.columns[i]),
  );
  return { source: rel.info, rows, sampleSize: Math.min(rows, sampleSize), sampled, columns, dependencies };
}

/**
 * b depends on a when every value of a co-occurs with one value of b in the sample. Of a
 * one-to-one pair (district name ↔ district code) the code-like column (all digits) is kept as the
 * determinant; otherwise the column with more distinct values determines the one with fewer.
 */
export function functionalDependencies(
  names: string[],
  values: unknown[][],
): { column: string; determinedBy: string }[] {
  const determines = (a: unknown[], b: unknown[]) => {
    const m = new Map<unknown, unknown>();
    for (let r = 0; r < a.length; r++) {
      const seen = m.get(a[r]);
      if (seen === undefined) m.set(a[r], b[r]);
      else if (seen !== b[r]) return false;
    }
    return true;
  };
  const distinct = values.map((v) => new Set(v).size);
  const codeLike = values.map((v) => v.every((x) => x === null || /^\d+$/.test(String(x))));
  const out: { column: string; determinedBy: string }[] = [];
  const dropped = new Set<number>();
  for (let b = 0; b < names.length; b++) {
    for (let a = 0; a < names.length; a++) {
      if (a === b || dropped.has(a) || distinct[b] <= 1) continue;
      if (!determines(values[a], values[b])) continue;
      const mutual = determines(values[b], values[a]);
      // In a one-to-one pair keep the code-like column, else the earlier one.
      if (mutual && ((codeLike[b] && !codeLike[a]) || (codeLike[b] === codeLike[a] && b < a))) continue;
      out.push({ column: names[b], determinedBy: names[a] });
      dropped.add(b);
      break;
    }
  }
  return out;
}

/** Scan a file (CSV, Parquet, JSON). */
export async function scan(path: string, opts: ScanOptions = {}): Promise<Inventory> {
  const engine = opts.engine ?? (await createEngine());
  try {
    const rel = await readSource(engine, path, opts);
    return await scanRelation(engine, rel, opts);
  } finally {
    if (!opts.engine) await engine.close();
  }
}

/**
 * Propose a policy from an inventory: direct identifiers are dropped (the only choice that can
 * lead to an anonymized verdict; users switch to mask/token/fpe for internal use), quasi-identifiers
 * are generalized with a hierarchy suggested from their content, sensitive attributes are kept and
 * protected by l-diversity, and k-anonymity with k = 5 and 5 % suppression is required (classes
 * of 5 give a highest prosecutor risk of 0.2, the threshold our verdict uses).
 */
export function proposePolicy(inv: Inventory): Policy {
  const columns: Policy['columns'] = {};
  const hierarchies: Policy['hierarchies'] = {};
  let sensitive: string | undefined;
  const dependent = new Set(inv.dependencies.map((x) => x.column));
  for (const c of inv.columns) {
    if (c.role === 'direct_identifier') columns[c.column] = { role: 'direct_identifier', action: 'drop' };
    else if (c.role === 'quasi_identifier' && dependent.has(c.column))
      columns[c.column] = { role: 'quasi_identifier', action: 'drop' };
    else if (c.role === 'quasi_identifier') {
      hierarchies[c.column] = suggestHierarchySpec(c);
      columns[c.column] = { role: 'quasi_identifier', action: 'generalize', hierarchy: c.column };
    } else if (c.role === 'sensitive' && isFineNumeric(c)) {
      // A numeric sensitive value at full precision (an income) links a record back to anyone
      // holding the source: with generalized quasi-identifiers it singled out 62 % of the sample's
      // records. It is banded and searched like a quasi-identifier, so classes hide it too.
      hierarchies[c.column] = { type: 'auto' };
      columns[c.column] = { role: 'quasi_identifier', action: 'generalize', hierarchy: c.column };
    } else if (c.role === 'sensitive') {
      columns[c.column] = { role: 'sensitive', action: 'keep' };
      // Diversity is asked for on a categorical attribute with a handful of values (a diagnosis), not on income.
      if (!sensitive && c.distinct > 1 && c.distinct <= 1000) sensitive = c.column;
    } else columns[c.column] = { role: 'insensitive', action: 'keep' };
  }
  return {
    version: 1,
    description: `Proposed by wuming scan from ${inv.source.path} (${inv.rows} rows, ${inv.sampleSize} sampled). Review before use.`,
    columns,
    hierarchies,
    privacy: {
      k: 5,
      ...(sensitive ? { l: { l: 2, variant: 'distinct' as const, sensitive } } : {}),
      suppression: 5,
      metric: 'loss',
      localRecoding: false,
    },
    risk: { thresholds: [0.2, 0.1, 0.05] },
  };
}

/** Numbers with many distinct values: a value that, kept exact, is close to an identifier. */
function isFineNumeric(c: ColumnReport): boolean {
  return (c.kind === 'income' || c.kind === 'finance') && c.distinct > 50;
}

function suggestHierarchySpec(c: ColumnReport): Policy['hierarchies'][string] {
  const types = new Set(c.types.filter((t) => t.share >= 0.5).map((t) => t.type));
  const name = c.column.toLowerCase();
  if (types.has('DATE_OF_BIRTH') || /date|日期|birth|生日/.test(name)) return { type: 'dates' };
  if (/^(age|年龄)$/.test(name)) return { type: 'intervals', widths: [5, 10, 20, 40] };
  return { type: 'auto' };
}
