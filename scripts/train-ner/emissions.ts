/**
 * Linear-model emission scores for the dense network's stacked input (train_dense.py --stack):
 * for the sentences of the k-th of K blocks (the block train.ts --fold k --folds K left out), or
 * of a development split, the 13 label scores per character of the given model, in its weight
 * units (Float32, little-endian, sentences concatenated in corpus order), to
 * scripts/train-ner/work/emissions-<name>.bin (git-ignored).
 *
 *   npx tsx scripts/train-ner/emissions.ts --model m.bin (--fold k --folds K [--dev] | --split msra-dev|weibo-dev)
 */
import { writeFileSync } from 'node:fs';
import { Decoder, loadModel, N_LABELS } from '../../src/detect/ner/model.js';
import type { Sentence } from './prepare-types.js';
import { msraDevStart, readWork } from './work.js';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

const { header, weights } = loadModel(arg('model'));
const msraAll = readWork('msra-train.jsonl');
const cut = process.argv.includes('--dev') || arg('split') ? msraDevStart(msraAll.length) : msraAll.length;
let rows: Sentence[];
let name: string;
const split = arg('split');
if (split === 'msra-dev') rows = msraAll.slice(cut);
else if (split === 'weibo-dev') rows = readWork('weibo-dev.jsonl');
else {
  const K = Number(arg('folds'));
  const k = Number(arg('fold'));
  const block = (r: Sentence[]) => r.filter((_, i) => Math.floor((i * K) / r.length) === k);
  rows = [...block(msraAll.slice(0, cut)), ...block(readWork('weibo-train.jsonl'))];
  name = `fold${k}of${K}${process.argv.includes('--dev') ? '-dev' : ''}`;
}
name ??= split as string;
const dec = new Decoder();
const total = rows.reduce((s, r) => s + r.text.length, 0);
const out = new Float32Array(total * N_LABELS);
let at = 0;
for (const r of rows) {
  const n = r.text.length;
  if (n === 0) continue;
  dec.decode(weights, r.text, 0, n, false, (em) => {
    for (let i = 0; i < n * N_LABELS; i++) out[at + i] = em[i] / header.scale;
  });
  at += n * N_LABELS;
}
writeFileSync(new URL(`./work/emissions-${name}.bin`, import.meta.url), Buffer.from(out.buffer));
console.log(`emissions-${name}: ${rows.length} sentences, ${total} characters`);
