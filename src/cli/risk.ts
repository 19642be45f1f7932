import type { Command } from 'commander';
import { attackerRows, POPULATION_UNIQUENESS, runRisk } from '../run/risk.js';
import {
  action,
  columnList,
  formatNumber,
  parseNumber,
  printJson,
  printTable,
  progressBar,
} from './common.js';
import { summaryOf } from './summaries.js';

/**
 * A share as a percentage a person can read: "not available" for what was never computed (an
 * estimator without a solution), "< 0.001 %" rather than "1.152e-97 %", at most 4 significant
 * digits, never an exponent.
 */
export function pct(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return 'not available';
  const p = v * 100;
  if (p === 0) return '0 %';
  if (p < 0.001) return '< 0.001 %';
  if (p > 99.999 && p < 100) return '> 99.999 %';
  return `${Number(p.toPrecision(p >= 1 ? 4 : 2))} %`;
}

/** A probability (0..1) the same way: "< 0.0001" rather than an exponent. */
export function prob(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return 'not available';
  if (v === 0) return '0';
  if (v < 0.0001) return '< 0.0001';
  return String(Number(v.toPrecision(v >= 0.01 ? 4 : 2)));
}

/** An attacker model's row as `wuming risk` prints it. */
function show(x: {
  value: number | string | null | undefined;
  as: 'probability' | 'share' | 'text';
}): string {
  if (x.as === 'text') return String(x.value);
  return x.as === 'share' ? pct(x.value as number | undefined) : prob(x.value as number | undefined);
}

/** An estimator's share in `populationUniqueness` (`pitman`, `zayatz` … under their ids). */
const shareOf = (p: object, id: string) => (p as Record<string, number | null | undefined>)[id] ?? null;

/**
 * Why the population-uniqueness estimators disagree, when they do (a factor of 2 or more, or
 * one without a solution): each extrapolates from the sample to the unseen population with a
 * different model, and Dankar et al. say which to trust at which sampling fraction.
 */
export function estimatorNote(r: {
  populationUniqueness: Readonly<Record<string, unknown>> & { readonly dankarModel: string };
  population: { samplingFraction: number };
}): string | undefined {
  const p = r.populationUniqueness;
  if (p.dankarModel === 'census') return undefined;
  // Every registered estimator (risk/estimators.ts), with its name and how it extrapolates.
  const all = POPULATION_UNIQUENESS.map((e) => [e.label, shareOf(p, e.id)] as const);
  const known = all.map(([, v]) => v).filter((v): v is number => v !== null && v > 0);
  const missing = all.some(([, v]) => v === null);
  const spread = known.length > 1 && Math.max(...known) >= 2 * Math.min(...known);
  if (!missing && !spread) return undefined;
  const list = all.map(([n, v]) => `${n} ${pct(v)}`).join(', ');
  const f = pct(r.population.samplingFraction);
  return [
    `The population-uniqueness estimators ${spread ? 'disagree' : 'are not all available'} (${list}).`,
    `Each extrapolates from a ${f} sample to people it has not seen with a different model: ${POPULATION_UNIQUENESS.map((e) => `${e.label} ${e.method}`).join('; ')}.`,
    "'not available' means the model has no solution on this data, not 0. Dankar et al. (2012) found",
    'Pitman most accurate up to 10 % sampling and the smaller of Zayatz and SNB above it: use the',
    `Dankar row (${p.dankarModel}).`,
  ].join(' ');
}

/** Word-wrap a paragraph to the terminal (at most 100 columns), ending with a newline. */
export function wrap(text: string, width = Math.min(100, process.stdout.columns || 100)): string {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return `${out.join('\n')}\n`;
}

export function register(program: Command): void {
  program
    .command('risk')
    .description(summaryOf('risk'))
    .argument('<input>', 'CSV, Parquet or JSON file')
    .requiredOption('--qi <cols>', 'quasi-identifiers: "all" or a comma-separated column list')
    .option(
      '--population <n>',
      'population size N, or a model name (usa, china); default: the data is the population',
    )
    .option(
      '--population-table <file>',
      'the population itself: journalist and marketer risk use its true class sizes',
    )
    .option('--thresholds <list>', 'risk thresholds for "records above"', '0.2,0.1,0.05')
    .option('--no-curve', 'skip the uniqueness curve')
    .option('--charts <dir>', 'write risk-histogram.svg and uniqueness-curve.svg into this directory')
    .option(
      '--copula',
      'also estimate individual population uniqueness with a Gaussian copula (Rocher et al. 2019)',
    )
    .option(
      '--sensitive <cols>',
      'sensitive attributes: report the Article 29 criteria (singling out, linkability, inference)',
    )
    .option('--json', 'print one JSON object as the last line')
    .action(
      action(async (input: string, o: Record<string, string | boolean | undefined>) => {
        const qiFlag = String(o.qi).trim();
        const qi = qiFlag.toLowerCase() === 'all' ? ('all' as const) : (columnList(qiFlag) ?? []);
        const popFlag = o.population as string | undefined;
        const population =
          popFlag === undefined
            ? undefined
            : /^[\d_,]+$/.test(popFlag)
              ? parseNumber('population', popFlag.replaceAll(/[_,]/g, ''), { min: 1, integer: true })
              : popFlag;
        const thresholds = (columnList(o.thresholds as string) ?? []).map(
          (t) => parseNumber('thresholds', t, { min: 0, max: 1 })!,
        );
        const bar = progressBar(!o.json);
        try {
          const r = await runRisk({
            input,
            qi,
            population,
            populationTable: o.populationTable as string | undefined,
            thresholds,
            curve: o.curve !== false,
            chartsDir: o.charts as string | undefined,
            copula: o.copula === true,
            sensitive: columnList(o.sensitive as string | undefined),
            onProgress: bar.onProgress,
          });
          bar.stop();
          if (o.json) {
            printJson(r);
            return 0;
          }
          const rows: (string | number)[][] = [
            ['records', r.records],
            ['equivalence classes', r.classes],
            ['population (N)', `${formatNumber(r.population.size)} (${r.population.source})`],
            ['sample uniqueness', pct(r.sampleUniqueness)],
            ...POPULATION_UNIQUENESS.map((e) => [
              `population uniqueness: ${e.label}`,
              pct(shareOf(r.populationUniqueness, e.id)),
            ]),
            [
              `population uniqueness: Dankar (${r.populationUniqueness.dankarModel})`,
              pct(r.populationUniqueness.dankar),
            ],
            ...attackerRows(r, r).map((x) => [x.label, show(x)]),
          ];
          printTable(['measure', 'value'], rows);
          process.stdout.write(wrap(`population assumption: ${r.assumption}`));
          process.stdout.write(wrap(`journalist and marketer: ${r.journalistBasis.statement}`));
          const note = estimatorNote(r);
          if (note) process.stdout.write(wrap(note));
          if (r.uniquenessCurve) {
            printTable(
              ['attributes', 'added', 'unique records', 'classes'],
              r.uniquenessCurve.points.map((p) => [p.attributes, p.added, pct(p.uniqueShare), p.classes]),
            );
          }
          if (r.copula) {
            printTable(
              ['copula (Gaussian, empirical marginals)', 'value'],
              [
                ['mean probability of being unique in the population', pct(r.copula.averageUniqueness)],
                ['mean probability a match is correct', pct(r.copula.averageCorrectness)],
                ...Object.entries(r.copula.recordsLikelyUnique).map(([k, v]) => [
                  `records with uniqueness > ${k}`,
                  pct(v),
                ]),
              ],
            );
          }
          if (r.article29) {
            const a = r.article29;
            printTable(
              ['Article 29 criterion', 'measured', 'at risk'],
              [
                [
                  'singling out: unique records',
                  pct(a.singlingOut.uniqueRecords),
                  a.singlingOut.atRisk ? 'yes' : 'no',
                ],
                [
                  `linkability: expected success (${a.linkability.source})`,
                  pct(a.linkability.expectedSuccessRate),
                  a.linkability.atRisk ? 'yes' : 'no',
                ],
                ...a.inference.attributes.map((x) => [
                  `inference on ${x.attribute}: records in homogeneous classes`,
                  pct(x.recordsInHomogeneousClasses),
                  x.recordsInHomogeneousClasses > 0 ? 'yes' : 'no',
                ]),
              ],
            );
          }
          if (r.charts) process.stdout.write(`charts: ${r.charts.join(', ')}\n`);
          return 0;
        } finally {
          bar.stop();
        }
      }),
    );
}
