import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { WumingError } from '../errors.js';
import type { Assessment } from '../report/assessment.js';
import { type ReportSettingsInput, resolveThresholds } from '../report/settings.js';
import { decideDpVerdict } from '../report/verdict.js';
import { sha256File, VERSION } from './apply.js';

/**
 * The fields of a `wuming dp` evidence file (`kind: "dp-release"`, written beside the release)
 * that the verdict reads. The file carries more (queries, measurements, ledger); they pass
 * through unread.
 */
const dpEvidenceSchema = z
  .object({
    kind: z.literal('dp-release'),
    input: z.object({ path: z.string(), sha256: z.string() }).loose(),
    privacyUnit: z.string().min(1),
    contributionBound: z.number().int().positive(),
    guarantee: z
      .object({ epsilon: z.number().nonnegative(), delta: z.number().min(0).max(1), definition: z.string() })
      .loose(),
    results: z.array(z.unknown()),
    output: z.string().nullable().optional(),
  })
  .loose();

/** True when a file is a `wuming dp` evidence file (by content, not by name). */
export async function isDpEvidence(path: string): Promise<boolean> {
  if (!/\.json$/i.test(path)) return false;
  try {
    const j = JSON.parse(await readFile(path, 'utf8')) as { kind?: unknown };
    return j?.kind === 'dp-release';
  } catch {
    return false;
  }
}

/**
 * The assessment of a differentially private release: its output is noisy aggregates, not
 * records, so there are no classes to count; what protects a person is the guarantee, judged
 * against the reviewer's largest ε for the stated privacy unit.
 */
export async function assessDpRelease(path: string, settings?: ReportSettingsInput): Promise<Assessment> {
  const t0 = performance.now();
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch {
    throw new WumingError('BAD_DP_EVIDENCE', 'the DP evidence file is not readable JSON', {
      kind: 'data',
      location: { file: path },
    });
  }
  const r = dpEvidenceSchema.safeParse(raw);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new WumingError(
      'BAD_DP_EVIDENCE',
      `the DP evidence file is incomplete: ${i.path.join('.') || 'root'}: ${i.message}`,
      {
        kind: 'data',
        location: { file: path, key: i.path.join('.') },
      },
    );
  }
  const e = r.data;
  const thresholds = resolveThresholds(settings);
  return {
    tool: { name: 'wuming', version: VERSION },
    job: 'report',
    generatedAt: new Date().toISOString(),
    input: { path: e.input.path, rows: 0, columns: 0, format: 'dp-release', sha256: e.input.sha256 },
    output: { path, rows: e.results.length, columns: 0, format: 'json', sha256: await sha256File(path) },
    columns: [],
    checks: [],
    risk: {},
    thresholds,
    verdict: decideDpVerdict(e, thresholds),
    timings: { total: (performance.now() - t0) / 1000 },
    charts: [],
  };
}
