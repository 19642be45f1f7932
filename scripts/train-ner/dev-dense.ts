/**
 * Choose the weight of the dense network in the tagger (src/detect/ner/index.ts, DENSE_WEIGHT) on
 * the development splits only: the last 10 % of the MSRA training sentences and Weibo dev, scored
 * through the package's own tagEntities (name cache included), sentence by sentence and, for
 * MSRA, read as one file. The linear model must come from `train.ts --dev` members (averaged) and
 * the dense one from `train_dense.py --dev`, so neither saw these sentences. Also prints the
 * tagging CPU time of each weight (0 = linear model alone) on the MSRA development text.
 *
 *   npx tsx scripts/train-ner/dev-dense.ts --linear scratch/ner-dev-mean.bin \
 *        --dense scratch/dense-dev.bin [--weights 0,1,2,4,8]
 */
import { DenseKernel, loadDense, unsure } from '../../src/detect/ner/dense.js';
import { type TagOptions, tagEntities } from '../../src/detect/ner/index.js';
import { Decoder, loadModel } from '../../src/detect/ner/model.js';
import { countSpans, prf, type SpanCounts, spansPerSentence } from '../../src/detect/ner/score.js';
import type { Sentence } from './prepare-types.js';
import { devSplits, requiredArg } from './work.js';

const arg = (name: string, def?: string): string => requiredArg('dev-dense', name, def);

const { msraDev, weiboDev } = devSplits();
const linear = loadModel(arg('linear'));
const dense = new DenseKernel(loadDense(arg('dense')));
const weights = arg('weights', '0,1,2,4,8').split(',').map(Number);
const gates = arg('gates', 'Infinity').split(',').map(Number);

const score = (rows: Sentence[], got: { start: number; end: number; type: string }[][]) => {
  const counts = new Map<string, SpanCounts>();
  rows.forEach((r, i) => {
    countSpans(
      r.spans.map(([start, end, type]) => ({ start, end, type })),
      got[i],
      counts,
    );
  });
  const by = (t: string) => {
    const c = counts.get(t) ?? { exact: 0, predicted: 0, gold: 0, half: 0 };
    return prf(c.exact, c.predicted, c.gold);
  };
  const p = by('PER');
  return `PER ${p.f1.toFixed(3)} (P ${p.precision.toFixed(3)} R ${p.recall.toFixed(3)}) LOC ${by('LOC').f1.toFixed(3)} ORG ${by('ORG').f1.toFixed(3)}`;
};

const chars = msraDev.reduce((s, r) => s + r.text.length, 0);
const mask = { m: new Uint8Array(256) };
const gate = (em: Float64Array, n: number, t: number) => {
  if (t === Number.POSITIVE_INFINITY) return undefined;
  if (mask.m.length < n) mask.m = new Uint8Array(2 * n);
  return unsure(em, n, t, mask.m);
};

for (const w of weights)
  for (const g of gates) {
  const tagger: TagOptions = {
    model: linear,
    addEmissions:
      w === 0 ? null : (em, text, a, b, scale) => dense.add(text, a, b, w * scale, em, gate(em, b - a, g * scale), scale),
  };
  const dec = new Decoder();
  const t0 = process.cpuUsage();
  const msraSent = msraDev.map((r) => tagEntities(r.text, dec, tagger));
  const cpu = process.cpuUsage(t0);
  const secs = (cpu.user + cpu.system) / 1e6;
  const msraFile = spansPerSentence(
    msraDev.map((r) => r.text),
    (t) => tagEntities(t, dec, tagger),
  );
  const weibo = weiboDev.map((r) => tagEntities(r.text, dec, tagger));
  console.log(
    `dense weight ${w} gate ${g}: msra dev ${score(msraDev, msraSent)}; as one file ${score(msraDev, msraFile)}; weibo dev ${score(weiboDev, weibo)}; ${((chars / secs) / 1000).toFixed(0)} k chars/CPU-s`,
  );
}
