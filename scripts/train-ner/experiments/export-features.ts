/**
 * EXPERIMENT (session 5, see ../README.md "Neural variants"). Write the feature rows and gold labels of the training and development sentences as flat
 * binary arrays for the neural trainer (train_mlp.py): the features come from the very
 * `extract` the package runs, so training and inference cannot compute different features.
 *
 *   npx tsx scripts/train-ner/experiments/export-features.ts
 *
 * Reads scripts/train-ner/work/*.jsonl (prepare.ts) and writes scripts/train-ner/work/<split>.bin:
 *   int32 sentence count, int32 templates, int32 lengths[count], int32 rows[chars × templates],
 *   uint8 labels[chars]  (little-endian).
 * Splits: msra-fit (the first 90 % of MSRA training sentences), msra-dev (the last 10 %, a
 * contiguous block), msra-train (all), weibo-train, weibo-dev. No test split is ever written.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { extract, FeatureBuffer, N_TEMPLATES } from '../../../src/detect/ner/features.js';
import { labelsOf } from '../../../src/detect/ner/model.js';
import type { Sentence } from '../prepare-types.js';

const work = new URL('../work/', import.meta.url);
const read = (f: string): Sentence[] =>
  readFileSync(new URL(f, work), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Sentence)
    .filter((s) => s.text.length > 0);

/** The same development cut as train.ts --dev. */
const DEV_SHARE = 0.1;

function write(name: string, rows: Sentence[]): void {
  const chars = rows.reduce((a, s) => a + s.text.length, 0);
  const head = new Int32Array(2 + rows.length);
  head[0] = rows.length;
  head[1] = N_TEMPLATES;
  rows.forEach((s, i) => {
    head[2 + i] = s.text.length;
  });
  const feats = new Int32Array(chars * N_TEMPLATES);
  const labels = new Uint8Array(chars);
  const buf = new FeatureBuffer();
  let at = 0;
  for (const s of rows) {
    const n = s.text.length;
    extract(s.text, 0, n, buf);
    feats.set(buf.rows.subarray(0, n * N_TEMPLATES), at * N_TEMPLATES);
    labels.set(labelsOf(s.spans, n), at);
    at += n;
  }
  writeFileSync(
    new URL(`${name}.bin`, work),
    Buffer.concat([Buffer.from(head.buffer), Buffer.from(feats.buffer), Buffer.from(labels.buffer)]),
  );
  console.log(`${name}: ${rows.length} sentences, ${chars} characters`);
}

const msra = read('msra-train.jsonl');
const cut = Math.round(msra.length * (1 - DEV_SHARE));
write('msra-fit', msra.slice(0, cut));
write('msra-dev', msra.slice(cut));
write('msra-train', msra);
write('weibo-train', read('weibo-train.jsonl'));
write('weibo-dev', read('weibo-dev.jsonl'));
