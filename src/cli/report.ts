import type { Command } from 'commander';
import { usageError, WumingError } from '../errors.js';
import { assessFile, effectOf, loadPolicy, VERDICT_WORDS } from '../run/report.js';
import { action, columnList, printJson, printTable, progressBar } from './common.js';
import { summaryOf } from './summaries.js';

export function register(program: Command): void {
  program
    .command('report')
    .description(summaryOf('report'))
    .argument('<file>', 'CSV, Parquet or JSON file')
    .option('--policy <file>', 'the policy the file was produced with (roles, promised k / l)')
    .option('--qi <cols>', 'quasi-identifiers (default: from the policy, else from the scan)')
    .option('--population <n|model>', 'population size or model (usa, china) for population uniqueness')
    .option('--subject <col>', 'the column naming the person each row is about: risks count people')
    .option('--profile <p>', 'verdict thresholds: public (highest risk 0.2, average 0.05) | strict')
    .option('--out <dir>', 'directory for report.json and report.html', 'wuming-report')
    .option(
      '--fail-on <verdict>',
      'exit 1 when the verdict is this or worse: raw_pi (raw personal information) or de_identified (anything not anonymized); for CI gates',
    )
    .option(
      '--manifest <file>',
      'the de-identification manifest of the file (default: <file>.manifest.json when present): its reversible columns keep the file de-identified',
    )
    .option('--no-manifest', 'ignore any de-identification manifest beside the file')
    .option('--json', 'print the assessment as one JSON object')
    .action(
      action(
        async (
          file: string,
          o: {
            policy?: string;
            qi?: string;
            population?: string;
            subject?: string;
            profile?: string;
            out: string;
            json?: boolean;
            failOn?: string;
            manifest?: string | boolean;
          },
        ) => {
          // Checked before any work, so a typo in a CI script fails at once (exit 2).
          const failOn = o.failOn === undefined ? undefined : failOnLevel(o.failOn);
          if (o.profile !== undefined && o.profile !== 'public' && o.profile !== 'strict')
            throw usageError('--profile must be public or strict');
          const bar = progressBar(!o.json);
          const policy = o.policy ? await loadPolicy(o.policy) : undefined;
          const pop =
            o.population === undefined
              ? undefined
              : /^\d+$/.test(o.population)
                ? Number(o.population)
                : o.population;
          const a = await assessFile({
            input: file,
            policy,
            qi: columnList(o.qi),
            population: pop,
            subject: o.subject,
            settings: o.profile
              ? { ...policy?.report, profile: o.profile as 'public' | 'strict' }
              : undefined,
            outDir: o.out,
            manifest: typeof o.manifest === 'string' || o.manifest === false ? o.manifest : undefined,
            onProgress: bar.onProgress,
          });
          bar.stop();
          if (o.json) {
            printJson({ ...a, charts: a.charts.map((c) => ({ id: c.id, title: c.title })) });
            return gate(a.verdict.status, failOn, o.failOn);
          }
          const r = a.risk.after;
          // A DP release has no records or classes: only its verdict and guarantee are shown.
          if (a.input.format !== 'dp-release')
            printTable(
              ['measure', 'value'],
              [
                ['rows', a.input.rows],
                [
                  'direct identifiers in clear',
                  a.columns
                    .filter((c) => c.role === 'direct_identifier' && effectOf(c.action) === 'copy')
                    .map((c) => c.name)
                    .join(', ') || 'none',
                ],
                ['quasi-identifiers', r?.qi.join(', ') || 'none'],
                ['smallest class', r?.smallestClass ?? 0],
                ['highest prosecutor risk', r?.prosecutor.highest ?? 0],
                ['sample uniqueness', r ? `${(r.sampleUniqueness * 100).toFixed(2)} %` : '—'],
                ...a.checks.map((c) => [c.model, c.verified ? 'holds' : 'FAILS']),
              ],
            );
          process.stdout.write(
            `verdict: ${VERDICT_WORDS[a.verdict.status]}\n${a.verdict.reasons.map((x) => `  - ${x}\n`).join('')}report written to ${o.out}/report.html\n`,
          );
          return gate(a.verdict.status, failOn, o.failOn);
        },
      ),
    );
}

/**
 * How bad a verdict is, for `--fail-on`: anonymized 0, de-identified 1, raw personal information
 * (and any status this build does not know, to fail safe) 2.
 */
export function verdictSeverity(status: string): number {
  if (status === 'anonymized') return 0;
  if (status === 'de_identified') return 1;
  return 2;
}

/** The severity a `--fail-on` value stands for: raw_pi → 2, de_identified → 1. */
export function failOnLevel(value: string): number {
  const v = value.trim().toLowerCase().replaceAll('-', '_');
  if (v === 'raw_pi' || v === 'raw_personal_information') return 2;
  if (v === 'de_identified') return 1;
  throw new WumingError('BAD_FLAG', `--fail-on must be raw_pi or de_identified, got "${value}"`, {
    kind: 'usage',
  });
}

/** Exit code of `report`: 1 when `--fail-on` is given and the verdict is at its level or worse. */
function gate(status: string, level: number | undefined, flag: string | undefined): number {
  if (level === undefined || verdictSeverity(status) < level) return 0;
  process.stderr.write(`wuming: verdict "${status}" fails --fail-on ${flag} (exit 1)\n`);
  return 1;
}
