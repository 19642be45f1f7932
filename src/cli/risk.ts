import type { Command } from 'commander';
import { runRisk } from '../run/risk.js';
import {
  action,
  columnList,
  formatNumber,
  parseNumber,
  printJson,
  printTable,
  progressBar,
} from './common.js';

const pct = (v: number | null) => (v === null ? 'n/a' : `${formatNumber(v * 100)} %`);

export function register(program: Command): void {
  program
    .command('risk')
    .description(
      'Measure re-identification risk: prosecutor, journalist, marketer, sample and population uniqueness',
    )
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
            ['population uniqueness: Pitman', pct(r.populationUniqueness.pitman)],
            ['population uniqueness: Zayatz', pct(r.populationUniqueness.zayatz)],
            ['population uniqueness: SNB', pct(r.populationUniqueness.snb)],
            [
              `population uniqueness: Dankar (${r.populationUniqueness.dankarModel})`,
              pct(r.populationUniqueness.dankar),
            ],
            ['prosecutor: highest', formatNumber(r.prosecutor.highest)],
            ['prosecutor: average', formatNumber(r.prosecutor.average)],
            ...r.thresholds.map((t) => [
              `prosecutor: records above ${t}`,
              pct(r.prosecutor.recordsAbove[String(t)]),
            ]),
            ['journalist: F from', r.journalistModel],
            ['journalist: highest', formatNumber(r.journalist.highest)],
            ['journalist: average', formatNumber(r.journalist.average)],
            ...r.thresholds.map((t) => [
              `journalist: records above ${t}`,
              pct(r.journalist.recordsAbove[String(t)]),
            ]),
            ['marketer (expected share re-identified)', pct(r.marketer)],
          ];
          printTable(['measure', 'value'], rows);
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
