/**
 * Train the NER model: averaged structured perceptron (Collins 2002, "Discriminative training
 * methods for hidden Markov models") over the character features of src/detect/ner/features.ts,
 * Viterbi decoding with the BIOES constraint. Deterministic: the sentence order of each epoch
 * comes from a seeded generator, and nothing else is random.
 *
 *   nice -n 10 npx tsx scripts/train-ner/train.ts [--epochs 12] [--seed 18] [--weibo-repeat 3]
 *        [--dev] [--out file] [--o-penalty 0]
 *
 * Reads scripts/train-ner/work/*.jsonl (from prepare.ts) and writes data/ner/model.bin; run
 * evaluate.ts afterwards to score it on the test splits and refresh the test fixture.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { BIAS_ROW, extract, HASH_BITS, N_TEMPLATES, NULL_ROW } from '../../src/detect/ner/features.js';
import { Decoder, encodeModel, labelsOf, N_LABELS, spansOf, type Weights } from '../../src/detect/ner/model.js';
import { countSpans, prf, type SpanCounts } from '../../src/detect/ner/score.js';
import type { Sentence } from './prepare-types.js';
import { msraDevStart, readWork } from './work.js';

const opt = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
};
const EPOCHS = opt('epochs', 12);
const SEED = opt('seed', 18);
const WEIBO_REPEAT = opt('weibo-repeat', 3);
/**
 * --dev: hold out the last DEV_SHARE of the MSRA training sentences (a contiguous block, so a
 * person named in one sentence is rarely in the next one on the other side) and Weibo's dev split,
 * report span F1 per type on them after each epoch, and write the model to --out (default
 * scratch/ner-dev.bin) instead of data/ner/. Feature and epoch choices are made this way, never on
 * a test split.
 */
const DEV = process.argv.includes('--dev');
/**
 * --o-penalty: subtracted from the score of label O at every character (through the bias row), to
 * trade precision for recall: the perceptron's spans are precise but miss names (Minkov et al.
 * 2006 adjust the same way). With --dev, F1 for a range of values is printed to choose it.
 */
const O_PENALTY = opt('o-penalty', 0);
/**
 * --fold k --folds K: leave out the k-th of K contiguous blocks of the MSRA sentences trained on
 * (and of Weibo train), for jackknifed emissions (emissions.ts): the dense network is trained on
 * scores of a linear model that never saw the sentence, as it will meet them on new text.
 */
const FOLDS = opt('folds', 0);
const FOLD = opt('fold', -1);
const outIdx = process.argv.indexOf('--out');
const OUT = outIdx >= 0 ? process.argv[outIdx + 1] : undefined;


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
  const msraAll = readWork('msra-train.jsonl');
  const cut = DEV ? msraDevStart(msraAll.length) : msraAll.length;
  const msraDev = msraAll.slice(cut);
  const block = <T>(rows: T[]) =>
    FOLDS > 0 ? rows.filter((_, i) => Math.floor((i * FOLDS) / rows.length) !== FOLD) : rows;
  const msra = block(msraAll.slice(0, cut));
  const weiboTrain = block(readWork('weibo-train.jsonl'));
  const weiboDev = readWork('weibo-dev.jsonl');
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
              const row = rows[i * N_TEMPLATES + f];
              if (row === NULL_ROW) continue;
              const o = row * N_LABELS;
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
    const secs = ((Date.now() - t0) / 1000).toFixed(0);
    const f1 = (rows: Sentence[]) => {
      const counts = new Map<string, SpanCounts>();
      for (const s of rows) {
        const p = dec.decode(avg, s.text, 0, s.text.length);
        countSpans(
          s.spans.map(([start, end, type]) => ({ start, end, type })),
          spansOf(p, s.text.length),
          counts,
        );
      }
      return ['PER', 'LOC', 'ORG']
        .map((t) => {
          const c = counts.get(t) ?? { exact: 0, predicted: 0, gold: 0 };
          return `${t} ${prf(c.exact, c.predicted, c.gold).f1.toFixed(3)}`;
        })
        .join(' ');
    };
    const msraDevF1 = DEV ? `msra dev ${f1(msraDev)}; ` : '';
    console.log(
      `epoch ${epoch}: train label errors ${((100 * wrong) / chars).toFixed(2)}%, ${msraDevF1}weibo dev ${f1(weiboDev)} (${secs} s)`,
    );
  }
  const final = averaged();
  const biasO = BIAS_ROW * N_LABELS;
  if (DEV) {
    const base = final.w[biasO];
    for (const pen of [0, 2, 4, 6, 8, 12]) {
      final.w[biasO] = base - pen;
      const pooled = (rows: Sentence[]) => {
        const counts = new Map<string, SpanCounts>();
        for (const s of rows) {
          const p = dec.decode(final, s.text, 0, s.text.length);
          countSpans(
            s.spans.map(([start, end, type]) => ({ start, end, type })),
            spansOf(p, s.text.length),
            counts,
          );
        }
        const by = (t: string) => {
          const c = counts.get(t) ?? { exact: 0, predicted: 0, gold: 0 };
          return prf(c.exact, c.predicted, c.gold);
        };
        const per = by('PER');
        return `PER P ${per.precision.toFixed(3)} R ${per.recall.toFixed(3)} F1 ${per.f1.toFixed(3)} LOC ${by('LOC').f1.toFixed(3)} ORG ${by('ORG').f1.toFixed(3)}`;
      };
      console.log(`o-penalty ${pen}: msra dev ${pooled(msraDev)}; weibo dev ${pooled(weiboDev)}`);
    }
    final.w[biasO] = base;
  }
  final.w[biasO] -= O_PENALTY;
  const out = OUT ? new URL(`file://${resolve(OUT)}`) : new URL(DEV ? '../../scratch/ner-dev.bin' : '../../data/ner/model.bin', import.meta.url);
  mkdirSync(new URL('./', out), { recursive: true });
  const model = encodeModel(final, {
    algorithm: 'averaged structured perceptron (Collins 2002), BIOES, first-order',
    epochs: EPOCHS,
    seed: SEED,
    weiboRepeat: WEIBO_REPEAT,
    oPenalty: O_PENALTY,
    corpora: ['MSRA NER (SIGHAN 2006) train split', 'Weibo NER 2nd revision (Peng & Dredze 2015; He & Sun 2016) train split, named mentions'],
  });
  // mtime 0 in the gzip header keeps the file byte-identical across runs.
  writeFileSync(out, model);
  console.log(`wrote ${out.pathname}`);
}

main();
