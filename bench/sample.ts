/**
 * Throughput of the synthetic person generator: rows/s for generation alone and for the full
 * CSV writer (generate + encode + atomic file write), 1 M rows, single thread. Reports both wall
 * clock and CPU time, since shared machines make wall clock noisy.
 * Run: npx tsx bench/sample.ts [rows]
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeSample } from '../src/run/sample.js';
import { generate } from '../src/sample/generate.js';

const rows = Number(process.argv[2] ?? 1_000_000);

function measure(fn: () => Promise<void> | void): Promise<{ wall: number; cpu: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  return Promise.resolve(fn()).then(() => {
    const c = process.cpuUsage(c0);
    return { wall: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6 };
  });
}

/**
 * A pure integer loop timed alongside, in CPU time: ≈ 0.5 ns/iteration on an idle modern x86
 * core. Much higher values mean the machine was contended (shared or overcommitted vCPUs) and
 * the rows/s figures below understate what an idle core does.
 */
function calibrate(): number {
  const loop = (n: number) => {
    let s = 0;
    for (let i = 0; i < n; i++) s = (s + i * 7) | 0;
    return s;
  };
  loop(1e6);
  const c0 = process.cpuUsage();
  sink += loop(1e8);
  const c = process.cpuUsage(c0);
  return ((c.user + c.system) * 1e3) / 1e8;
}
let sink = 0;
const calibrationBefore = calibrate();

// Warm up: builds the tables (district list, alias tables) and lets V8 optimise.
for (const _ of generate({ rows: 20_000, seed: 9 }));

const gen = await measure(() => {
  for (const p of generate({ rows, seed: 1 })) sink += p.age;
});
const dir = mkdtempSync(join(tmpdir(), 'wuming-bench-sample-'));
const out = join(dir, 'people.csv');
const csv = await measure(async () => {
  await writeSample({ rows, seed: 1, out });
});
const bytes = statSync(out).size;
rmSync(dir, { recursive: true, force: true });
const calibrationAfter = calibrate();

const results = {
  rows,
  node: process.version,
  generate: {
    seconds: gen.wall,
    cpuSeconds: gen.cpu,
    rowsPerSecond: Math.round(rows / gen.wall),
    rowsPerCpuSecond: Math.round(rows / gen.cpu),
  },
  csv: {
    seconds: csv.wall,
    cpuSeconds: csv.cpu,
    rowsPerSecond: Math.round(rows / csv.wall),
    rowsPerCpuSecond: Math.round(rows / csv.cpu),
    bytes,
    bytesPerRow: Math.round(bytes / rows),
  },
  calibrationNsPerIteration: { before: calibrationBefore, after: calibrationAfter, idleReference: 0.5 },
  loadAverage: loadavg(),
  checksum: sink,
};
console.log(`sample generator, ${rows.toLocaleString('en-US')} rows`);
console.table({
  'generate (objects)': {
    seconds: gen.wall.toFixed(2),
    'rows/s': results.generate.rowsPerSecond,
    'rows/cpu-s': results.generate.rowsPerCpuSecond,
  },
  'CSV file': {
    seconds: csv.wall.toFixed(2),
    'rows/s': results.csv.rowsPerSecond,
    'rows/cpu-s': results.csv.rowsPerCpuSecond,
  },
});
console.log(
  `calibration loop: ${calibrationBefore.toFixed(2)} / ${calibrationAfter.toFixed(2)} ns per iteration (≈ 0.5 on an idle core); load average ${loadavg()
    .map((v) => v.toFixed(1))
    .join(' ')}`,
);
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/sample.json', `${JSON.stringify(results, null, 2)}\n`);
