import type { Command } from 'commander';
import type { DpQuery } from '../dp/aggregates.js';
import { usageError } from '../errors.js';
import { type DpJobResult, runDp, runDpPolicy } from '../run/dp.js';
import { action, columnList, formatNumber, parseNumber, printJson, printTable } from './common.js';
import { summaryOf } from './summaries.js';

interface DpFlags {
  privacyUnit?: string;
  epsilon?: string;
  policy?: string;
  delta?: string;
  countBy?: string;
  count?: boolean;
  sum?: string;
  mean?: string;
  histogram?: string;
  quantile?: string;
  quantiles: string;
  bins?: string;
  bounds?: string;
  by?: string;
  maxContributions: string;
  mechanism: string;
  groups?: string;
  hierarchies?: string;
  budget?: string;
  budgetDelta?: string;
  ledger?: string;
  out?: string;
  evidence?: string;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('dp')
    .description(summaryOf('dp'))
    .argument('<input>', 'CSV, Parquet or JSON file')
    // Required unless --policy gives them (checked in the action, with commander's wording).
    .option('--privacy-unit <col|row>', 'the column identifying a person, or "row" (each row a person)')
    .option('--epsilon <e>', 'ε this release spends')
    .option('--delta <d>', 'δ for private partition selection or the Gaussian mechanism', '0')
    .option('--count-by <cols>', 'noisy counts per group (a histogram / contingency table of these columns)')
    .option('--count', 'one noisy count of the rows')
    .option('--sum <col>', 'noisy sum of a column clamped to --bounds')
    .option('--mean <col>', 'noisy mean of a column clamped to --bounds')
    .option('--histogram <col>', 'noisy counts of a numeric column in --bins equal bins over --bounds')
    .option(
      '--quantile <col>',
      'quantiles (--quantiles) of a numeric column over --bounds (exponential mechanism)',
    )
    .option('--quantiles <qs>', 'quantile levels for --quantile', '0.5')
    .option('--bins <n>', 'bins for --histogram (default 10) or candidates for --quantile (default 1000)')
    .option('--bounds <lo,hi>', 'clamping bounds for --sum, --mean, --histogram, --quantile')
    .option(
      '--by <cols>',
      'group --sum, --mean, --histogram or --quantile by these columns (keys public with --groups/--hierarchies, else selected privately with --delta)',
    )
    .option('--max-contributions <n>', 'rows kept per privacy unit (contribution bound)', '1')
    .option(
      '--mechanism <m>',
      'laplace (pure ε) | gaussian (zCDP, needs --delta) for counts and sums',
      'laplace',
    )
    .option('--groups <file>', 'public group keys: a CSV whose columns are the group columns')
    .option(
      '--hierarchies <dir>',
      "public group keys: every leaf of each group column's hierarchy (ARX format)",
    )
    .option('--budget <e>', 'total ε budget for this dataset, stored in the ledger')
    .option('--budget-delta <d>', 'total δ budget for this dataset, stored in the ledger')
    .option('--ledger <file>', 'privacy budget ledger (default <input>.dp-ledger.json)')
    .option('--out <file>', 'write the released values as CSV; evidence goes to <out>.dp.json')
    .option('--evidence <file>', 'evidence file (default <out>.dp.json or <input>.dp-release.json)')
    .option(
      '--policy <file>',
      "publish the queries of the policy's release: section as one release (unit, ε, δ, keys and queries come from it)",
    )
    .option('--json', 'print one JSON object as the last line')
    .action(
      action(async (input: string, o: DpFlags, cmd: Command) => {
        const budget = parseNumber('budget', o.budget, { min: Number.MIN_VALUE });
        const budgetDelta = parseNumber('budget-delta', o.budgetDelta, { min: 0, max: 1 });
        if (o.policy !== undefined) {
          // One source of truth for what is released: the policy, not a mix with flags.
          const clash = [
            'privacyUnit',
            'epsilon',
            'delta',
            'maxContributions',
            'mechanism',
            'groups',
            'hierarchies',
          ]
            .concat([
              'countBy',
              'count',
              'sum',
              'mean',
              'histogram',
              'quantile',
              'quantiles',
              'bins',
              'bounds',
              'by',
            ])
            .filter((k) => cmd.getOptionValueSource(k) === 'cli')
            .map((k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
          if (clash.length > 0)
            throw usageError(
              `with --policy the release: section states the release; drop ${clash.join(', ')}`,
            );
          const r = await runDpPolicy({
            input,
            policy: o.policy,
            budget,
            budgetDelta,
            ledger: o.ledger,
            out: o.out,
            evidence: o.evidence,
          });
          return print(r, o.json === true);
        }
        if (o.privacyUnit === undefined)
          throw usageError("required option '--privacy-unit <col|row>' not specified");
        if (o.epsilon === undefined) throw usageError("required option '--epsilon <e>' not specified");
        const query = parseQuery(o);
        const mechanism = o.mechanism;
        if (mechanism !== 'laplace' && mechanism !== 'gaussian')
          throw usageError('--mechanism must be laplace or gaussian');
        const r = await runDp({
          input,
          query,
          privacyUnit: o.privacyUnit,
          maxContributions: parseNumber('max-contributions', o.maxContributions, { min: 1, integer: true }),
          epsilon: parseNumber('epsilon', o.epsilon, { min: Number.MIN_VALUE })!,
          delta: parseNumber('delta', o.delta, { min: 0, max: 0.999999 }),
          mechanism,
          groupsFile: o.groups,
          hierarchiesDir: o.hierarchies,
          budget,
          budgetDelta,
          ledger: o.ledger,
          out: o.out,
          evidence: o.evidence,
        });
        return print(r, o.json === true);
      }),
    );
}

/** The --json contract's four fields first, then extras; or a table for people. */
function print(r: DpJobResult, json: boolean): number {
  const rel = r.release;
  const single = r.releases.length === 1;
  if (json) {
    printJson({
      epsilon: r.epsilon,
      delta: r.delta,
      results: r.results,
      budgetRemaining: r.budgetRemaining,
      ...(single && rel.rho !== undefined ? { rho: rel.rho } : {}),
      privacyUnit: rel.privacyUnit,
      contributionBound: rel.contributionBound,
      evidence: r.evidence,
      ledger: r.ledger,
    });
    return 0;
  }
  const named = r.results.some((x) => x.name !== undefined);
  const groupCols = [...new Set(r.results.flatMap((x) => Object.keys(x.group)))];
  const quantiles = r.results.some((x) => x.quantile !== undefined);
  printTable(
    [
      ...(named ? ['query'] : []),
      ...groupCols,
      ...(quantiles ? ['quantile'] : []),
      'value',
      'scale',
      '95 % CI',
    ],
    r.results.map((x) => [
      ...(named ? [x.name ?? ''] : []),
      ...groupCols.map((c) => (c in x.group ? (x.group[c] ?? '(null)') : '')),
      ...(quantiles ? [x.quantile === undefined ? '' : String(x.quantile)] : []),
      x.value,
      `${formatNumber(x.scale)}${x.scaleUnit === 'rank' ? ' ranks' : ''}`,
      `${formatNumber(x.ci95[0])} … ${formatNumber(x.ci95[1])}`,
    ]),
  );
  if (r.results.length === 0) process.stdout.write('no group reached the partition-selection threshold\n');
  process.stdout.write(
    `ε spent ${r.epsilon}, δ ${r.delta}; budget remaining: ${r.budgetRemaining ?? 'no budget set'} (ledger ${r.ledger})\nevidence: ${r.evidence}\n`,
  );
  return 0;
}

function parseBounds(v: string | undefined, what: string): [number, number] {
  if (v === undefined) throw usageError(`${what} needs --bounds LO,HI`);
  const parts = v.split(',').map((s) => Number(s.trim()));
  if (parts.length !== 2 || !parts.every(Number.isFinite) || !(parts[0] < parts[1]))
    throw usageError(`--bounds must be LO,HI with LO < HI, got "${v}"`);
  return [parts[0], parts[1]];
}

function parseQuery(o: DpFlags): DpQuery {
  const given = [
    o.countBy !== undefined && '--count-by',
    o.count && '--count',
    o.sum !== undefined && '--sum',
    o.mean !== undefined && '--mean',
    o.histogram !== undefined && '--histogram',
    o.quantile !== undefined && '--quantile',
  ].filter(Boolean);
  if (given.length !== 1)
    throw usageError(
      given.length === 0
        ? 'give one query: --count-by COLS, --count, --sum COL, --mean COL, --histogram COL or --quantile COL'
        : `give one query per release, not ${given.join(' and ')}`,
    );
  const by = columnList(o.by);
  if (by && (o.countBy !== undefined || o.count))
    throw usageError('--by groups --sum, --mean, --histogram or --quantile; for counts use --count-by COLS');
  if (o.countBy !== undefined) {
    const cols = columnList(o.countBy) ?? [];
    if (cols.length === 0) throw usageError('--count-by needs at least one column');
    return { kind: 'count', by: cols };
  }
  if (o.count) return { kind: 'count' };
  if (o.sum !== undefined) return { kind: 'sum', column: o.sum, bounds: parseBounds(o.bounds, '--sum'), by };
  if (o.mean !== undefined)
    return { kind: 'mean', column: o.mean, bounds: parseBounds(o.bounds, '--mean'), by };
  if (o.histogram !== undefined)
    return {
      kind: 'histogram',
      column: o.histogram,
      bounds: parseBounds(o.bounds, '--histogram'),
      bins: parseNumber('bins', o.bins ?? '10', { min: 1, max: 100_000, integer: true })!,
      by,
    };
  const quantiles = (columnList(o.quantiles) ?? []).map(
    (s) => parseNumber('quantiles', s, { min: 0, max: 1 })!,
  );
  return {
    kind: 'quantile',
    column: o.quantile!,
    bounds: parseBounds(o.bounds, '--quantile'),
    quantiles,
    candidates: parseNumber('bins', o.bins ?? '1000', { min: 1, max: 100_000, integer: true }),
    by,
  };
}
