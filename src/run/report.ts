import { mkdir } from 'node:fs/promises';
import { createEngine } from '../engine/duckdb.js';
import type { Engine } from '../engine/engine.js';
import { WumingError } from '../errors.js';
import { readSource } from '../io/read.js';
import { effectOf } from '../operators/index.js';
import { checkPolicyColumns } from '../policy/parse.js';
import type { Policy } from '../policy/schema.js';
import type { ProgressFn } from '../progress.js';
import type { Assessment, ColumnDecision } from '../report/assessment.js';
import { type ReportSettingsInput, resolveThresholds } from '../report/settings.js';
import { decideVerdict } from '../report/verdict.js';
import { writeReport } from '../report/write.js';
import { assessRisk } from '../risk/assess.js';
import { riskHistogramSvg } from '../risk/charts.js';
import { riskSummary, sha256File, VERSION } from './apply.js';
import { gatherEvidence } from './evidence.js';
import { manifestPathFor, readManifest } from './manifest.js';
import { assessDpRelease, isDpEvidence } from './report-dp.js';
import { scanRelation } from './scan.js';
import { policyModelRequest, verifyRelation } from './verify.js';

export interface AssessFileOptions {
  input: string;
  /** The policy the file was produced with: roles, actions and the promised models. */
  policy?: Policy;
  /** Quasi-identifiers, when there is no policy (default: the scan's suggestion). */
  qi?: string[];
  population?: number | string;
  /** The privacy unit column (default: the policy's `subject`). */
  subject?: string;
  /** The reviewer's thresholds (default: the policy's `report` block, else the public profile). */
  settings?: ReportSettingsInput;
  /** Write report.json and report.html here. */
  outDir?: string;
  /**
   * The de-identification manifest of the file (default: `<input>.manifest.json` when it exists).
   * Its column actions (and which are reversible under a key) count as the policy's, when the
   * manifest describes this very file (same SHA-256); `false` ignores any manifest.
   */
  manifest?: string | false;
  engine?: Engine;
  onProgress?: ProgressFn;
}

/**
 * Assess a file as it is — typically a release someone else produced — without changing it:
 * detect what PI it still holds, measure the re-identification risk on its quasi-identifiers,
 * check the privacy models its policy promises, and decide the verdict. Without a policy, roles
 * come from the scan, and a direct-identifier column counts as kept in clear when most of its
 * values are still recognised as PI.
 */
export async function assessFile(opts: AssessFileOptions): Promise<Assessment> {
  // A differentially private release (`wuming dp` evidence) is judged by its guarantee.
  if (await isDpEvidence(opts.input)) {
    const a = await assessDpRelease(opts.input, opts.settings ?? opts.policy?.report);
    if (opts.outDir) {
      await mkdir(opts.outDir, { recursive: true });
      await writeReport(a, opts.outDir);
    }
    return a;
  }
  const engine = opts.engine ?? (await createEngine());
  const t0 = performance.now();
  try {
    const source = await readSource(engine, opts.input);
    const d = engine.dialect;
    const columns = source.columns.map((c) => c.name);
    if (opts.policy) {
      // Columns the policy dropped are rightly absent from a release; any other must be present.
      const kept = {
        ...opts.policy,
        columns: Object.fromEntries(
          Object.entries(opts.policy.columns).filter(([, c]) => effectOf(c.action) !== 'remove'),
        ),
      };
      checkPolicyColumns(kept, columns, { strict: false });
    }
    const inputSha256 = await sha256File(opts.input);
    const manifestNote: string[] = [];
    const manifestPath = opts.manifest === false ? undefined : (opts.manifest ?? manifestPathFor(opts.input));
    let manifest = manifestPath ? await readManifest(manifestPath) : undefined;
    if (manifest && manifest.outputSha256 !== inputSha256) {
      // A manifest of other contents (the file was edited or replaced since) says nothing about it.
      manifestNote.push(
        `a de-identification manifest sits beside the file (${manifestPath}) but describes other contents (its SHA-256 differs): ignored, the file is judged from its data alone`,
      );
      manifest = undefined;
    } else if (manifest)
      manifestNote.push(
        `column actions read from the de-identification manifest ${manifestPath}${manifest.keyId ? ` (key id ${manifest.keyId})` : ''}`,
      );
    const inv = await scanRelation(engine, source, { onProgress: opts.onProgress });
    const byName = new Map(inv.columns.map((c) => [c.column, c]));
    const decisions: ColumnDecision[] = columns.map((name) => {
      const c = byName.get(name)!;
      const strong = c.types.filter((t) => t.share >= 0.5).map((t) => t.type);
      const p = opts.policy?.columns[name];
      const m = manifest?.columns[name];
      const role = p?.role ?? (c.role === 'other' ? 'insensitive' : c.role);
      const action =
        p?.action ??
        m?.action ??
        (role === 'direct_identifier' ? (strong.length > 0 ? 'keep' : 'transformed') : 'keep');
      return {
        name,
        role,
        action,
        ...(m?.reversible ? { reversible: true } : {}),
        detected: strong,
        piplCategory: c.pipl.sensitiveCategory ? `sensitive: ${c.pipl.sensitiveCategory}` : c.pipl.category,
      };
    });
    for (const [name, c] of Object.entries(opts.policy?.columns ?? {})) {
      if (effectOf(c.action) === 'remove' && !columns.includes(name))
        decisions.push({ name, role: c.role, action: 'drop' });
    }
    const qi =
      opts.qi ??
      decisions
        .filter(
          (c) => effectOf(c.action) !== 'remove' && columns.includes(c.name) && c.role === 'quasi_identifier',
        )
        .map((c) => c.name);
    for (const q of qi) {
      if (!columns.includes(q))
        throw new WumingError('UNKNOWN_COLUMN', `no column "${q}" in the input`, {
          kind: 'usage',
          location: { file: opts.input, column: q },
        });
    }
    const allStar = qi.length ? qi.map((c) => `coalesce(${d.ident(c)}, '') = '*'`).join(' AND ') : 'false';
    const released = await engine.materialize(
      `${source.sql.replaceAll('"', '')}_released`,
      `SELECT * FROM ${source.sql} WHERE NOT (${allStar})`,
      {
        view: true,
        source: opts.input,
      },
    );
    const pv = opts.policy?.privacy;
    const thresholds = resolveThresholds(opts.settings ?? opts.policy?.report);
    const subject = opts.subject ?? opts.policy?.subject;
    if (subject && !columns.includes(subject))
      throw new WumingError(
        'UNKNOWN_COLUMN',
        `no subject column "${subject}" in the input${effectOf(opts.policy?.columns[subject]?.action ?? '') === 'remove' ? ' (the policy drops it)' : ''}: people cannot be counted from this file alone, and counting rows would overstate every class. Judge the release where it is made (\`wuming anonymize --policy … --report DIR\` reads the subject from the source)`,
        { kind: 'usage', location: { file: opts.input, column: subject } },
      );
    // Risk counts people: one row per (subject, quasi-identifiers) when a subject column is named.
    const counted = subject
      ? await engine.materialize(
          `${source.sql.replaceAll('"', '')}_people`,
          `SELECT DISTINCT ${[subject, ...qi].map((c) => d.ident(c)).join(', ')} FROM ${released.sql}`,
          { source: opts.input },
        )
      : released;
    const risk = qi.length
      ? await assessRisk({
          engine,
          relation: counted,
          qi,
          population: opts.population ?? opts.policy?.risk.population,
          thresholds: [
            ...new Set([...(opts.policy?.risk.thresholds ?? [0.2, 0.1, 0.05]), thresholds.maxHighestRisk]),
          ],
          curve: false,
        })
      : undefined;
    // Every model the policy promises, each on its own sensitive column, by the one verifier.
    const promised = pv && policyModelRequest(pv);
    const verification =
      promised && qi.length ? await verifyRelation(engine, source, { qi, ...promised, subject }) : undefined;
    const riskAfter = risk ? riskSummary(risk) : undefined;
    const checks = verification?.checks ?? [];
    const evidence = await gatherEvidence({
      engine,
      output: source,
      released,
      outputInventory: inv,
      inputInventory: inv,
      columns: decisions,
      qi,
      checks,
      riskAfter,
      thresholds,
      subject,
    });
    const verdict = decideVerdict({
      columns: decisions,
      checks,
      riskAfter,
      thresholds,
      findings: evidence.findings,
      article29: evidence.article29,
      subject,
    });
    verdict.caveats.push(...manifestNote);
    const assessment: Assessment = {
      tool: { name: 'wuming', version: VERSION },
      job: 'report',
      generatedAt: new Date().toISOString(),
      input: {
        path: opts.input,
        rows: source.info.rows,
        columns: columns.length,
        format: source.info.format,
        encoding: source.info.encoding,
        sha256: inputSha256,
      },
      columns: decisions,
      checks,
      risk: { after: riskAfter },
      thresholds,
      findings: evidence.findings,
      article29: evidence.article29,
      subject,
      verdict,
      timings: { total: (performance.now() - t0) / 1000 },
      charts: risk
        ? [
            {
              id: 'risk',
              title: 'Prosecutor risk: records by risk range',
              svg: await riskHistogramSvg(risk.distribution),
            },
          ]
        : [],
    };
    if (opts.outDir) {
      await mkdir(opts.outDir, { recursive: true });
      await writeReport(assessment, opts.outDir);
    }
    return assessment;
  } finally {
    if (!opts.engine) await engine.close();
  }
}

/** What an action does besides transforming (`copy` for keep …), for the report's summary. */
export { effectOf } from '../operators/index.js';
export { loadPolicy } from '../policy/parse.js';
export { VERDICT_WORDS } from '../report/assessment.js';
