import type { Command } from 'commander';
import { MAX_SEED, writeSample } from '../run/sample.js';
import { action, formatNumber, parseNumber, printJson, progressBar } from './common.js';
import { summaryOf } from './summaries.js';

export function register(program: Command): void {
  program
    .command('sample')
    .description(summaryOf('sample'))
    .requiredOption('--out <file>', 'output file; .parquet writes Parquet, otherwise CSV')
    .option('--rows <n>', 'number of people', '10000')
    .option('--seed <s>', 'random seed; the same seed always gives the same rows', '1')
    .option('--json', 'print one JSON object as the last line')
    .action(
      action(async (o: { out: string; rows: string; seed: string; json?: boolean }) => {
        const rows = parseNumber('rows', o.rows, { integer: true, min: 0, max: 1e9 }) as number;
        const seed = parseNumber('seed', o.seed, {
          integer: true,
          min: 0,
          max: MAX_SEED,
        }) as number;
        const bar = progressBar(!o.json);
        let r: Awaited<ReturnType<typeof writeSample>>;
        try {
          r = await writeSample({ rows, seed, out: o.out, onProgress: bar.onProgress });
        } finally {
          bar.stop();
        }
        if (o.json)
          printJson({ rows: r.rows, seed: r.seed, out: r.out, seconds: Number(r.seconds.toFixed(3)) });
        else
          process.stdout.write(
            `wrote ${formatNumber(r.rows)} synthetic people (seed ${r.seed}) to ${r.out} in ${r.seconds.toFixed(2)} s\n`,
          );
        return 0;
      }),
    );
}
