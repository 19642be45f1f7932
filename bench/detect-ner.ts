/**
 * Names, places and organisations in real Chinese text: per-type precision, recall and span F1
 * (exact, and half overlap) on the held-out test splits of MSRA NER (SIGHAN 2006, news) and Weibo
 * NER (Peng & Dredze 2015, revised by He & Sun; social media, named mentions), for
 *   - rules:    the rule detectors alone (PERSON_NAME → PER, ADDRESS → LOC),
 *   - model:    the character sequence model alone (src/detect/ner/),
 *   - combined: what detectText reports (rules + model, src/detect/ner/combine.ts), with the
 *               opt-in organizationDetector for ORG,
 *   - jieba:    jieba's POS tags (nr → PER, ns → LOC, nt → ORG), a common baseline.
 * Neither split was trained or tuned on (scripts/train-ner/README.md). Then model-path throughput
 * in MB/s of UTF-8 per core (CPU time; with and without the opt-in dense network), the model's
 * load time, and the start-up of `wuming detect` on a two-line file (the built CLI, dist/). Mixed
 * text (prose with some PI lines) is bench/detect.ts's throughput figure, model included.
 *
 * MSRA states no licence, so its test split is not in the repository: it is fetched into the
 * git-ignored bench/cache/ner/ (from the git checkout named by WUMING_NER_MSRA, else by HTTPS
 * from the pinned commit; scripts/train-ner/corpora.ts). Without it the MSRA rows are skipped,
 * saying so, and throughput is measured on the Weibo messages instead.
 *
 *   [WUMING_NER_MSRA=<git dir>] npx tsx bench/detect-ner.ts      (writes bench/results/detect-ner.json)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { msraTest, weiboTest } from '../scripts/train-ner/corpora.js';
import type { Sentence } from '../scripts/train-ner/prepare-types.js';
import { detectText, organizationDetector } from '../src/detect/index.js';
import { DENSE_PATH, DENSE_WASM_PATH, loadDense } from '../src/detect/ner/dense.js';
import { loadModel, MODEL_PATH, tagEntities } from '../src/detect/ner/index.js';
import { LINEAR_WASM_PATH } from '../src/detect/ner/linear.js';
import { Decoder } from '../src/detect/ner/model.js';
import {
  countSpans,
  prf,
  type ScoredSpan,
  type SpanCounts,
  spansPerSentence,
} from '../src/detect/ner/score.js';

const msra = await msraTest();
const splits: [string, Sentence[]][] = [];
if ('absent' in msra) process.stdout.write(`\n${msra.absent}\nSkipping the MSRA figures.\n`);
else splits.push(['msra-test', msra]);
splits.push(['weibo-test', weiboTest()]);

const c0 = process.cpuUsage();
loadModel();
tagEntities('张三'); // the kernel's WebAssembly compilation, the word lists
const lc = process.cpuUsage(c0);
const loadMs = (lc.user + lc.system) / 1000;
const c1 = process.cpuUsage();
loadDense();
tagEntities('张三', new Decoder(), { network: true });
const nc = process.cpuUsage(c1);
const networkLoadMs = (nc.user + nc.system) / 1000;

const TO_NER: Record<string, string> = { PERSON_NAME: 'PER', ADDRESS: 'LOC', ORGANIZATION: 'ORG' };
const rules = (text: string): ScoredSpan[] =>
  detectText(text, { types: ['PERSON_NAME', 'ADDRESS'], model: false }).map((f) => ({
    ...f,
    type: TO_NER[f.type],
  }));
const combined = (text: string): ScoredSpan[] =>
  detectText(text, { types: ['PERSON_NAME', 'ADDRESS', 'ORGANIZATION'], extra: [organizationDetector] }).map(
    (f) => ({ ...f, type: TO_NER[f.type] }),
  );
const model = (text: string): ScoredSpan[] => tagEntities(text);

/** jieba (via @node-rs/jieba, a dev dependency) if installed. */
function jiebaTagger(): ((text: string) => ScoredSpan[]) | undefined {
  try {
    const require = createRequire(import.meta.url);
    const { Jieba } = require('@node-rs/jieba') as {
      Jieba: { withDict(d: Uint8Array): { tag(t: string): { tag: string; word: string }[] } };
    };
    const { dict } = require('@node-rs/jieba/dict') as { dict: Uint8Array };
    const j = Jieba.withDict(dict);
    const map: Record<string, string> = { nr: 'PER', ns: 'LOC', nt: 'ORG' };
    return (text) => {
      const out: ScoredSpan[] = [];
      let pos = 0;
      for (const { tag, word } of j.tag(text)) {
        const at = text.indexOf(word, pos);
        const start = at >= 0 ? at : pos;
        if (map[tag]) out.push({ start, end: start + word.length, type: map[tag] });
        pos = start + word.length;
      }
      return out;
    };
  } catch {
    return undefined;
  }
}

/**
 * `*-doc`: the same system reading the split as one file (sentences joined by \n in chunks of
 * 64 K characters, as `wuming detect` reads), where tagEntities' one-name-per-discourse evidence
 * applies across sentences; the other rows tag each sentence on its own.
 */
const systems: [string, (t: string) => ScoredSpan[]][] = [
  ['rules', rules],
  ['model', model],
  ['model-doc', model],
  ['combined', combined],
  ['combined-doc', combined],
];
const jieba = jiebaTagger();
if (jieba) systems.push(['jieba-pos', jieba]);

/**
 * Published figures on the same test splits (span F1, all types pooled; the papers give no
 * per-type breakdown): MSRA — Dong et al. 2016 (character BiLSTM-CRF with radicals, NLPCC) 90.95,
 * Zhang & Yang 2018 (Lattice LSTM, ACL) 93.18. Weibo (revised data, named mentions) — Peng &
 * Dredze 2016 (BiLSTM-CRF with segmentation, ACL) 55.28, He & Sun 2017b 54.50, Lattice LSTM 53.04
 * (figures from the golden-horse supplement and the Lattice LSTM paper).
 */
const PUBLISHED: Record<string, Record<string, number>> = {
  'msra-test': { 'Dong et al. 2016 BiLSTM-CRF': 0.9095, 'Zhang & Yang 2018 Lattice LSTM': 0.9318 },
  'weibo-test': {
    'Peng & Dredze 2016 BiLSTM-CRF': 0.5528,
    'He & Sun 2017b': 0.545,
    'Zhang & Yang 2018 Lattice LSTM': 0.5304,
  },
};

const f3 = (x: number) => x.toFixed(3);
const results: Record<string, unknown> = {};
const lines: string[] = [];
for (const [split, rows] of splits) {
  lines.push(`\n${split}: ${rows.length} sentences (held out; never trained on)`);
  lines.push(`${'system'.padEnd(12)} type  gold   exact P     R    F1   half P     R    F1`);
  const bySystem: Record<string, unknown> = {};
  for (const [name, run] of systems) {
    const counts = new Map<string, SpanCounts>();
    const predicted = name.endsWith('-doc')
      ? spansPerSentence(
          rows.map((r) => r.text),
          run,
        )
      : rows.map((r) => run(r.text));
    rows.forEach((r, i) => {
      countSpans(
        r.spans.map(([start, end, type]) => ({ start, end, type })),
        predicted[i],
        counts,
      );
    });
    const per: Record<string, unknown> = {};
    const pool = { gold: 0, predicted: 0, exact: 0, half: 0 };
    for (const t of ['PER', 'LOC', 'ORG']) {
      const c = counts.get(t);
      if (!c || c.gold === 0) continue;
      if (name === 'rules' && t === 'ORG') continue; // the rule detectors have no organisation type
      pool.gold += c.gold;
      pool.predicted += c.predicted;
      pool.exact += c.exact;
      pool.half += c.half;
      const e = prf(c.exact, c.predicted, c.gold);
      const h = prf(c.half, c.predicted, c.gold);
      per[t] = { gold: c.gold, predicted: c.predicted, exact: round(e), half: round(h) };
      lines.push(
        `${name.padEnd(12)} ${t}  ${String(c.gold).padStart(5)}   ${f3(e.precision)} ${f3(e.recall)} ${f3(e.f1)}   ${f3(h.precision)} ${f3(h.recall)} ${f3(h.f1)}`,
      );
    }
    const all = prf(pool.exact, pool.predicted, pool.gold);
    per.pooled = round(all);
    if (name.startsWith('model') || name === 'jieba-pos')
      lines.push(`${name.padEnd(12)} all types pooled, exact F1 ${f3(all.f1)}`);
    bySystem[name] = per;
  }
  for (const [who, f] of Object.entries(PUBLISHED[split]))
    lines.push(`published  ${who}: ${f3(f)} (all types pooled, exact)`);
  if (!jieba) lines.push('jieba-pos: @node-rs/jieba not installed, baseline skipped');
  results[split] = bySystem;
}

// Throughput of the model path on the MSRA test text (news prose), one line per sentence; about
// the same amount of Weibo text when MSRA is absent.
const [proseName, proseRows] = splits[0];
const prose = proseRows.map((r) => r.text).join('\n');
const big = Array.from({ length: Math.ceil(4e6 / Buffer.byteLength(prose)) }, () => prose).join('\n');
/** Each run gets a different string (`big` + run number): the detectors share one tagging pass
 * per string, which must not turn later runs into cache hits. */
function mbPerCpuSecond(fn: (text: string) => void, bytes: number): number {
  fn(`${big}\n-1`); // warm-up
  const runs: number[] = [];
  for (let k = 0; k < 3; k++) {
    const text = `${big}\n${k}`;
    const c0 = process.cpuUsage();
    fn(text);
    const c = process.cpuUsage(c0);
    runs.push(bytes / 1e6 / ((c.user + c.system) / 1e6));
  }
  return runs.sort((a, b) => a - b)[1];
}
const bytes = Buffer.byteLength(big);
// The default model path (the linear model, session 7) and with the opt-in dense network.
const tagMBs = mbPerCpuSecond((t) => tagEntities(t), bytes);
const networkDecoder = new Decoder();
const networkMBs = mbPerCpuSecond((t) => tagEntities(t, networkDecoder, { network: true }), bytes);
const withModelMBs = mbPerCpuSecond((t) => detectText(t), bytes);
const withNetworkMBs = mbPerCpuSecond((t) => detectText(t, { network: true }), bytes);
const rulesOnlyMBs = mbPerCpuSecond((t) => detectText(t, { model: false }), bytes);
const load = loadavg()
  .map((x) => x.toFixed(1))
  .join(' ');
lines.push('');
lines.push(
  `throughput (one core, CPU time, load average ${load}; ${(bytes / 1e6).toFixed(1)} MB of ${proseName} text): ` +
    `model alone ${tagMBs.toFixed(2)} MB/s (with the opt-in dense network ${networkMBs.toFixed(2)}), ` +
    `all detectors with the model ${withModelMBs.toFixed(2)} MB/s (with the network ${withNetworkMBs.toFixed(2)}), ` +
    `rules alone ${rulesOnlyMBs.toFixed(2)} MB/s; the model path costs ${(rulesOnlyMBs / withModelMBs).toFixed(1)}× the rules' CPU`,
);
const fileBytes = [MODEL_PATH, LINEAR_WASM_PATH].reduce((s, p) => s + readFileSync(p).length, 0);
const networkBytes = [DENSE_PATH, DENSE_WASM_PATH].reduce((s, p) => s + readFileSync(p).length, 0);
lines.push(
  `model: ${(fileBytes / 1e6).toFixed(1)} MB (data/ner/model.bin, linear.wasm), loaded with its word lists in ${loadMs.toFixed(0)} ms of CPU; ` +
    `the opt-in network ${(networkBytes / 1e6).toFixed(1)} MB (dense.bin, dense.wasm), ${networkLoadMs.toFixed(0)} ms more`,
);
const start = startup();
lines.push(
  start
    ? `start-up: \`wuming detect\` on a two-line file (dist/cli, ${start.length} runs): wall ${start.map((r) => r.wallMs.toFixed(0)).join(' ')} ms, ` +
        `CPU ${start.map((r) => r.cpuMs.toFixed(0)).join(' ')} ms (load average ${load})`
    : 'start-up: dist/cli/main.js not built (npm run build), skipped',
);
process.stdout.write(`${lines.join('\n')}\n`);

mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(
  new URL('./results/detect-ner.json', import.meta.url),
  `${JSON.stringify(
    {
      results,
      published: PUBLISHED,
      throughputText: proseName,
      loadAverage: loadavg().map(r3),
      throughputMBs: {
        model: r3(tagMBs),
        modelWithNetwork: r3(networkMBs),
        detectWithModel: r3(withModelMBs),
        detectWithNetwork: r3(withNetworkMBs),
        detectRulesOnly: r3(rulesOnlyMBs),
      },
      modelBytes: fileBytes,
      networkBytes,
      loadMs: Math.round(loadMs),
      networkLoadMs: Math.round(networkLoadMs),
      startup: start,
    },
    null,
    2,
  )}\n`,
);

/**
 * `wuming detect --json` (the built CLI) on a two-line file, five runs: wall time, and the child's
 * own CPU time (user + system, reported by an --import hook at exit).
 */
function startup(): { wallMs: number; cpuMs: number }[] | undefined {
  const cli = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
  if (!existsSync(cli)) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'wuming-bench-'));
  const file = join(dir, 'two-lines.txt');
  writeFileSync(file, '联系人王小明，电话13800138000，住址上海市浦东新区世纪大道100号。\n会议改到下周三。\n');
  const hook =
    'process.on("exit",()=>{const c=process.cpuUsage();process.stderr.write("\\ncpu-us "+(c.user+c.system)+"\\n")})';
  const out: { wallMs: number; cpuMs: number }[] = [];
  try {
    for (let k = 0; k < 5; k++) {
      const t0 = performance.now();
      const r = spawnSync(
        process.execPath,
        ['--import', `data:text/javascript,${encodeURIComponent(hook)}`, cli, 'detect', file, '--json'],
        { encoding: 'utf8' },
      );
      const wallMs = performance.now() - t0;
      const m = /cpu-us (\d+)/.exec(r.stderr);
      if (r.status !== 0 || !m) throw new Error(`wuming detect failed: ${r.stderr}`);
      out.push({ wallMs: Math.round(wallMs), cpuMs: Math.round(Number(m[1]) / 1000) });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

function r3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
function round(p: { precision: number; recall: number; f1: number }) {
  return { precision: r3(p.precision), recall: r3(p.recall), f1: r3(p.f1) };
}
