/**
 * Average several trained models (train.ts with different --seed values, i.e. different sentence
 * orders) into one: a linear model's scores are linear in its weights, so the averaged weights
 * score every label sequence exactly as the mean of the members' scores would, an ensemble at the
 * cost of one model. Then subtract --o-penalty from label O's bias (in the members' mean weight
 * units), a recall-for-precision shift; 0 for the shipped model, where it did not help on the
 * development splits (README.md beside this file).
 *
 *   npx tsx scripts/train-ner/average.ts --out data/ner/model.bin [--o-penalty 4] a.bin b.bin …
 *
 * Deterministic: the same member files (in any order) give the same bytes.
 */
import { writeFileSync } from 'node:fs';
import { BIAS_ROW } from '../../src/detect/ner/features.js';
import { encodeModel, loadModel, N_LABELS } from '../../src/detect/ner/model.js';

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return undefined;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
};
const out = opt('out');
const oPenalty = Number(opt('o-penalty') ?? 0);
const members = [...args].sort();
if (!out || members.length === 0) {
  console.error('average: --out <file> [--o-penalty n] <model.bin> …');
  process.exit(2);
}
const models = members.map((f) => loadModel(f));
const nw = models[0].weights.w.length;
const nt = models[0].weights.t.length;
const w = new Float64Array(nw);
const t = new Float64Array(nt);
for (const { header, weights } of models) {
  const k = 1 / (header.scale * models.length);
  for (let i = 0; i < nw; i++) w[i] += weights.w[i] * k;
  for (let i = 0; i < nt; i++) t[i] += weights.t[i] * k;
}
w[BIAS_ROW * N_LABELS] -= oPenalty;
writeFileSync(
  out,
  encodeModel(
    { w, t },
    {
      algorithm: `mean of ${models.length} averaged structured perceptrons (Collins 2002), BIOES, first-order`,
      oPenalty,
      members: models.map((m) => m.header.trained),
    },
  ),
);
console.log(`wrote ${out} (${models.length} members, O penalty ${oPenalty})`);
