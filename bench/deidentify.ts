/**
 * De-identification operator throughput: values per second on one core, per operator, over
 * column vectors of 2048 values (the engine's batch size), on synthetic Chinese identifiers.
 * Then the end-to-end job (read CSV → stream → operators → write CSV) on 1 M rows.
 * Run: npm run bench:deidentify  (BENCH_ROWS=200000 for a quicker run). Writes
 * bench/results/deidentify.json.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine } from '../src/engine/index.js';
import { KeyRing } from '../src/keys/keyfile.js';
import { type ActionName, operators } from '../src/operators/index.js';
import { seededRandom } from '../src/random.js';
import { deidentify, shorthandPlan } from '../src/run/deidentify.js';
import type { FakeKind } from '../src/transform/fake.js';
import { fakeValue } from '../src/transform/index.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const BATCH = 2048;
const keys = new KeyRing(Buffer.alloc(32, 5));

interface Case {
  name: string;
  op: ActionName;
  params: object;
  data: FakeKind | 'date' | 'number';
  /** Fraction of ROWS used (FPE of resident IDs cycle-walks ~5.5 FF1 calls per value). */
  share?: number;
}

const cases: Case[] = [
  { name: 'mask mobile', op: 'mask', params: { kind: 'mobile' }, data: 'mobile' },
  { name: 'mask resident_id', op: 'mask', params: { kind: 'resident_id' }, data: 'resident_id' },
  { name: 'mask name', op: 'mask', params: { kind: 'name' }, data: 'name' },
  { name: 'mask bank_card', op: 'mask', params: { kind: 'bank_card' }, data: 'bank_card' },
  { name: 'mask email', op: 'mask', params: { kind: 'email' }, data: 'email' },
  { name: 'mask address', op: 'mask', params: { kind: 'address' }, data: 'address', share: 0.2 },
  { name: 'token hex16 (HMAC-SHA-256)', op: 'token', params: {}, data: 'mobile' },
  { name: 'token digits12', op: 'token', params: { encoding: 'digits', length: 12 }, data: 'mobile' },
  { name: 'fpe mobile (FF1)', op: 'fpe', params: { kind: 'mobile' }, data: 'mobile', share: 0.1 },
  { name: 'fpe bank_card (FF1)', op: 'fpe', params: { kind: 'bank_card' }, data: 'bank_card', share: 0.1 },
  {
    name: 'fpe resident_id (FF1+walk)',
    op: 'fpe',
    params: { kind: 'resident_id' },
    data: 'resident_id',
    share: 0.02,
  },
  { name: 'date_shift', op: 'date_shift', params: { subject: 'pid' }, data: 'date' },
  { name: 'redact', op: 'redact', params: {}, data: 'mobile' },
  { name: 'replace constant', op: 'replace', params: { value: '***' }, data: 'mobile' },
  { name: 'replace random name', op: 'replace', params: { random: 'name' }, data: 'name', share: 0.2 },
  { name: 'noise laplace', op: 'noise', params: { scale: 2 }, data: 'number' },
  { name: 'round base 5', op: 'round', params: { base: 5 }, data: 'number' },
  { name: 'top_bottom', op: 'top_bottom', params: { top: 90, bottom: 18 }, data: 'number' },
];

function makeData(kind: Case['data'], n: number): string[] {
  const r = seededRandom(11);
  const out = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    if (kind === 'date') out[i] = `20${String(10 + r.int(15))}-0${1 + r.int(9)}-${10 + r.int(18)}`;
    else if (kind === 'number') out[i] = String(r.int(100));
    else out[i] = fakeValue(kind, r);
  }
  return out;
}

const results: {
  operator: string;
  values: number;
  seconds: number;
  valuesPerSecond: number;
  valuesPerCpuSecond: number;
}[] = [];
console.log(`operators, one core, ${ROWS.toLocaleString('en-US')} values (or the share shown)`);
for (const c of cases) {
  const n = Math.max(BATCH, Math.round(ROWS * (c.share ?? 1)));
  const data = makeData(c.data, n);
  const subjects = c.op === 'date_shift' ? data.map((_, i) => `P${i % 100000}`) : undefined;
  const t = operators[c.op].create(c.params, { column: 'c', keys, random: seededRandom(1) });
  // Warm up the JIT on one batch, then time the full run.
  t.apply(data.slice(0, BATCH), subjects?.slice(0, BATCH));
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  for (let i = 0; i < n; i += BATCH) t.apply(data.slice(i, i + BATCH), subjects?.slice(i, i + BATCH));
  const seconds = (performance.now() - t0) / 1000;
  // CPU time of this process: "per core" even when other jobs share the machine.
  const cu = process.cpuUsage(c0);
  const cpuSeconds = (cu.user + cu.system) / 1e6;
  const vps = Math.round(n / seconds);
  const vpcs = Math.round(n / cpuSeconds);
  results.push({ operator: c.name, values: n, seconds, valuesPerSecond: vps, valuesPerCpuSecond: vpcs });
  console.log(
    `${c.name.padEnd(30)} ${String(n).padStart(9)} values ${vps.toLocaleString('en-US').padStart(12)} /s wall ${vpcs.toLocaleString('en-US').padStart(12)} /s CPU`,
  );
}

// End to end: a 1 M-row CSV through the engine with mask + token (the two ≥ 500 k/s targets).
const dir = await mkdtemp(join(tmpdir(), 'wuming-bench-'));
const r = seededRandom(3);
const lines = ['id,name,phone,email,age'];
for (let i = 0; i < ROWS; i++)
  lines.push(
    `${fakeValue('resident_id', r)},${fakeValue('name', r)},${fakeValue('mobile', r)},u${i}@example.com,${r.int(90)}`,
  );
const input = join(dir, 'in.csv');
await writeFile(input, `${lines.join('\n')}\n`);
const engine = await createEngine();
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const res = await deidentify({
  engine,
  input,
  out: join(dir, 'out.csv'),
  plan: shorthandPlan({ mask: ['id', 'name', 'email'], token: ['phone'] }),
  keys,
});
const e2e = (performance.now() - t0) / 1000;
const cpuUse = process.cpuUsage(cpu0);
// CPU seconds of the whole process, DuckDB's threads included.
const e2eCpu = (cpuUse.user + cpuUse.system) / 1e6;
await engine.close();
await rm(dir, { recursive: true, force: true });
console.log(
  `end to end: ${ROWS.toLocaleString('en-US')} rows (3 masked + 1 token column) in ${e2e.toFixed(1)} s = ${Math.round(ROWS / e2e).toLocaleString('en-US')} rows/s wall, ${Math.round(ROWS / e2eCpu).toLocaleString('en-US')} rows per CPU-second`,
);

await mkdir('bench/results', { recursive: true });
await writeFile(
  'bench/results/deidentify.json',
  `${JSON.stringify(
    {
      date: new Date().toISOString(),
      node: process.version,
      loadAverage: loadavg(),
      cpu: cpus()[0]?.model,
      rows: ROWS,
      batch: BATCH,
      operators: results,
      endToEnd: {
        rows: res.rows,
        columns: 'mask id,name,email + token phone',
        seconds: e2e,
        rowsPerSecond: Math.round(ROWS / e2e),
      },
    },
    null,
    2,
  )}\n`,
);
