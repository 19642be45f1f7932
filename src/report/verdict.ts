import type { Assessment, ColumnDecision, ModelCheck, RiskSummary, VerdictStatus } from './assessment.js';

export interface VerdictInput {
  columns: ColumnDecision[];
  checks: ModelCheck[];
  riskAfter?: RiskSummary;
  /** Highest prosecutor risk tolerated for an anonymized release (default 0.2, i.e. classes of ≥ 5). */
  maxProsecutorRisk?: number;
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

/**
 * Which side of PIPL Art. 73 the output is on, argued from evidence rather than from the actions
 * taken. Anonymized requires all of: no direct identifier survives in any linkable form (tokens and
 * FPE are reversible or linkable by design, so they make the output de-identified, not anonymous);
 * every promised privacy model verified on the written file; and the highest prosecutor risk under
 * the stated attacker (knows a target is in the data and knows all quasi-identifiers) at or below
 * the threshold. Anything less is de-identified at best, and raw PI when a direct identifier is
 * kept in clear.
 */
export function decideVerdict(input: VerdictInput): Assessment['verdict'] {
  const max = input.maxProsecutorRisk ?? 0.2;
  const reasons: string[] = [];
  const caveats: string[] = [];
  const direct = input.columns.filter((c) => c.role === 'direct_identifier');
  const kept = direct.filter((c) => c.action === 'keep' || c.action === 'generalize');
  const attackerModel =
    `prosecutor: the attacker knows the target is in the release and knows the target's quasi-identifiers ` +
    `(${input.riskAfter?.qi.join(', ') || 'none declared'}); success if the target's record is singled out with probability above ${max}`;

  let status: VerdictStatus;
  if (kept.length > 0) {
    status = 'raw_personal_information';
    reasons.push(
      `direct identifier${kept.length > 1 ? 's' : ''} kept in clear: ${kept.map((c) => c.name).join(', ')}`,
    );
  } else {
    const linkable = direct.filter((c) => LINKABLE.has(c.action));
    const failed = input.checks.filter((c) => c.promised && !c.verified);
    const risk = input.riskAfter;
    const riskOk = risk !== undefined && risk.prosecutor.highest <= max + 1e-12;
    if (linkable.length > 0) {
      reasons.push(
        `direct identifier${linkable.length > 1 ? 's' : ''} ${linkable.map((c) => `${c.name} (${c.action})`).join(', ')} remain in a form that can be linked back with extra information (PIPL Art. 73(3))`,
      );
    }
    if (failed.length > 0)
      reasons.push(`not verified on the output: ${failed.map((c) => c.model).join(', ')}`);
    if (!risk) reasons.push('re-identification risk of the output was not measured');
    else if (!riskOk)
      reasons.push(`highest prosecutor risk ${risk.prosecutor.highest.toPrecision(3)} exceeds ${max}`);
    if (input.checks.length === 0) reasons.push('no formal privacy model was required');
    if (linkable.length === 0 && failed.length === 0 && riskOk && input.checks.length > 0) {
      status = 'anonymized';
      reasons.push('all direct identifiers removed');
      for (const c of input.checks) reasons.push(`${c.model}: verified on the written output (${c.detail})`);
      reasons.push(`highest prosecutor risk ${risk!.prosecutor.highest.toPrecision(3)} ≤ ${max}`);
    } else {
      status = 'de_identified';
    }
    const covered = (name: string) =>
      input.checks.some((c) => /diversity|closeness/.test(c.model) && c.model.endsWith(` on ${name}`));
    const sensitive = input.columns.filter(
      (c) => c.role === 'sensitive' && c.action !== 'drop' && !covered(c.name),
    );
    if (sensitive.length > 0) {
      caveats.push(
        `sensitive attribute${sensitive.length > 1 ? 's' : ''} ${sensitive.map((c) => c.name).join(', ')} released without l-diversity or t-closeness: a class with one sensitive value discloses it (inference, Article 29 WP Opinion 05/2014)`,
      );
    }
  }
  caveats.push(
    'the verdict covers the stated attacker model and the quasi-identifiers declared; an attacker with other auxiliary attributes is outside it',
  );
  return { status, attackerModel, reasons, caveats };
}
