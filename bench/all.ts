/**
 * `npm run bench`: every benchmark in sequence, each in its own process (so peak memory and
 * start-up are measured per job), each writing its figures to bench/results/<name>.json for
 * run-to-run comparison. Sizes are the defaults of each script; pass `--quick` for smaller ones.
 */
import { spawnSync } from 'node:child_process';

const quick = process.argv.includes('--quick');
const jobs: [string, string[]][] = [
  ['detect', []],
  ['detect-ner', []],
  ['detect-address', []],
  ['deidentify', []],
  ['sample', [quick ? '200000' : '1000000']],
  ['anonymize', quick ? ['--quick'] : []],
  ['risk', [quick ? '1000000' : '10000000']],
  ['dp', quick ? ['--quick'] : []],
];
let failed = 0;
for (const [name, args] of jobs) {
  process.stdout.write(`\n=== bench:${name} ${args.join(' ')}\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', `bench/${name}.ts`, ...args], {
    stdio: 'inherit',
  });
  if (r.status !== 0) {
    failed++;
    process.stdout.write(`bench:${name} failed (exit ${r.status})\n`);
  }
}
process.exitCode = failed ? 1 : 0;
