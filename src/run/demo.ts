import { mkdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { createEngine } from '../engine/duckdb.js';
import { readSource } from '../io/read.js';
import { writeFileAtomic } from '../io/write.js';
import { parsePolicy } from '../policy/parse.js';
import type { ProgressFn } from '../progress.js';
import type { Assessment } from '../report/assessment.js';
import { writeReport } from '../report/write.js';
import { applyPolicy } from './apply.js';
import { proposePolicy, scanRelation } from './scan.js';

/** The bundled sample: 10,000 synthetic Chinese person records (data/sample/README.md). */
const SAMPLE_PATH = fileURLToPath(new URL('../../data/sample/people.csv', import.meta.url));

export interface DemoOptions {
  input?: string;
  outDir?: string;
  onProgress?: ProgressFn;
}

export interface DemoResult {
  assessment: Assessment;
  files: { policy: string; output: string; reportJson: string; reportHtml: string };
  seconds: number;
}

/**
 * The end-to-end slice: load the sample, scan it for PI, propose a policy, apply it (drop direct
 * identifiers; generalize quasi-identifiers to k-anonymity and l-diversity), verify the written
 * output by re-reading it, and write the policy, the output and the report.
 */
export async function demo(opts: DemoOptions = {}): Promise<DemoResult> {
  const t0 = performance.now();
  const input = opts.input ?? SAMPLE_PATH;
  const outDir = opts.outDir ?? 'wuming-out';
  await mkdir(outDir, { recursive: true });
  const engine = await createEngine();
  try {
    const source = await readSource(engine, input);
    const inventory = await scanRelation(engine, source, { onProgress: opts.onProgress });
    const proposed = proposePolicy(inventory);
    const policyPath = join(outDir, 'policy.yaml');
    const policyText = `# Proposed by \`wuming demo\` from ${relative(process.cwd(), input) || input}; review before reuse.\n${stringify(proposed)}`;
    await writeFileAtomic(policyPath, policyText);
    // Round-trip through the parser: the policy the demo applies is exactly the file it wrote.
    const policy = parsePolicy(policyText, policyPath);
    const output = join(outDir, 'people.anonymized.csv');
    const detected = Object.fromEntries(
      inventory.columns.map((c) => [
        c.column,
        {
          types: c.types.filter((t) => t.share >= 0.5).map((t) => t.type),
          pipl: c.pipl.sensitiveCategory ? `sensitive: ${c.pipl.sensitiveCategory}` : c.pipl.category,
        },
      ]),
    );
    const { assessment } = await applyPolicy({
      engine,
      source,
      policy,
      policyFile: policyPath,
      out: output,
      detected,
      inventory,
      job: 'demo',
      onProgress: opts.onProgress,
    });
    const report = await writeReport(assessment, outDir);
    return {
      assessment,
      files: { policy: policyPath, output, reportJson: report.json, reportHtml: report.html },
      seconds: (performance.now() - t0) / 1000,
    };
  } finally {
    await engine.close();
  }
}
