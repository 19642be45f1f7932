import { runHashAttackDemo } from '../run/keys.js';
import { action, formatNumber, printJson, printTable, type Register } from './common.js';
import { summaryOf } from './summaries.js';

const human = (s: number): string =>
  s < 120
    ? `${s.toFixed(1)} s`
    : s < 7200
      ? `${(s / 60).toFixed(1)} min`
      : s < 172800
        ? `${(s / 3600).toFixed(1)} h`
        : `${(s / 86400).toFixed(1)} days`;

export const register: Register = (program) => {
  program
    .command('hash-attack-demo')
    .description(summaryOf('hash-attack-demo'))
    .option('--seconds <n>', 'how long to measure the hash rate', '1')
    .option('--json', 'print one JSON object')
    .action(
      action(async (o: { seconds: string; json?: boolean }) => {
        const r = runHashAttackDemo({ measureSeconds: Math.max(0.2, Number(o.seconds) || 1) });
        if (o.json) {
          printJson(r);
          return 0;
        }
        printTable(
          ['measure', 'value'],
          [
            ['SHA-256 of mobile numbers / s / core (measured)', r.hashesPerSecondPerCore],
            ['valid mobile numbers 1[3-9]X·10^8', r.candidates],
            ['time to hash them all, 1 core', human(r.secondsOneCore)],
            [`time to hash them all, ${r.cores} cores`, human(r.secondsAllCores)],
            [
              `demo: slice ${r.demo.head}xxxxxx (${formatNumber(r.demo.sliceSize)} numbers)`,
              `${r.demo.recovered}/${r.demo.targets} hashes reversed in ${r.demo.seconds.toFixed(2)} s`,
            ],
          ],
        );
        process.stdout.write(
          'An unkeyed hash of a phone number is a lookup table away from the number: this machine alone enumerates every\n' +
            'valid number in the time above, and a GPU is orders of magnitude faster. Wuming tokens use HMAC-SHA-256 with a\n' +
            '256-bit key (wuming keygen): without the key there is nothing to enumerate.\n',
        );
        return 0;
      }),
    );
};
