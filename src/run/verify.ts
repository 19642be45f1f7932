import { createEngine } from '../engine/duckdb.js';
import type { Engine, Relation } from '../engine/engine.js';
import { WumingError } from '../errors.js';
import { type ReadOptions, readSource } from '../io/read.js';
import type { ModelCheck } from '../report/assessment.js';

export interface VerifyRequest {
  qi: string[];
  k?: number;
  /** l-diversity of `sensitive`: distinct (count of values), entropy (exp of Shannon entropy), or recursive (c,l). */
  l?: { l: number; variant?: 'distinct' | 'entropy' | 'recursive'; c?: number; sensitive: string };
  /** Value marking a suppressed cell; a record whose QIs are all this value is counted as suppressed. */
  suppressedValue?: string;
}

export interface VerifyResult {
  rows: number;
  suppressed: number;
  classes: number;
  smallestClass: number;
  checks: ModelCheck[];
  passed: boolean;
}

/**
 * Independent verification: recompute class sizes and diversity from the written data with plain
 * SQL, sharing no code with the search. Records whose quasi-identifiers are all suppressed
 * ('*') are reported as suppressed and excluded from classes, the convention ARX uses: such a
 * record carries no quasi-identifier information.
 */
export async function verifyRelation(
  engine: Engine,
  rel: Relation,
  req: VerifyRequest,
): Promise<VerifyResult> {
  const d = engine.dialect;
  const have = new Set(rel.columns.map((c) => c.name));
  for (const c of [...req.qi, ...(req.l ? [req.l.sensitive] : [])]) {
    if (!have.has(c))
      throw new WumingError('UNKNOWN_COLUMN', `column "${c}" is not in the data`, {
        kind: 'usage',
        location: { file: rel.source, column: c },
      });
  }
  if (req.qi.length === 0)
    throw new WumingError('NO_QI', 'verification needs at least one quasi-identifier', { kind: 'usage' });
  const star = d.string(req.suppressedValue ?? '*');
  const allStar = req.qi.map((c) => `coalesce(${d.asText(d.ident(c))}, '') = ${star}`).join(' AND ');
  const keys = req.qi.map((c) => d.ident(c)).join(', ');
  const [tot] = await engine.query(
    `SELECT count(*) AS n, count(*) FILTER (WHERE ${allStar}) AS s FROM ${rel.sql}`,
  );
  const [cls] = await engine.query(
    `SELECT count(*) AS classes, min(n) AS smallest FROM (SELECT count(*) AS n FROM ${rel.sql} WHERE NOT (${allStar}) GROUP BY ${keys})`,
  );
  const rows = Number(tot.n);
  const suppressed = Number(tot.s);
  const classes = Number(cls.classes);
  const smallest = classes === 0 ? 0 : Number(cls.smallest);
  const checks: ModelCheck[] = [];
  if (req.k !== undefined) {
    checks.push({
      model: `${req.k}-anonymity`,
      promised: true,
      verified: classes > 0 && smallest >= req.k,
      detail: `smallest of ${classes} classes has ${smallest} records; ${suppressed} records suppressed`,
    });
  }
  if (req.l) {
    const s = d.ident(req.l.sensitive);
    const variant = req.l.variant ?? 'distinct';
    // Per class: the frequency of each sensitive value; then the class's diversity measure.
    const perClass = `SELECT ${keys}, ${s} AS sv, count(*) AS f FROM ${rel.sql} WHERE NOT (${allStar}) GROUP BY ${keys}, ${s}`;
    let worst: number;
    let ok: boolean;
    if (variant === 'distinct') {
      const [r] = await engine.query(
        `SELECT min(dv) AS w FROM (SELECT count(*) AS dv FROM (${perClass}) GROUP BY ${keys})`,
      );
      worst = Number(r.w);
      ok = worst >= req.l.l;
    } else if (variant === 'entropy') {
      // Entropy l-diversity (Machanavajjhala et al. 2007): H(class) ≥ log(l).
      const [r] = await engine.query(
        `SELECT min(h) AS w FROM (SELECT -sum((f / t) * ln(f / t)) AS h FROM (SELECT *, sum(f) OVER (PARTITION BY ${keys}) AS t FROM (${perClass})) GROUP BY ${keys})`,
      );
      worst = Math.exp(Number(r.w));
      ok = Number(r.w) >= Math.log(req.l.l) - 1e-12;
    } else {
      // Recursive (c,l): r1 < c · (r_l + r_{l+1} + … + r_m), frequencies sorted descending.
      const c = req.l.c ?? 1;
      const l = req.l.l;
      const [r] = await engine.query(
        `SELECT count(*) FILTER (WHERE NOT ok) AS bad FROM (
           SELECT (max(f) FILTER (WHERE rk = 1) < ${d.number(c)} * coalesce(sum(f) FILTER (WHERE rk >= ${d.number(l)}), 0)) AS ok
           FROM (SELECT *, row_number() OVER (PARTITION BY ${keys} ORDER BY f DESC) AS rk FROM (${perClass})) GROUP BY ${keys})`,
      );
      worst = Number(r.bad);
      ok = worst === 0;
    }
    checks.push({
      model: `${variant}${variant === 'recursive' ? `-(${req.l.c},${req.l.l})` : `-${req.l.l}`}-diversity on ${req.l.sensitive}`,
      promised: true,
      verified: ok,
      detail:
        variant === 'recursive'
          ? `${worst} classes violate the condition`
          : `least diverse class has ${variant === 'distinct' ? `${worst} distinct values` : `entropy diversity ${worst.toFixed(3)}`}`,
    });
  }
  return {
    rows,
    suppressed,
    classes,
    smallestClass: smallest,
    checks,
    passed: checks.every((c) => c.verified),
  };
}

/** Verify a written file: read it back through the engine and check every requested model. */
export async function verifyFile(
  path: string,
  req: VerifyRequest,
  opts: ReadOptions & { engine?: Engine } = {},
): Promise<VerifyResult> {
  const engine = opts.engine ?? (await createEngine());
  try {
    const rel = await readSource(engine, path, opts);
    return await verifyRelation(engine, rel, req);
  } finally {
    if (!opts.engine) await engine.close();
  }
}
