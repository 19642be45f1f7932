import type { Command } from 'commander';
import { WumingError } from '../errors.js';
import type { HierarchySpec } from '../hierarchy/builders/index.js';
import type { MetricId } from '../metrics/index.js';
import type { ModelSpec } from '../privacy/spec.js';
import { type AnonymizeResult, METRIC_IDS, runAnonymize } from '../run/anonymize.js';
import { anonymizeFileWithPolicy } from '../run/anonymize-policy.js';
import { modelSpecFromFlags } from '../run/model-flags.js';
import {
  action,
  columnList,
  formatNumber,
  modelFlags,
  parseNumber,
  printJson,
  printTable,
  progressBar,
} from './common.js';
import { summaryOf } from './summaries.js';

/** One line per quasi-identifier: its level and what the level means (`age: level 3 of 5 = bands of 20, e.g. [20, 40)`). */
export function transformationText(
  r: Pick<AnonymizeResult, 'qi' | 'transformation' | 'levelMeanings'>,
): string {
  return r.qi.map((c) => `${c}: ${r.levelMeanings?.[c] ?? `level ${r.transformation[c]}`}`).join('\n');
}

/** A builder spec as a person reads it: `intervals widths=5,10,20,40`. */
function specText(spec: HierarchySpec): string {
  const { type, ...rest } = spec as { type: string } & Record<string, unknown>;
  const opts = Object.entries(rest)
    .filter(([, v]) => v !== undefined)
    .map(
      ([k, v]) =>
        `${k}=${Array.isArray(v) ? v.join(',') : typeof v === 'object' ? JSON.stringify(v) : String(v)}`,
    );
  return [type, ...opts].join(' ');
}

/** A warning on stderr, below any progress bar. */
function warn(bar: { stop: () => void }, message: string): void {
  bar.stop();
  process.stderr.write(`wuming: warning: ${message}\n`);
}

export function register(program: Command): void {
  const cmd = program
    .command('anonymize')
    .description(summaryOf('anonymize'))
    .argument('<input>', 'CSV, Parquet or JSON file')
    .requiredOption('--out <file>', 'output file (.csv or .parquet), written atomically')
    .option(
      '--hierarchies <dir>',
      'directory of ARX-format hierarchies: <anything>_hierarchy_<column>.csv or <column>.csv (default: built from the values of each --qi column)',
    )
    .option(
      '--save-hierarchies <dir>',
      'write the hierarchies used (given or built) to this directory in ARX format',
    )
    .option(
      '--policy <file>',
      'take columns, hierarchies and privacy models from a policy file instead of flags',
    )
    .option(
      '--report <dir>',
      'with --policy: also write report.json and report.html (verdict, risk before/after) here',
    )
    .option(
      '--qi <cols>',
      'quasi-identifiers: "all" (every column with a hierarchy) or a comma-separated list',
      'all',
    );
  // The privacy models' flags (--k, --l, --t, --delta-min, --kmap ... declared in src/privacy/),
  // with the command's own flags where --help has always shown them.
  const flags = modelFlags(cmd, 'anonymize');
  flags.upTo('c').option('--sensitive <col>', 'the sensitive column (not a quasi-identifier)');
  flags
    .upTo('t')
    .option(
      '--t-sensitive <col>',
      'the sensitive column of t-closeness when it is not --sensitive (both models are enforced, each on its own column)',
    );
  flags
    .upTo('t-distance')
    .option(
      '--subject <col>',
      'the column naming the person each row is about: models count people, not rows',
    )
    .option('--population <file>', 'population table for δ-presence and k-map');
  flags
    .upTo('kmap')
    .option('--suppression <pct>', 'suppression limit in percent of the records (5 = 5 %)', '0')
    .option('--metric <m>', 'loss | entropy | precision | discernibility | aecs | height', 'loss')
    .option('--local-recoding', 'local recoding (per-class levels) instead of one global transformation')
    .option('--time-limit <s>', 'search time limit in seconds', '60')
    .option(
      '--data-path <p>',
      'auto | memory | engine: small CSV files are anonymized in memory without DuckDB (auto), or force one path',
      'auto',
    )
    .option('--json', 'print one JSON object as the last line')
    .action(
      action(async (input: string, o: Record<string, string | boolean | undefined>) => {
        const str = (k: string) => o[k] as string | undefined;
        if (o.policy)
          return anonymizeWithPolicy(input, String(o.policy), String(o.out), str('report'), o.json === true);
        const qiFlag = String(o.qi).trim();
        const qi = qiFlag.toLowerCase() === 'all' ? ('all' as const) : (columnList(qiFlag) ?? []);
        if (!o.hierarchies && qi === 'all') {
          throw new WumingError(
            'BAD_FLAG',
            'give --qi COLUMNS (their hierarchies are built from the values), --hierarchies DIR or --policy FILE',
            { kind: 'usage' },
          );
        }
        const metric = String(o.metric);
        if (!(METRIC_IDS as string[]).includes(metric)) {
          throw new WumingError('BAD_FLAG', `--metric must be one of ${METRIC_IDS.join(', ')}`, {
            kind: 'usage',
          });
        }
        const models: ModelSpec = {
          ...modelSpecFromFlags(o, 'anonymize', str('sensitive')),
          sensitive: str('sensitive'),
          tSensitive: str('tSensitive'),
        };
        if (models.l !== undefined && !models.sensitive) {
          throw new WumingError('BAD_FLAG', '--l needs --sensitive COLUMN', { kind: 'usage' });
        }
        if (models.t !== undefined && !models.sensitive && !models.tSensitive) {
          throw new WumingError('BAD_FLAG', '--t needs --sensitive COLUMN (or --t-sensitive COLUMN)', {
            kind: 'usage',
          });
        }
        const suppression = parseNumber('suppression', str('suppression'), { min: 0, max: 100 })! / 100;
        const dataPath = String(o.dataPath);
        if (dataPath !== 'auto' && dataPath !== 'memory' && dataPath !== 'engine') {
          throw new WumingError('BAD_FLAG', '--data-path must be auto, memory or engine', { kind: 'usage' });
        }
        const bar = progressBar(!o.json);
        try {
          const r = await runAnonymize({
            input,
            out: String(o.out),
            hierarchiesDir: str('hierarchies'),
            qi,
            models,
            suppression,
            metric: metric as MetricId,
            localRecoding: o.localRecoding === true,
            population: str('population'),
            subject: str('subject'),
            timeLimitMs: parseNumber('time-limit', str('timeLimit'), { min: 0 })! * 1000,
            onProgress: bar.onProgress,
            onWarning: (m) => warn(bar, m),
            dataPath,
            saveHierarchies: str('saveHierarchies'),
          });
          bar.stop();
          const saved = r.savedHierarchies;
          if (o.json) {
            printJson({
              transformation: r.transformation,
              suppressed: r.suppressed,
              classes: r.classes,
              metric: r.metric,
              score: r.score,
              seconds: r.seconds,
              stages: r.stages,
              dataPath: r.dataPath,
              optimal: r.optimal,
              algorithm: r.algorithm,
              verified: r.verification.ok,
              metrics: r.metrics,
              rowsIn: r.rowsIn,
              rowsOut: r.rowsOut,
              levels: r.levelMeanings,
              builtHierarchies: r.autoHierarchies,
              savedHierarchies: saved.length > 0 ? saved : undefined,
              warnings: r.warnings,
            });
            return 0;
          }
          const rows: (string | number)[][] = [
            ['privacy models', r.models.join(' + ')],
            ['transformation', transformationText(r)],
            ...Object.entries(r.autoHierarchies ?? {}).map(
              ([c, a]) =>
                [`hierarchy built for ${c}`, `${specText(a.spec)} (${a.reason})`] as (string | number)[],
            ),
            ...(saved.length > 0 ? [['hierarchies saved', saved.join('\n')] as (string | number)[]] : []),
            [
              'algorithm',
              `${r.algorithm}${r.optimal ? ' (proven optimal)' : ''}, ${r.evaluated} of ${r.latticeSize} transformations checked`,
            ],
            ['records in / out', `${formatNumber(r.rowsIn)} / ${formatNumber(r.rowsOut)}`],
            [
              'suppressed (QIs set to *)',
              `${formatNumber(r.suppressed)} (limit ${formatNumber(r.suppression.budget)})`,
            ],
            ['equivalence classes', r.classes],
            [`score (${r.metric})`, r.score],
            ...Object.entries(r.metrics).map(([k, v]) => [`  ${k}`, v] as (string | number)[]),
            [
              'verified from the written file',
              r.verification.ok ? `yes (smallest class ${r.verification.smallestClass})` : 'NO',
            ],
            ['seconds', Number(r.seconds.toFixed(3))],
            ['data path', r.dataPath === 'memory' ? 'in memory (no database)' : 'engine (DuckDB)'],
          ];
          if (r.local)
            rows.push([
              'granularity: local vs best global',
              `${r.local.granularity.toFixed(4)} vs ${r.local.globalGranularity.toFixed(4)}`,
            ]);
          printTable(['anonymize', String(r.out)], rows);
          return 0;
        } finally {
          bar.stop();
        }
      }),
    );
  flags.rest();
}

/**
 * The policy path: the job driven by a policy file (anonymizeFileWithPolicy), printing the same
 * JSON contract as the flags path.
 */
async function anonymizeWithPolicy(
  input: string,
  policyFile: string,
  out: string,
  reportDir: string | undefined,
  json: boolean,
): Promise<number> {
  const bar = progressBar(!json);
  try {
    const {
      policy,
      assessment,
      anonymization: r,
      verified,
    } = await anonymizeFileWithPolicy({
      input,
      policyFile,
      out,
      reportDir,
      onProgress: bar.onProgress,
    });
    bar.stop();
    if (json) {
      printJson({
        transformation: r?.transformation ?? {},
        suppressed: r?.suppressed ?? 0,
        classes: r?.classes ?? assessment.risk.after?.classes ?? 0,
        metric: r?.metric ?? policy.privacy.metric,
        score: r?.score ?? 0,
        seconds: assessment.timings.total,
        optimal: r?.optimal,
        algorithm: r?.algorithm,
        verified,
        metrics: r?.metrics,
        rowsIn: assessment.input.rows,
        rowsOut: assessment.output?.rows,
        verdict: assessment.verdict.status,
        levels: r?.levelMeanings,
      });
    } else {
      printTable(
        ['anonymize', out],
        [
          [
            'transformation',
            r ? transformationText(r) : '— (no privacy model: columns dropped or kept only)',
          ],
          ...Object.entries(r?.hierarchies ?? {}).map(
            ([c, h]) => [`hierarchy of ${c}`, h.origin] as (string | number)[],
          ),
          [
            'records in / out',
            `${formatNumber(assessment.input.rows)} / ${formatNumber(assessment.output?.rows ?? 0)}`,
          ],
          [
            'suppressed (QIs set to *)',
            r ? `${formatNumber(r.suppressed)} (limit ${formatNumber(r.suppression.budget)})` : '0',
          ],
          ['equivalence classes', r?.classes ?? 0],
          [`score (${r?.metric ?? policy.privacy.metric})`, r?.score ?? 0],
          ...assessment.checks.map(
            (c) => [c.model, c.verified ? 'verified' : 'FAILED'] as (string | number)[],
          ),
          ['verdict', assessment.verdict.status.replaceAll('_', ' ')],
        ],
      );
    }
    return verified ? 0 : 1;
  } finally {
    bar.stop();
  }
}
