import type { Command } from 'commander';
import { likelySubjectColumns, scan, writeProposedPolicy } from '../run/scan.js';
import { action, parseNumber, printJson, printTable, progressBar } from './common.js';
import { summaryOf } from './summaries.js';

export function register(program: Command): void {
  program
    .command('scan')
    .description(summaryOf('scan'))
    .argument('<file>', 'CSV (UTF-8 or GBK), Parquet or JSON file')
    .option('--sample <rows>', 'rows sampled for content detection', '10000')
    .option('--seed <n>', 'seed of the row sample', '42')
    .option('--propose-policy <file>', 'write a proposed policy (YAML) to this file')
    .option('--delimiter <char>', 'CSV delimiter (default: detected)')
    .option('--json', 'print one JSON object')
    .action(
      action(
        async (
          file: string,
          o: { sample: string; seed: string; proposePolicy?: string; delimiter?: string; json?: boolean },
        ) => {
          const bar = progressBar(!o.json);
          const inv = await scan(file, {
            sampleSize: parseNumber('sample', o.sample, { min: 1, integer: true }),
            seed: parseNumber('seed', o.seed, { integer: true }),
            delimiter: o.delimiter,
            onProgress: bar.onProgress,
          });
          bar.stop();
          if (o.proposePolicy) {
            await writeProposedPolicy(o.proposePolicy, inv);
          }
          if (o.json) {
            printJson(inv);
            return 0;
          }
          process.stdout.write(
            `${file}: ${inv.rows.toLocaleString('en-US')} rows, ${inv.columns.length} columns; ${inv.sampled ? `${inv.sampleSize.toLocaleString('en-US')} rows sampled` : 'all rows inspected'}\n`,
          );
          printTable(
            ['column', 'PI types (share)', 'role', 'PIPL', 'GB/T 35273', 'confidence'],
            inv.columns.map((c) => [
              c.column,
              c.types.map((t) => `${t.type} ${sharePct(t.share)}`).join(', ') || '—',
              // Words, not ids, so that a narrow terminal wraps them instead of cutting them.
              c.role.replaceAll('_', ' '),
              c.pipl.sensitiveCategory
                ? `sensitive: ${c.pipl.sensitiveCategory.replaceAll('_', ' ')}`
                : c.pipl.category.replaceAll('_', ' '),
              c.gbt35273,
              c.confidence.toFixed(2),
            ]),
          );
          const subject = likelySubjectColumns(inv)[0];
          if (subject)
            process.stdout.write(
              `longitudinal data: ${subject.column} looks like a person identifier that repeats (${subject.rowsPerValue} rows per value); count people, not rows: declare it as the subject column\n`,
            );
          if (o.proposePolicy) process.stdout.write(`proposed policy written to ${o.proposePolicy}\n`);
          return 0;
        },
      ),
    );
}

/** A share as a percentage that never reads "0%" for a type that was found (free text keeps rare types). */
function sharePct(share: number): string {
  return share > 0 && share < 0.005 ? '<1%' : `${(share * 100).toFixed(0)}%`;
}
