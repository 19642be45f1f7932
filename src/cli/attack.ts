import type { Command } from 'commander';
import { runAttack } from '../run/attack.js';
import { action, columnList, formatNumber, printJson, printTable, progressBar } from './common.js';

const pct = (v: number | null) => (v === null ? 'n/a (no --id)' : `${formatNumber(v * 100)} %`);

export function register(program: Command): void {
  program
    .command('attack')
    .description(
      'Linkage attack: link an auxiliary table to a released (anonymized) table and measure re-identification',
    )
    .requiredOption('--released <file>', 'the released (anonymized) file')
    .requiredOption('--auxiliary <file>', "the attacker's auxiliary file")
    .requiredOption('--on <cols>', 'comma-separated columns present in both files to link on')
    .option('--id <col>', 'ground-truth identifier present in both files, to score correct matches')
    .option(
      '--hierarchies <dir>',
      'ARX-format hierarchy files (<column>.csv or *_<column>.csv) deciding coverage',
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
            out: o.out as string | undefined,
            onProgress: bar.onProgress,
          });
          bar.stop();
          if (o.json) {
            printJson(r);
            return 0;
          }
          printTable(
            ['measure', 'value'],
            [
              ['auxiliary records', r.auxiliaryRecords],
              ['released records', r.releasedRecords],
              ['linked on', r.on.join(', ')],
              ['unique match', pct(r.uniqueMatches)],
              ['unique and correct match', pct(r.uniqueCorrectMatches)],
              ['true record among matches', pct(r.correctInMatches)],
              ['expected success rate', pct(r.expectedSuccessRate)],
              ['no match', pct(r.noMatch)],
              ...r.matchSizes.map((m) => [`match-set size ${m.label}`, pct(m.share)]),
            ],
          );
          for (const [c, n] of Object.entries(r.undecided))
            process.stderr.write(
              `wuming: note: column "${c}": ${n} text range value(s) without a hierarchy were counted as covering\n`,
            );
          if (r.out) process.stdout.write(`per-record results: ${r.out}\n`);
          return 0;
        } finally {
          bar.stop();
        }
      }),
    );
}
