import type { Engine, Relation } from '../../engine/engine.js';
import {
  groupColumns,
  type OutputGroups,
  unreadable,
  type Verification,
  type VerifyOptions,
  verifyGroups,
} from '../../privacy/verify.js';

/**
 * Re-reads a written output through the engine and checks every promised property from scratch
 * (see verifyGroups): ONE pass over the output, a plain GROUP BY of the QIs (and the sensitive
 * value), so a CSV output is parsed once; the population (δ-presence, k-map) by a second GROUP BY.
 */
export async function verifyOutput(
  engine: Engine,
  out: Relation,
  opts: VerifyOptions,
): Promise<Verification> {
  const d = engine.dialect;
  const cols = groupColumns(opts);
  const have = new Set(out.columns.map((c) => c.name));
  const missing = cols.filter((c) => !have.has(c));
  if (missing.length > 0)
    return unreadable(`the output has no column ${missing.map((c) => `"${c}"`).join(', ')}`);
  const sel = cols.map((c, i) => `${d.ident(c)} AS c${i}`).join(', ');
  const keys = cols.map((_, i) => `c${i}`).join(', ');
  const batch = await engine.queryColumns(
    `SELECT ${sel}, count(*) AS n FROM ${out.sql}${cols.length ? ` GROUP BY ${keys}` : ''}`,
  );
  const groups: OutputGroups = {
    rowCount: batch.rowCount,
    columns: batch.columns.slice(0, cols.length),
    counts: batch.columns[cols.length],
  };
  let populationCounts: Map<string, number> | undefined;
  if (opts.population) {
    const keyExpr = opts.qi.map((c) => `coalesce(${d.ident(c)}, '')`).join(` || chr(31) || `);
    const rows = await engine.query(
      `SELECT ${keyExpr} AS k, count(*) AS n FROM ${opts.population.sql} GROUP BY 1`,
    );
    populationCounts = new Map(rows.map((r) => [String(r.k), Number(r.n)]));
  }
  const { population: _, ...rest } = opts;
  return verifyGroups(groups, { ...rest, populationCounts });
}
