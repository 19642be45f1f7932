import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Engine, Relation } from '../engine/engine.js';
import { WumingError } from '../errors.js';
import type { Hierarchy } from '../hierarchy/hierarchy.js';
import { type LoadedSource, readSource } from '../io/read.js';
import { assertWritableTarget, writeRelation } from '../io/write.js';
import { effectOf } from '../operators/index.js';
import { checkPolicyColumns, policyLocation } from '../policy/parse.js';
import type { Policy } from '../policy/schema.js';
import type { ProgressFn } from '../progress.js';
import type { Assessment, ColumnDecision, RiskSummary } from '../report/assessment.js';
import { resolveThresholds } from '../report/settings.js';
import { decideVerdict } from '../report/verdict.js';
import { assessRisk, type RiskAssessment } from '../risk/assess.js';
import { riskHistogramSvg } from '../risk/charts.js';
import { type AnonymizeResult, anonymize, attachByRow } from './anonymize.js';
import { gatherEvidence } from './evidence.js';
import { buildPolicyHierarchies, columnsByRole } from './plan.js';
import { type Inventory, scanRelation } from './scan.js';
import { policyModelRequest, type VerifyResult, verifyRelation } from './verify.js';

export const VERSION = '0.1.0';

export interface ApplyPolicyOptions {
  engine: Engine;
  /** The source, already loaded (readSource). */
  source: LoadedSource;
  policy: Policy;
  /** Path of the policy file, to resolve hierarchy files and name lines in errors. */
  policyFile?: string;
  out: string;
  /** Extra column information from a scan (detected types, PIPL category) for the report. */
  detected?: Record<string, { types: string[]; pipl?: string }>;
  job?: string;
  /** A scan of the source, when the caller has one (else the source is scanned here). */
  inventory?: Inventory;
  onProgress?: ProgressFn;
}

export interface ApplyPolicyResult {
  assessment: Assessment;
  anonymization?: AnonymizeResult;
  verification?: VerifyResult;
}

export async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

export function riskSummary(r: RiskAssessment): RiskSummary {
  const pu = r.populationUniqueness;
  return {
    records: r.records,
    qi: r.qi,
    sampleUniqueness: r.sampleUniqueness,
    prosecutor: r.prosecutor,
    journalist: r.journalist,
    marketer: r.marketer,
    populationUniqueness: pu
      ? { pitman: pu.pitman, zayatz: pu.zayatz, snb: pu.snb, dankar: pu.dankar, model: pu.dankarModel }
      : undefined,
    population: r.population.size,
    classes: r.classes,
    smallestClass: r.histogram.sizes.length ? Math.min(...r.histogram.sizes) : 0,
  };
}

/**
 * Apply a policy to a loaded source: drop what it drops, generalize the quasi-identifiers to meet
 * its privacy models with the least loss, write the output, verify every promised model on the
 * re-read output (a second, independent check beside the anonymizer's own), measure the risk
 * before and after, and decide the verdict.
 */
export async function applyPolicy(opts: ApplyPolicyOptions): Promise<ApplyPolicyResult> {
  const { engine, source, policy } = opts;
  const d = engine.dialect;
  const t0 = performance.now();
  const timings: Record<string, number> = {};
  const lap = (stage: string, since: number) => {
    timings[stage] = (performance.now() - since) / 1000;
  };
  // Before any work: --out must not be the source (by another path or a link).
  await assertWritableTarget(opts.out, [source.info.path]);
  const columns = source.columns.map((c) => c.name);
  checkPolicyColumns(policy, columns);
  const roles = columnsByRole(policy, columns);
  // Anonymization applies the actions that keep, drop or defer to its search; the others
  // transform values and need keys: `wuming deidentify`.
  const unsupported = columns.filter((c) => effectOf(policy.columns[c].action) === undefined);
  if (unsupported.length > 0) {
    const c = unsupported[0];
    throw new WumingError(
      'POLICY_ACTION_NEEDS_DEIDENTIFY',
      `action "${policy.columns[c].action}" on column "${c}" is a de-identification operator: run \`wuming deidentify\` with this policy (keys stay with that command), then anonymize its output`,
      { kind: 'policy', location: policyLocation(policy, `columns.${c}.action`) },
    );
  }
  const qi = roles.qi.filter((c) => effectOf(policy.columns[c].action) === 'deferred');
  const ungeneralized = roles.qi.filter((c) => effectOf(policy.columns[c].action) === 'copy');
  const riskQi = [...qi, ...ungeneralized];
  const kept = columns.filter((c) => effectOf(policy.columns[c].action) !== 'remove');
  const pv = policy.privacy;
  const promised = policyModelRequest(pv);
  const wantsModels = promised !== undefined;
  const subject = policy.subject;
  const thresholds = resolveThresholds(policy.report);
  const riskThresholds = [...new Set([...policy.risk.thresholds, thresholds.maxHighestRisk])];
  // Risk counts people: one row per (subject, quasi-identifiers) when a subject column is named.
  const people = async (rel: Relation, name: string): Promise<Relation> =>
    subject
      ? engine.materialize(
          name,
          `SELECT DISTINCT ${[subject, ...riskQi].map((c) => d.ident(c)).join(', ')} FROM ${rel.sql}`,
          { source: rel.source },
        )
      : rel;

  let t = performance.now();
  const before = riskQi.length
    ? await assessRisk({
        engine,
        relation: await people(source, `${source.sql.replaceAll('"', '')}_people`),
        qi: riskQi,
        population: policy.risk.population,
        thresholds: riskThresholds,
        curve: false,
      })
    : undefined;
  lap('risk before', t);

  // The input to anonymize: only the columns the policy keeps.
  // The subject column is read even when dropped: the search counts people by it.
  const subjectDropped = subject !== undefined && !kept.includes(subject);
  const read = subjectDropped ? [...kept, subject] : kept;
  const inputRel = await engine.materialize(
    `${source.sql.replaceAll('"', '')}_kept`,
    `SELECT ${read.map((c) => d.ident(c)).join(', ')} FROM ${source.sql}`,
    {
      view: true,
      source: source.source,
    },
  );

  let anonymization: AnonymizeResult | undefined;
  let hierarchyInfo: Record<string, { levels: number }> = {};
  let builtHierarchies: Record<string, Hierarchy> = {};
  t = performance.now();
  if (wantsModels) {
    if (qi.length === 0) {
      throw new WumingError(
        'POLICY_NO_QI',
        'privacy models need at least one quasi-identifier with action generalize',
        { kind: 'policy', location: policyLocation(policy, 'privacy') },
      );
    }
    const built = await buildPolicyHierarchies(engine, source, policy, { policyFile: opts.policyFile });
    builtHierarchies = Object.fromEntries(Object.entries(built).map(([c, b]) => [c, b.hierarchy]));
    lap('hierarchies', t);
    hierarchyInfo = Object.fromEntries(
      Object.entries(built).map(([c, b]) => [c, { levels: b.hierarchy.maps.length }]),
    );
    t = performance.now();
    anonymization = await anonymize({
      engine,
      input: inputRel,
      out: opts.out,
      hierarchies: Object.fromEntries(Object.entries(built).map(([c, b]) => [c, b.hierarchy])),
      qi,
      models: {
        k: pv.k,
        l: pv.l?.l,
        lVariant: pv.l?.variant,
        c: pv.l?.c,
        lSensitive: pv.l?.sensitive,
        t: pv.t?.t,
        tDistance: pv.t?.distance,
        tSensitive: pv.t?.sensitive,
        models: pv.models,
      },
      subject,
      exclude: subjectDropped ? [subject] : undefined,
      suppressionPercent: pv.suppression,
      metric: pv.metric,
      localRecoding: pv.localRecoding,
      onProgress: opts.onProgress,
    });
    lap('anonymize', t);
  } else {
    await writeRelation(
      engine,
      `SELECT ${kept.map((c) => d.ident(c)).join(', ')} FROM ${inputRel.sql}`,
      opts.out,
    );
    lap('write', t);
  }

  // Independent verification of the written file.
  t = performance.now();
  const written = await readSource(engine, opts.out);
  // The subject, when the release does not carry it, rejoins by row position for the checks.
  const counted =
    subjectDropped && wantsModels
      ? await attachByRow(engine, written, inputRel, subject, `${written.sql.replaceAll('"', '')}_subj`)
      : written;
  let verification: VerifyResult | undefined;
  if (wantsModels) {
    // Every model the policy promises, each on its own sensitive column, by the one verifier.
    verification = await verifyRelation(engine, counted, {
      qi,
      ...promised,
      subject:
        subjectDropped || (subject && written.columns.some((c) => c.name === subject)) ? subject : undefined,
      maxSuppressed: anonymization?.suppression.budget,
      rowsIn: source.info.rows,
    });
  }
  lap('verify', t);
  t = performance.now();
  // Suppressed records (every QI '*') match any target, so they are measured apart: the risk of a
  // released record is taken over the records that still carry quasi-identifier information.
  const allStar = qi.length ? qi.map((c) => `coalesce(${d.ident(c)}, '') = '*'`).join(' AND ') : 'false';
  const released = await engine.materialize(
    `${written.sql.replaceAll('"', '')}_released`,
    `SELECT * FROM ${counted.sql} WHERE NOT (${allStar})`,
    {
      view: true,
      source: opts.out,
    },
  );
  const after = riskQi.length
    ? await assessRisk({
        engine,
        relation: await people(released, `${written.sql.replaceAll('"', '')}_people`),
        qi: riskQi,
        population: policy.risk.population,
        thresholds: riskThresholds,
        curve: false,
      })
    : undefined;
  lap('risk after', t);

  const checks = [...(verification?.checks ?? [])];
  const decisions: ColumnDecision[] = columns.map((c) => ({
    name: c,
    role: policy.columns[c].role,
    action: policy.columns[c].action,
    detected: opts.detected?.[c]?.types,
    piplCategory: opts.detected?.[c]?.pipl,
    ...(anonymization && c in anonymization.transformation
      ? {
          level: anonymization.transformation[c],
          levels: hierarchyInfo[c]?.levels,
          levelMeaning: anonymization.levelMeanings?.[c],
        }
      : {}),
  }));
  const riskAfter = after ? riskSummary(after) : undefined;
  t = performance.now();
  const evidence = await gatherEvidence({
    engine,
    output: written,
    released,
    input: source,
    inputInventory: opts.inventory ?? (await scanRelation(engine, source)),
    columns: decisions,
    qi: riskQi,
    globalRecoding: !pv.localRecoding,
    hierarchies: builtHierarchies,
    checks,
    riskAfter,
    thresholds,
    subject,
  });
  lap('evidence', t);
  const verdict = decideVerdict({
    columns: decisions,
    checks,
    riskAfter,
    thresholds,
    findings: evidence.findings,
    article29: evidence.article29,
    subject,
  });
  if (ungeneralized.length)
    verdict.caveats.push(
      `quasi-identifier${ungeneralized.length > 1 ? 's' : ''} kept without generalization: ${ungeneralized.join(', ')}`,
    );

  const charts = [];
  if (before)
    charts.push({
      id: 'risk-before',
      title: 'Prosecutor risk before: records by risk range',
      svg: await riskHistogramSvg(before.distribution),
    });
  if (after)
    charts.push({
      id: 'risk-after',
      title: 'Prosecutor risk after: records by risk range',
      svg: await riskHistogramSvg(after.distribution),
    });

  timings.total = (performance.now() - t0) / 1000;
  const [inHash, outHash] = await Promise.all([sha256File(source.info.path), sha256File(opts.out)]);
  const assessment: Assessment = {
    tool: { name: 'wuming', version: VERSION },
    job: opts.job ?? 'apply-policy',
    generatedAt: new Date().toISOString(),
    input: {
      path: source.info.path,
      rows: source.info.rows,
      columns: columns.length,
      format: source.info.format,
      encoding: source.info.encoding,
      sha256: inHash,
    },
    output: {
      path: opts.out,
      rows: written.info.rows,
      columns: written.columns.length,
      format: written.info.format,
      sha256: outHash,
    },
    columns: decisions,
    privacy: anonymization
      ? {
          transformation: anonymization.transformation,
          levelMeanings: anonymization.levelMeanings,
          suppressed: anonymization.suppressed,
          suppressionLimit: anonymization.suppression.budget,
          classes: anonymization.classes,
          metric: anonymization.metric,
          score: anonymization.score,
          utility: anonymization.metrics,
          searchSeconds: anonymization.seconds,
          algorithm: anonymization.algorithm,
        }
      : undefined,
    checks,
    risk: { before: before ? riskSummary(before) : undefined, after: riskAfter },
    thresholds,
    findings: evidence.findings,
    article29: evidence.article29,
    subject,
    verdict,
    timings,
    charts,
  };
  await engine.exec(`DROP VIEW IF EXISTS ${inputRel.sql}`);
  return { assessment, anonymization, verification };
}
