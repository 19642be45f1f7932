/**
 * Train the NER model: averaged structured perceptron (Collins 2002, "Discriminative training
 * methods for hidden Markov models") over the character features of src/detect/ner/features.ts,
 * Viterbi decoding with the BIO constraint. Deterministic: the sentence order of each epoch comes
 * from a seeded generator, and nothing else is random.
 *
 *   nice -n 10 npx tsx scripts/train-ner/train.ts [--epochs 8] [--seed 18] [--weibo-repeat 3]
 *
 * Reads scripts/train-ner/work/*.jsonl (from prepare.ts), writes data/ner/model.bin, then runs
 * evaluate.ts on the exported model.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { extract, HASH_BITS, N_TEMPLATES } from '../../src/detect/ner/features.js';
import { Decoder, encodeModel, labelsOf, N_LABELS, type Weights } from '../../src/detect/ner/model.js';
import type { Sentence } from './prepare-types.js';

const opt = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
};
const EPOCHS = opt('epochs', 8);
const SEED = opt('seed', 18);
const WEIBO_REPEAT = opt('weibo-repeat', 3);

const work = new URL('./work/', import.meta.url);
const read = (f: string): Sentence[] =>
  readFileSync(new URL(f, work), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Sentence);

const goldLabels = (s: Sentence) => labelsOf(s.spans, s.text.length);

/** mulberry32: a small seeded generator, enough to shuffle reproducibly. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function main(): void {
  const msra = read('msra-train.jsonl');
  const weiboTrain = read('weibo-train.jsonl');
  const weiboDev = read('weibo-dev.jsonl');
  const train: Sentence[] = [...msra];
  for (let r = 0; r < WEIBO_REPEAT; r++) train.push(...weiboTrain);
  const golds = train.map(goldLabels);
  console.log(`training on ${train.length} sentences, ${EPOCHS} epochs, seed ${SEED}`);

  const nw = (1 << HASH_BITS) * N_LABELS;
  const nt = (N_LABELS + 1) * N_LABELS;
  const cur: Weights = { w: new Float64Array(nw), t: new Float64Array(nt) };
  // Lazy averaging (Daumé 2006): u accumulates c·update; the average is w − u/c.
  const uw = new Float64Array(nw);
  const ut = new Float64Array(nt);
  let c = 1;
  const dec = new Decoder();
  const order = train.map((_, i) => i);
  const next = rng(SEED);
  const averaged = (): Weights => {
    const w = new Float64Array(nw);
    for (let i = 0; i < nw; i++) w[i] = cur.w[i] - uw[i] / c;
    const t = new Float64Array(nt);
    for (let i = 0; i < nt; i++) t[i] = cur.t[i] - ut[i] / c;
    return { w, t };
  };
  for (let epoch = 1; epoch <= EPOCHS; epoch++) {
    const t0 = Date.now();
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    let wrong = 0;
    let chars = 0;
    for (const k of order) {
      const s = train[k];
      const n = s.text.length;
      if (n === 0) continue;
      const gold = golds[k];
      extract(s.text, 0, n, dec.feats);
      const pred = dec.decode(cur, s.text, 0, n, true);
      let differs = false;
      for (let i = 0; i < n; i++) if (pred[i] !== gold[i]) differs = true;
      chars += n;
      if (differs) {
        const rows = dec.feats.rows;
        for (let i = 0; i < n; i++) {
          const g = gold[i];
          const p = pred[i];
          const gp = i === 0 ? N_LABELS : gold[i - 1];
          const pp = i === 0 ? N_LABELS : pred[i - 1];
          if (g !== p) {
            wrong++;
            for (let f = 0; f < N_TEMPLATES; f++) {
              const o = rows[i * N_TEMPLATES + f] * N_LABELS;
              cur.w[o + g] += 1;
              uw[o + g] += c;
              cur.w[o + p] -= 1;
              uw[o + p] -= c;
            }
          }
          if (g !== p || gp !== pp) {
            cur.t[gp * N_LABELS + g] += 1;
            ut[gp * N_LABELS + g] += c;
            cur.t[pp * N_LABELS + p] -= 1;
            ut[pp * N_LABELS + p] -= c;
          }
        }
      }
      c++;
    }
    const avg = averaged();
    let devWrong = 0;
    let devChars = 0;
    for (const s of weiboDev) {
      const g = goldLabels(s);
      const p = dec.decode(avg, s.text, 0, s.text.length);
      for (let i = 0; i < s.text.length; i++) if (p[i] !== g[i]) devWrong++;
      devChars += s.text.length;
    }
    console.log(
      `epoch ${epoch}: train label errors ${((100 * wrong) / chars).toFixed(2)}%, weibo dev ${((100 * devWrong) / devChars).toFixed(2)}% (${((Date.now() - t0) / 1000).toFixed(0)} s)`,
    );
  }
  const out = new URL('../../data/ner/', import.meta.url);
  mkdirSync(out, { recursive: true });
  const model = encodeModel(averaged(), {
    algorithm: 'averaged structured perceptron (Collins 2002), BIOES, first-order',
    epochs: EPOCHS,
    seed: SEED,
    weiboRepeat: WEIBO_REPEAT,
    corpora: ['MSRA NER (SIGHAN 2006) train split', 'Weibo NER 2nd revision (Peng & Dredze 2015; He & Sun 2016) train split, named mentions'],
  });
  // mtime 0 in the gzip header keeps the file byte-identical across runs.
  writeFileSync(new URL('model.bin', out), model);
  console.log(`wrote data/ner/model.bin`);
}

main();
