import { effectOf } from '../operators/index.js';
import type {
  Article29Tests,
  Assessment,
  ColumnDecision,
  DataFinding,
  ModelCheck,
  RiskSummary,
  VerdictStatus,
} from './assessment.js';
import { resolveThresholds, type Thresholds } from './settings.js';

export interface VerdictInput {
  columns: ColumnDecision[];
  checks: ModelCheck[];
  riskAfter?: RiskSummary;
  /** The reviewer's thresholds (default: the public profile). Never derived from the policy's k. */
  thresholds?: Thresholds;
  /** What re-reading the output found (identifiers in the data, near-unique columns, repeats). */
  findings?: DataFinding[];
  /** The Article 29 tests as measured. Missing tests block "anonymized": unmeasured is not passed. */
  article29?: Article29Tests;
  /** The privacy unit column, when the job counted people rather than rows. */
  subject?: string;
}

/** Actions that leave a value that a key holder (or anyone, for masks) can link back to a person. */
const LINKABLE = new Set([
  'mask',
  'token',
  'fpe',
  'date_shift',
  'replace',
  'keep',
  'noise',
  'round',
  'top_bottom',
]);

const pct = (x: number) => `${(100 * x).toFixed(x > 0 && x < 0.001 ? 3 : 1)} %`;

/**
 * Which side of PIPL Art. 73 the output is on, argued from evidence rather than from the actions
 * declared. Anonymized requires all of:
 * - no direct identifier survives in any linkable form, by the policy's account AND by re-reading
 *   the data: a column where the detectors still find identifiers or free-text PI, or whose
 *   values pass an identifier's check digit (raw, or format-preserving encrypted: reversible),
 *   blocks it whatever role the policy gave the column;
 * - no column kept as it is singles people out on its own (near-unique values);
 * - every promised privacy model verified on the written file;
 * - rows that repeat a person are counted as people (a subject column), not as rows;
 * - the three Article 29 tests within the reviewer's thresholds: singling out (highest and
 *   average prosecutor risk, records linked uniquely), linkability (the output linked against
 *   the strongest auxiliary data: the input's quasi-identifiers and kept values at full
 *   precision), inference (records whose sensitive value follows from their class with ≥ 90 %
 *   confidence), unless a verified model addresses that attribute.
 * Anything less is de-identified at best, and raw PI when an identifier is in clear.
 */
export function decideVerdict(input: VerdictInput): Assessment['verdict'] {
  const th = input.thresholds ?? resolveThresholds();
  const reasons: string[] = [];
  const caveats: string[] = [];
  const findings = input.findings ?? [];
  const direct = input.columns.filter((c) => c.role === 'direct_identifier');
  // Kept in clear or only generalized: the value still says who it is.
  const kept = direct.filter((c) => {
    const effect = effectOf(c.action);
    return effect === 'copy' || effect === 'deferred';
  });
  const qi = input.riskAfter?.qi ?? [];
  const attackerModel =
    `prosecutor: the attacker knows the target is in the release and knows the target's quasi-identifiers ` +
    `(${qi.join(', ') || 'none declared'})${input.article29?.linkability.source === 'attack' ? ` and holds ${input.article29.linkability.auxiliary}` : ''}; ` +
    `success if a target is singled out with probability above ${th.maxHighestRisk} (thresholds: ${th.profile} profile)`;

  // Identifiers the data still shows in a column the policy keeps as it is: raw personal information.
  const inClear = findings.filter(
    (f) =>
      f.kind === 'identifier_in_data' &&
      ['keep', 'transformed', undefined].includes(input.columns.find((c) => c.name === f.column)?.action),
  );
  let status: VerdictStatus;
  if (kept.length > 0 || inClear.length > 0) {
    status = 'raw_personal_information';
    if (kept.length > 0)
      reasons.push(
        `direct identifier${kept.length > 1 ? 's' : ''} kept in clear: ${kept.map((c) => c.name).join(', ')}`,
      );
    for (const f of inClear) reasons.push(`column "${f.column}": ${f.detail}`);
  } else {
    const blocking: string[] = [];
    const linkable = direct.filter((c) => LINKABLE.has(c.action));
    if (linkable.length > 0)
      blocking.push(
        `direct identifier${linkable.length > 1 ? 's' : ''} ${linkable.map((c) => `${c.name} (${c.action})`).join(', ')} remain in a form that can be linked back with extra information (PIPL Art. 73(3))`,
      );
    // Whatever the role: a column the key holder can turn back (PIPL Art. 73(3), "can be
    // restored with additional information") keeps the whole file personal information.
    const reversible = input.columns.filter((c) => c.reversible && effectOf(c.action) !== 'remove');
    if (reversible.length > 0)
      blocking.push(
        `${reversible.map((c) => `${c.name} (${c.action})`).join(', ')} ${reversible.length > 1 ? 'were' : 'was'} transformed reversibly under a key (de-identification manifest): the key holder can restore ${reversible.length > 1 ? 'them' : 'it'} (PIPL Art. 73(3))`,
      );
    for (const f of findings)
      if (f.kind !== 'identifier_in_data') blocking.push(`column "${f.column}": ${f.detail}`);
    for (const f of findings)
      if (f.kind === 'identifier_in_data' && !inClear.includes(f))
        blocking.push(`column "${f.column}": ${f.detail}`);
    const failed = input.checks.filter((c) => c.promised && !c.verified);
    if (failed.length > 0)
      blocking.push(`not verified on the output: ${failed.map((c) => c.model).join(', ')}`);
    if (input.checks.length === 0) blocking.push('no formal privacy model was required');
    const risk = input.riskAfter;
    if (!risk) blocking.push('re-identification risk of the output was not measured');
    else {
      if (!(risk.prosecutor.highest <= th.maxHighestRisk + 1e-12))
        blocking.push(
          `highest prosecutor risk ${risk.prosecutor.highest.toPrecision(3)} exceeds ${th.maxHighestRisk} (${th.profile} profile)`,
        );
      if (!(risk.prosecutor.average <= th.maxAverageRisk + 1e-12))
        blocking.push(
          `average prosecutor risk ${risk.prosecutor.average.toPrecision(3)} exceeds ${th.maxAverageRisk} (${th.profile} profile)`,
        );
    }
    const a29 = input.article29;
    if (!a29) blocking.push('the Article 29 tests (singling out, linkability, inference) were not measured');
    else {
      if (!a29.singlingOut.passed) blocking.push(`singling out: ${a29.singlingOut.detail}`);
      if (!a29.linkability.passed) blocking.push(`linkability: ${a29.linkability.detail}`);
      if (!a29.inference.passed) blocking.push(`inference: ${a29.inference.detail}`);
    }
    if (blocking.length === 0) {
      status = 'anonymized';
      reasons.push('all direct identifiers removed, and none found when the output was re-read');
      for (const c of input.checks) reasons.push(`${c.model}: verified on the written output (${c.detail})`);
      reasons.push(
        `highest prosecutor risk ${risk!.prosecutor.highest.toPrecision(3)} ≤ ${th.maxHighestRisk}, average ${risk!.prosecutor.average.toPrecision(3)} ≤ ${th.maxAverageRisk} (${th.profile} profile)`,
      );
      reasons.push(`singling out: ${a29!.singlingOut.detail}`);
      reasons.push(`linkability: ${a29!.linkability.detail}`);
      reasons.push(`inference: ${a29!.inference.detail}`);
    } else {
      status = 'de_identified';
      reasons.push(...blocking);
    }
  }
  if (input.subject)
    caveats.push(`classes and risks count distinct people (subject column "${input.subject}"), not rows`);
  if (input.article29?.linkability.source === 'model')
    caveats.push(
      'linkability was estimated from the class sizes (marketer risk), not by linking the output to its source: the source was not available to this check',
    );
  caveats.push(
    'the verdict covers the stated attacker model and the quasi-identifiers declared; an attacker with other auxiliary attributes is outside it',
  );
  return { status, attackerModel, reasons, caveats };
}

/** The singling-out test from the risk after release and the linkage attack, judged by the thresholds. */
export function singlingOutTest(
  risk: RiskSummary,
  th: Thresholds,
  linkedUniquely: number | null,
  recordsAboveThreshold: number,
): Article29Tests['singlingOut'] {
  const passed =
    risk.prosecutor.highest <= th.maxHighestRisk + 1e-12 &&
    (linkedUniquely === null || linkedUniquely <= th.maxLinkedShare + 1e-12);
  const parts = [
    `highest risk ${risk.prosecutor.highest.toPrecision(3)} (threshold ${th.maxHighestRisk})`,
    `${pct(recordsAboveThreshold)} of records above it`,
  ];
  if (linkedUniquely !== null) parts.push(`${pct(linkedUniquely)} linked uniquely and correctly`);
  return {
    highestRisk: risk.prosecutor.highest,
    averageRisk: risk.prosecutor.average,
    recordsAboveThreshold,
    linkedUniquely,
    passed,
    detail: parts.join('; '),
  };
}

/**
 * The verdict on a differentially private release: noisy aggregates with a guarantee for a stated
 * privacy unit. Anonymized for that unit when the guarantee's ε is within the reviewer's limit
 * (and δ below 1 / 10^6, so that no "catastrophic" release of one person is tolerated with a
 * meaningful probability; Dwork & Roth 2014, §2.3); otherwise de-identified, as aggregates that
 * still leak.
 */
export function decideDpVerdict(
  e: {
    privacyUnit: string;
    contributionBound: number;
    guarantee: { epsilon: number; delta: number; definition: string };
  },
  th: Thresholds,
): Assessment['verdict'] {
  const unit =
    e.privacyUnit === 'row'
      ? 'one row (each row taken to be a different person)'
      : `one value of "${e.privacyUnit}" (at most ${e.contributionBound} rows after contribution bounding)`;
  const g = e.guarantee;
  const attackerModel = `any attacker, with any auxiliary data, comparing the release with one computed without ${unit}: ${g.definition}, ε = ${g.epsilon}, δ = ${g.delta}`;
  const reasons: string[] = [];
  const okEps = g.epsilon <= th.maxEpsilon + 1e-12;
  const okDelta = g.delta <= 1e-6;
  if (!okEps) reasons.push(`ε = ${g.epsilon} exceeds ${th.maxEpsilon} (${th.profile} profile)`);
  if (!okDelta) reasons.push(`δ = ${g.delta} exceeds 10^-6`);
  const status: VerdictStatus = okEps && okDelta ? 'anonymized' : 'de_identified';
  if (status === 'anonymized')
    reasons.push(
      `differentially private release: ${g.definition} with ε = ${g.epsilon} ≤ ${th.maxEpsilon} (${th.profile} profile), δ = ${g.delta}, for ${unit}`,
    );
  const caveats = [
    'the guarantee holds for the stated privacy unit; a person spread over several units (several ids, or several rows when the unit is a row) is protected only with a multiple of ε',
    'the guarantee covers this release; further releases of the same data compose (see the budget ledger)',
  ];
  return { status, attackerModel, reasons, caveats };
}
