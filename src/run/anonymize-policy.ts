import type { Policy } from '../policy/schema.js';
import type { ProgressFn } from '../progress.js';
import type { Assessment } from '../report/assessment.js';
import type { AnonymizeResult } from './anonymize-types.js';

/** A policy-driven anonymization of a file, as the CLI and a server take it. */
export interface AnonymizeFileWithPolicyOptions {
  input: string;
  /** The policy file (YAML): columns to drop, quasi-identifiers with hierarchies, privacy models. */
  policyFile: string;
  /** Output file (.csv or .parquet), written atomically. */
  out: string;
  /** Also write report.json and report.html (verdict, risk before and after) in this directory. */
  reportDir?: string;
  onProgress?: ProgressFn;
}

export interface AnonymizeFileWithPolicyResult {
  policy: Policy;
  /** The whole assessment: input, output, checks, risk before and after, verdict. */
  assessment: Assessment;
  /** The search's result, when the policy has privacy models (absent: columns dropped or kept only). */
  anonymization?: AnonymizeResult;
  /** Every privacy model was verified on the written output. */
  verified: boolean;
}

/**
 * Anonymize a file as a policy file says (drop what it drops, generalize its quasi-identifiers
 * with its hierarchies, meet its models), with the evidence and verdict of `applyPolicy`, and the
 * report written when asked. The engine is made for the job and closed.
 *
 * @example
 * const r = await anonymizeFileWithPolicy({ input: 'people.csv', policyFile: 'policy.yaml',
 *   out: 'people.anon.csv', reportDir: 'report' });
 * r.assessment.verdict.status; // 'anonymized' | ...
 */
export async function anonymizeFileWithPolicy(
  o: AnonymizeFileWithPolicyOptions,
): Promise<AnonymizeFileWithPolicyResult> {
  // Loaded on use: `wuming anonymize` without a policy may run without DuckDB at all.
  const [{ loadPolicy }, { applyPolicy }, { createEngine }, { readSource }, { writeReport }, { mkdir }] =
    await Promise.all([
      import('../policy/parse.js'),
      import('./apply.js'),
      import('../engine/duckdb.js'),
      import('../io/read.js'),
      import('../report/write.js'),
      import('node:fs/promises'),
    ]);
  const policy = await loadPolicy(o.policyFile);
  const engine = await createEngine();
  try {
    const source = await readSource(engine, o.input);
    const { assessment, anonymization } = await applyPolicy({
      engine,
      source,
      policy,
      policyFile: o.policyFile,
      out: o.out,
      job: 'anonymize',
      onProgress: o.onProgress,
    });
    if (o.reportDir) {
      await mkdir(o.reportDir, { recursive: true });
      await writeReport(assessment, o.reportDir);
    }
    return {
      policy,
      assessment,
      anonymization,
      verified: assessment.checks.every((c) => c.verified),
    };
  } finally {
    await engine.close();
  }
}
