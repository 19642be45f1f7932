/**
 * PI detection benchmark: per-type precision, recall and F1 on all labelled evaluation files in
 * data/eval/detect/ pooled (exact span and type; a relaxed overlap score too), and throughput in MB/s
 * of UTF-8 text on one core. Run: npx tsx bench/detect.ts  (writes bench/results/detect.json)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { detectLines, detectText } from '../src/detect/index.js';
import { loadEvalFiles } from '../test/detect/fixtures/score.js';

interface Span {
  start: number;
  end: number;
  type: string;
}
interface Row {
  text: string;
  spans: Span[];
}

// Every evaluation file pooled (generated, tuned and held-out; see test/detect/fixtures/score.ts).
// Quality per file, with the held-out sets apart, is `npm run bench:detect-heldout`.
const evalFiles = loadEvalFiles();
const files = evalFiles.map((f) => f.id);
const rows: (Row & { file: string })[] = evalFiles.flatMap((f) => f.rows.map((r) => ({ ...r, file: f.id })));

interface Counts {
  tp: number;
  fp: number;
  fn: number;
  rtp: number;
  rfp: number;
  rfn: number;
}
const counts = new Map<string, Counts>();
const get = (t: string) => {
  let c = counts.get(t);
  if (!c) {
    c = { tp: 0, fp: 0, fn: 0, rtp: 0, rfp: 0, rfn: 0 };
    counts.set(t, c);
  }
  return c;
};
const errors: string[] = [];
const verbose = process.argv.includes('--errors');
for (const r of rows) {
  const found = detectText(r.text);
  const key = (s: Span) => `${s.start}:${s.end}:${s.type}`;
  const gold = new Set(r.spans.map(key));
  const got = new Set(found.map(key));
  for (const s of r.spans) {
    get(s.type);
    if (got.has(key(s))) get(s.type).tp++;
    else {
      get(s.type).fn++;
      if (verbose) errors.push(`FN ${s.type} «${r.text.slice(s.start, s.end)}» in ${r.text}`);
    }
    if (found.some((f) => f.type === s.type && f.start < s.end && s.start < f.end)) get(s.type).rtp++;
    else get(s.type).rfn++;
  }
  for (const f of found) {
    if (!gold.has(key(f))) {
      get(f.type).fp++;
      if (verbose) errors.push(`FP ${f.type} «${r.text.slice(f.start, f.end)}» ${f.score} in ${r.text}`);
    }
    if (!r.spans.some((s) => s.type === f.type && f.start < s.end && s.start < f.end)) get(f.type).rfp++;
  }
}

const f1 = (tp: number, fp: number, fn: number) => {
  const p = tp + fp ? tp / (tp + fp) : 1;
  const rc = tp + fn ? tp / (tp + fn) : 1;
  return { precision: p, recall: rc, f1: p + rc ? (2 * p * rc) / (p + rc) : 0 };
};
const perType: Record<
  string,
  { support: number; precision: number; recall: number; f1: number; relaxedF1: number }
> = {};
const lines: string[] = [];
lines.push(
  `${'type'.padEnd(20)} ${'support'.padStart(7)} ${'P'.padStart(6)} ${'R'.padStart(6)} ${'F1'.padStart(6)} ${'F1~'.padStart(6)}`,
);
let all = { tp: 0, fp: 0, fn: 0 };
for (const [t, c] of [...counts.entries()].sort()) {
  const m = f1(c.tp, c.fp, c.fn);
  const rm = f1(c.rtp, c.rfp, c.rfn);
  perType[t] = { support: c.tp + c.fn, ...round3(m), relaxedF1: round3(rm).f1 };
  all = { tp: all.tp + c.tp, fp: all.fp + c.fp, fn: all.fn + c.fn };
  lines.push(
    `${t.padEnd(20)} ${String(c.tp + c.fn).padStart(7)} ${m.precision.toFixed(3).padStart(6)} ${m.recall.toFixed(3).padStart(6)} ${m.f1.toFixed(3).padStart(6)} ${rm.f1.toFixed(3).padStart(6)}`,
  );
}
const micro = f1(all.tp, all.fp, all.fn);
lines.push(
  `${'ALL (micro)'.padEnd(20)} ${String(all.tp + all.fn).padStart(7)} ${micro.precision.toFixed(3).padStart(6)} ${micro.recall.toFixed(3).padStart(6)} ${micro.f1.toFixed(3).padStart(6)}`,
);
const group = (types: string[]) => {
  const s = types.reduce(
    (a, t) => {
      const c = counts.get(t);
      return c ? { tp: a.tp + c.tp, fp: a.fp + c.fp, fn: a.fn + c.fn } : a;
    },
    { tp: 0, fp: 0, fn: 0 },
  );
  return round3(f1(s.tp, s.fp, s.fn)).f1;
};
const checksumF1 = group(['CN_RESIDENT_ID', 'BANK_CARD', 'CN_USCC', 'IMEI']);
const namesAddressF1 = group(['PERSON_NAME', 'ADDRESS']);

// Throughput: (a) the evaluation sentences themselves (dense PI), (b) mixed text where one line
// in five carries PI and the rest is ordinary prose in Chinese and English.
const PROSE = [
  '今天的会议主要讨论了下一季度的产品规划和市场推广策略，大家发言积极。',
  '根据最新的统计数据，全国居民人均可支配收入继续保持稳定增长。',
  'The quarterly report shows steady growth in revenue across all regions, with costs under control.',
  '请各部门在本周五之前提交年度预算，逾期将影响后续审批流程。',
  'We recommend updating the dependencies and running the full test suite before the release.',
  '这家餐厅的招牌菜是红烧肉和清蒸鱼，周末经常需要排队。',
  '天气预报说明天有小雨，气温在十五到二十度之间，出门记得带伞。',
  'Customers can return items within thirty days if they keep the original receipt.',
];
function corpus(dense: boolean, targetBytes: number): string {
  const parts: string[] = [];
  let bytes = 0;
  let i = 0;
  while (bytes < targetBytes) {
    const line = dense || i % 5 === 0 ? rows[i % rows.length].text : PROSE[i % PROSE.length];
    parts.push(line);
    bytes += Buffer.byteLength(line) + 1;
    i++;
  }
  return parts.join('\n');
}
function throughput(text: string): number {
  const bytes = Buffer.byteLength(text);
  // Warm-up so the figure is the JIT-compiled steady state that a large file sees.
  for (let i = 0; i < 3; i++) detectLines(text.slice(i * 1_000_000, (i + 1) * 1_000_000));
  // CPU time of this process, not wall time: the figure is per core and less sensitive to other
  // load on the machine; the median of three runs is reported.
  const runs: number[] = [];
  for (let k = 0; k < 3; k++) {
    const c0 = process.cpuUsage();
    detectLines(text);
    const c = process.cpuUsage(c0);
    runs.push(bytes / 1e6 / ((c.user + c.system) / 1e6));
  }
  return runs.sort((a, b) => a - b)[1];
}
const denseMBs = throughput(corpus(true, 8e6));
const mixedMBs = throughput(corpus(false, 8e6));

lines.push('');
lines.push(`sentences: ${rows.length} (${files.join(', ')})`);
lines.push(
  `checksum-bearing identifiers F1: ${checksumF1.toFixed(3)}   names + addresses F1: ${namesAddressF1.toFixed(3)}`,
);
lines.push(
  `throughput: ${mixedMBs.toFixed(1)} MB/s mixed text, ${denseMBs.toFixed(1)} MB/s PI-dense sentences (one core)`,
);
process.stdout.write(`${lines.join('\n')}\n`);
if (verbose) process.stdout.write(`${errors.join('\n')}\n`);

mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(
  new URL('./results/detect.json', import.meta.url),
  `${JSON.stringify({ sentences: rows.length, files, perType, micro: round3(micro), checksumF1, namesAddressF1, throughputMBs: { mixed: round3({ v: mixedMBs }).v, dense: round3({ v: denseMBs }).v } }, null, 2)}\n`,
);

function round3<T extends Record<string, number>>(o: T): T {
  const r = {} as Record<string, number>;
  for (const [k, v] of Object.entries(o)) r[k] = Math.round(v * 1000) / 1000;
  return r as T;
}
