/**
 * Choose the document pass of the tagger (src/detect/ner/document.ts, DOCUMENT in index.ts) and a
 * person-label bias at decoding on the development splits only: the last 10 % of the MSRA training
 * sentences and Weibo dev, through the package's own tagEntities, the linear model alone or with
 * the shipped dense network (`--network 1`; trained with --dev, so it never saw these sentences),
 * sentence by sentence and read as one file.
 * The linear model must be the mean of `train.ts --dev` members.
 *
 *   npx tsx scripts/train-ner/dev-doc.ts --linear scratch/ner-dev-mean.bin \
 *        --variants 'margin:bonus:given:givenBonus:cache:perBias,...' [--errors]
 *
 * A variant: margin and bonus of the document pass (bonus 0: none), given names 0/1 and their
 * bonus, the name cache 0/1, and a bias (weight units) added to the four person labels at every
 * character (negative: fewer names).
 */
import { DenseKernel, loadDense, unsure } from '../../src/detect/ner/dense.js';
import { type EntitySpan, type TagOptions, tagEntities } from '../../src/detect/ner/index.js';
import { Decoder, loadModel } from '../../src/detect/ner/model.js';
import { countSpans, prf, type SpanCounts, spansPerSentence } from '../../src/detect/ner/score.js';
import type { Sentence } from './prepare-types.js';
import { devSplits, requiredArg } from './work.js';

const arg = (name: string, def?: string): string => requiredArg('dev-doc', name, def);

const { msraDev, weiboDev } = devSplits();
const linear = loadModel(arg('linear'));
const dense = new DenseKernel(loadDense(arg('dense', 'data/ner/dense.bin')));
const variants = arg('variants', '10:0:0:0:1:0').split(',');
/** --network 0: the linear model alone (the default tagger since session 7), 1: with the network. */
const withNetwork = arg('network', '0') === '1';

/** The network hook as index.ts runs it (weight 4, gate 10) if asked, then the person bias. */
const mask = { m: new Uint8Array(256) };
const hook = (perBias: number): TagOptions['addEmissions'] => (em, text, a, b, scale) => {
  const n = b - a;
  if (mask.m.length < n) mask.m = new Uint8Array(2 * n);
  if (withNetwork) dense.add(text, a, b, 4 * scale, em, unsure(em, n, 10 * scale, mask.m), scale);
  if (perBias !== 0) for (let i = 0; i < n; i++) for (let y = 1; y <= 4; y++) em[i * 13 + y] += perBias * scale;
};

const score = (rows: Sentence[], got: EntitySpan[][]) => {
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
  return `PER ${p.f1.toFixed(3)} (${p.precision.toFixed(3)}/${p.recall.toFixed(3)}) L ${by('LOC').f1.toFixed(3)} O ${by('ORG').f1.toFixed(3)}`;
};

for (const v of variants) {
  const [margin, bonus, given, givenBonus, cache, perBias] = v.split(':').map(Number);
  const opts: TagOptions = {
    model: linear,
    addEmissions: hook(perBias),
    document: { margin, bonus, givenNames: given === 1, givenBonus },
    cache: cache === 1,
  };
  const dec = new Decoder();
  const t0 = process.cpuUsage();
  const msraSent = msraDev.map((r) => tagEntities(r.text, dec, opts));
  const c0 = process.cpuUsage(t0);
  const t1 = process.cpuUsage();
  const msraFile = spansPerSentence(
    msraDev.map((r) => r.text),
    (t) => tagEntities(t, dec, opts),
  );
  const c1 = process.cpuUsage(t1);
  const weibo = weiboDev.map((r) => tagEntities(r.text, dec, opts));
  const weiboFile = spansPerSentence(
    weiboDev.map((r) => r.text),
    (t) => tagEntities(t, dec, opts),
  );
  const s = (c: NodeJS.CpuUsage) => ((c.user + c.system) / 1e6).toFixed(2);
  console.log(
    `${v}: msra ${score(msraDev, msraSent)} | file ${score(msraDev, msraFile)} | weibo ${score(weiboDev, weibo)} | file ${score(weiboDev, weiboFile)} | cpu ${s(c0)} / ${s(c1)} s`,
  );
  if (process.argv.includes('--errors')) {
    // Missed and spurious person spans of the file reading, with the string.
    for (let i = 0; i < msraDev.length; i++) {
      const r = msraDev[i];
      const gold = r.spans.filter((x) => x[2] === 'PER').map((x) => `${x[0]}-${x[1]}`);
      const got = msraFile[i].filter((x) => x.type === 'PER').map((x) => `${x.start}-${x.end}`);
      for (const g of gold)
        if (!got.includes(g)) {
          const [a, b] = g.split('-').map(Number);
          console.log(`MISS ${i} ${r.text.slice(a, b)}\t${r.text.slice(Math.max(0, a - 8), b + 8)}`);
        }
      for (const g of got)
        if (!gold.includes(g)) {
          const [a, b] = g.split('-').map(Number);
          console.log(`FP ${i} ${r.text.slice(a, b)}\t${r.text.slice(Math.max(0, a - 8), b + 8)}`);
        }
    }
  }
}
