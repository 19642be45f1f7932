import type { Command } from 'commander';
import { runAttack } from '../run/attack.js';
import { action, columnList, formatNumber, printJson, printTable, progressBar } from './common.js';
import { summaryOf } from './summaries.js';

const pct = (v: number | null) => (v === null ? 'n/a (no --id)' : `${formatNumber(v * 100)} %`);

export function register(program: Command): void {
  program
    .command('attack')
    .description(summaryOf('attack'))
    .requiredOption('--released <file>', 'the released (anonymized) file')
    .requiredOption('--auxiliary <file>', "the attacker's auxiliary file")
    .requiredOption('--on <cols>', 'comma-separated columns present in both files to link on')
    .option('--id <col>', 'ground-truth identifier present in both files, to score correct matches')
    .option(
      '--hierarchies <dir>',
      'ARX-format hierarchy files (<column>.csv or *_<column>.csv) deciding coverage',
    )
    .option(
      '--policy <file>',
      'decode generalized labels with the hierarchies this policy used (built over the auxiliary values)',
    )
    .option('--out <file>', 'write per-record results (CSV or Parquet by extension)')
    .option('--json', 'print one JSON object as the last line')
    .action(
      action(async (o: Record<string, string | boolean | undefined>) => {
        const bar = progressBar(!o.json);
        try {
          const r = await runAttack({
            released: String(o.released),
            auxiliary: String(o.auxiliary),
            on: columnList(String(o.on)) ?? [],
            id: o.id as string | undefined,
            hierarchiesDir: o.hierarchies as string | undefined,
            policy: o.policy as string | undefined,
            out: o.out as string | undefined,
            onProgress: bar.onProgress,
          });
          bar.stop();
          if (o.json) {
            printJson(r);
            return 0;
          }
          const lowHigh = (b: { low: number; high: number } | null) =>
            b && b.high > b.low ? ` (up to ${pct(b.high)})` : '';
          printTable(
            ['measure', 'value'],
            [
              ['auxiliary records', r.auxiliaryRecords],
              ['released records', r.releasedRecords],
              ['linked on', r.on.join(', ')],
              ['unique match', `${pct(r.uniqueMatches)}${lowHigh(r.bounds.uniqueMatches)}`],
              [
                'unique and correct match',
                `${pct(r.uniqueCorrectMatches)}${lowHigh(r.bounds.uniqueCorrectMatches)}`,
              ],
              ['true record among matches', pct(r.correctInMatches)],
              [
                'expected success rate',
                `${pct(r.expectedSuccessRate)}${lowHigh(r.bounds.expectedSuccessRate)}`,
              ],
              ['no match', pct(r.noMatch)],
              ['undecided', pct(r.undecidedRecords)],
              ...r.matchSizes
                .filter((m) => m.label !== 'undecided')
                .map((m) => [`match-set size ${m.label}`, pct(m.share)]),
            ],
          );
          for (const [c, n] of Object.entries(r.decoded))
            process.stdout.write(
              `column "${c}": ${n} generalized label(s) decoded through its hierarchy (${r.hierarchies[c]})\n`,
            );
          for (const [c, n] of Object.entries(r.undecided))
            process.stdout.write(
              `column "${c}": ${n} released value(s) could not be decoded${
                r.hierarchies[c]
                  ? ' for some auxiliary values outside the hierarchy'
                  : ' (give --hierarchies or --policy)'
              }\n`,
            );
          if (r.undecidedCount > 0)
            process.stdout.write(
              `${formatNumber(r.undecidedCount)} auxiliary record(s) are undecided: counted neither as matched nor as "no match"; the "up to" figures assume each turns out the attacker's way\n`,
            );
          if (r.out) process.stdout.write(`per-record results: ${r.out}\n`);
          return 0;
        } finally {
          bar.stop();
        }
      }),
    );
}
