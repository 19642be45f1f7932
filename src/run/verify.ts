import { createEngine } from '../engine/duckdb.js';
import type { Engine, Relation } from '../engine/engine.js';
import { WumingError } from '../errors.js';
import type { Hierarchy } from '../hierarchy/hierarchy.js';
import { loadHierarchies } from '../hierarchy/load.js';
import { type ReadOptions, readSource } from '../io/read.js';
import type { PrivacyPolicy } from '../policy/schema.js';
import type { PrivacyModel } from '../privacy/model.js';
import { modelFromOptions } from '../privacy/options.js';

import { buildModels } from '../privacy/spec.js';
import { groupColumns, type Verification } from '../privacy/verify.js';
import type { ModelCheck } from '../report/assessment.js';
import { verifyOutput } from './data-path/engine-verify.js';

export interface VerifyRequest {
  qi: string[];
  k?: number;
  /** l-diversity of `sensitive`: distinct (count of values), entropy (exp of Shannon entropy), or recursive (c,l). */
  l?: { l: number; variant?: 'distinct' | 'entropy' | 'recursive'; c?: number; sensitive: string };
  /**
   * t-closeness of `sensitive` (its own column: it may differ from l-diversity's). Without a
   * distance: hierarchical when `hierarchies` has the column's, ordered when every value is a
   * number, else equal.
   */
  t?: { t: number; distance?: 'equal' | 'hierarchical' | 'ordered'; sensitive: string };
  /** Any further models, e.g. built by the privacy model factories. */
  models?: readonly PrivacyModel[];
  /**
   * Hierarchies of sensitive columns (hierarchical t-closeness), or a directory of ARX hierarchy
   * files to find the t-closeness column's in.
   */
  hierarchies?: Readonly<Record<string, Hierarchy>> | string;
  /** The privacy unit: classes count distinct subjects, and a subject is suppressed whole. */
  subject?: string;
  /** Most suppressed rows allowed (default: no limit; the count is reported either way). */
  maxSuppressed?: number;
  /** Rows the input had: a different count in the output is a failure. */
  rowsIn?: number;
}

export interface VerifyResult {
  rows: number;
  suppressed: number;
  classes: number;
  smallestClass: number;
  checks: ModelCheck[];
  passed: boolean;
  /** Why `passed` is false, in words (never cell values). */
  problems: string[];
}

/**
 * The models a policy's `privacy:` section promises, as a verification request (k, l, t and the
 * `models:` list of the registry), or undefined when it promises none. One reading for every job
 * that verifies against a policy (apply, report).
 */
export function policyModelRequest(
  pv: PrivacyPolicy,
): Pick<VerifyRequest, 'k' | 'l' | 't' | 'models'> | undefined {
  const models = (pv.models ?? []).map(modelFromOptions);
  if (pv.k === undefined && !pv.l && !pv.t && models.length === 0) return undefined;
  return {
    k: pv.k,
    l: pv.l ? { l: pv.l.l, variant: pv.l.variant, c: pv.l.c, sensitive: pv.l.sensitive } : undefined,
    t: pv.t ? { t: pv.t.t, distance: pv.t.distance, sensitive: pv.t.sensitive } : undefined,
    models,
  };
}

type ResolvedRequest = Omit<VerifyRequest, 'hierarchies'> & {
  hierarchies?: Readonly<Record<string, Hierarchy>>;
};

/**
 * The request with a hierarchy directory read (the t-closeness column's file only), and a
 * hierarchical distance refused when that column has no hierarchy.
 */
async function withHierarchies(req: VerifyRequest): Promise<ResolvedRequest> {
  const hierarchies =
    typeof req.hierarchies === 'string'
      ? req.t
        ? await loadHierarchies(req.hierarchies, [req.t.sensitive])
        : {}
      : req.hierarchies;
  if (req.t?.distance === 'hierarchical' && !hierarchies?.[req.t.sensitive])
    throw new WumingError(
      'NO_HIERARCHY',
      `hierarchical t-closeness needs the hierarchy of "${req.t.sensitive}": give the hierarchies (CLI: --hierarchies DIR holding it)`,
      { kind: 'usage', location: { column: req.t.sensitive } },
    );
  return { ...req, hierarchies };
}

/** The models a request promises, each with its own sensitive column. */
async function requestedModels(engine: Engine, rel: Relation, req: ResolvedRequest): Promise<PrivacyModel[]> {
  const out: PrivacyModel[] = [];
  if (req.k !== undefined || req.l || req.t) {
    let tDistance = req.t?.distance;
    if (req.t && !tDistance) {
      if (req.hierarchies?.[req.t.sensitive]) tDistance = 'hierarchical';
      else {
        const d = engine.dialect;
        const s = d.ident(req.t.sensitive);
        const [r] = await engine.query(
          `SELECT bool_and(${d.tryDouble(s)} IS NOT NULL) AS num FROM ${rel.sql} WHERE ${s} IS NOT NULL`,
        );
        tDistance = r.num === true ? 'ordered' : 'equal';
      }
    }
    out.push(
      ...buildModels({
        k: req.k,
        l: req.l?.l,
        lVariant: req.l?.variant,
        c: req.l?.c,
        lSensitive: req.l?.sensitive,
        t: req.t?.t,
        tDistance,
        tSensitive: req.t?.sensitive,
      }),
    );
  }
  out.push(...(req.models ?? []));
  return out;
}

/** A verification as the report's model checks: one line per promised model. */
function modelChecks(v: Verification, models: readonly PrivacyModel[], subject?: string): ModelCheck[] {
  const unit = subject ? `subjects (${subject})` : 'records';
  return v.models.map((m, i) => ({
    model: m.label,
    promised: true,
    verified: m.ok,
    detail:
      // A model over class sizes alone (k-anonymity): the smallest class is its evidence.
      models[i].requires === 'sizes'
        ? `smallest of ${v.classes} classes has ${v.smallestClass} ${unit}; ${v.suppressed} records suppressed`
        : m.failingClasses === 0
          ? `all ${v.classes} classes hold`
          : `${m.failingClasses} of ${v.classes} classes fail`,
  }));
}

/**
 * Independent verification of a released relation against the models it promises: the one
 * verifier (privacy/verify.ts: reference checks per model, sharing no code with the search),
 * reached through one GROUP BY of the written data. Records whose quasi-identifiers are all
 * suppressed ('*') are reported as suppressed and excluded from classes, the convention ARX uses.
 * It fails closed: no model requested, a column missing, a model without a reference check or a
 * problem with the rows (count, partial subject suppression) makes `passed` false.
 */
export async function verifyRelation(
  engine: Engine,
  rel: Relation,
  request: VerifyRequest,
): Promise<VerifyResult> {
  const req = await withHierarchies(request);
  const have = new Set(rel.columns.map((c) => c.name));
  if (req.qi.length === 0)
    throw new WumingError('NO_QI', 'verification needs at least one quasi-identifier', { kind: 'usage' });
  const models = await (async () => {
    for (const c of [...req.qi, ...(req.l ? [req.l.sensitive] : []), ...(req.t ? [req.t.sensitive] : [])])
      if (!have.has(c))
        throw new WumingError('UNKNOWN_COLUMN', `column "${c}" is not in the data`, {
          kind: 'usage',
          location: { file: rel.source, column: c },
        });
    return requestedModels(engine, rel, req);
  })();
  for (const c of groupColumns({ qi: req.qi, models, subject: req.subject }))
    if (!have.has(c))
      throw new WumingError('UNKNOWN_COLUMN', `column "${c}" is not in the data`, {
        kind: 'usage',
        location: { file: rel.source, column: c },
      });
  const v = await verifyOutput(engine, rel, {
    qi: req.qi,
    models,
    budget: req.maxSuppressed ?? Number.POSITIVE_INFINITY,
    rowsIn: req.rowsIn,
    sensitiveHierarchies: req.hierarchies,
    subject: req.subject,
  });
  const problems = [...v.problems];
  if (models.length === 0) problems.push('no privacy model was requested, so none could be verified');
  return {
    rows: v.rowsOut,
    suppressed: v.suppressed,
    classes: v.classes,
    smallestClass: v.smallestClass,
    checks: modelChecks(v, models, req.subject),
    passed: problems.length === 0,
    problems,
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

/** A model asked for by id with its options (`wuming verify --beta 1`), built and checked. */
export { modelFromOptions } from '../privacy/options.js';
