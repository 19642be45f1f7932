/**
 * Evaluate the exported model (data/ner/model.bin, read through the same loader the package
 * uses) on the held-out test splits (Weibo's from bench/data/ner/, MSRA's fetched into the
 * git-ignored cache, see corpora.ts), print per-type precision, recall and span F1 (exact and half
 * overlap), write scripts/train-ner/evaluation.json, and export a fixed sample of its predictions
 * on Weibo test messages (CC BY-SA 3.0 annotations; MSRA states no licence, so none of its text is
 * in the fixture) to test/detect/fixtures/ner-sample.json, so a test can check that the shipped
 * model still gives exactly these outputs.
 *
 *   [WUMING_NER_MSRA=<git dir of SophonPlus/ChineseNlpCorpus>] npx tsx scripts/train-ner/evaluate.ts
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tagEntities } from '../../src/detect/ner/index.js';
import { loadModel } from '../../src/detect/ner/model.js';
import { countSpans, prf, type SpanCounts, spansPerSentence } from '../../src/detect/ner/score.js';
import { msraTest, weiboTest } from './corpora.js';
import type { Sentence } from './prepare-types.js';

/** Sentences of the fixed sample the test checks (all from Weibo's test split). */
const SAMPLE = 50;
const msra = await msraTest();
if ('absent' in msra) {
  // The fixture must come from the same model as the figures: refuse rather than half-evaluate.
  console.error(msra.absent);
  process.exit(1);
}
const splits: [string, Sentence[]][] = [
  ['msra-test', msra],
  ['weibo-test', weiboTest()],
];

const { header } = loadModel();
const report: Record<string, unknown> = { model: header.trained };
const sample: { split: string; text: string; spans: [number, number, string][] }[] = [];
for (const [split, rows] of splits) {
  const counts = new Map<string, SpanCounts>();
  rows.forEach((r, i) => {
    const got = tagEntities(r.text);
    countSpans(
      r.spans.map(([start, end, type]) => ({ start, end, type })),
      got,
      counts,
    );
    // SAMPLE messages evenly spread over Weibo's test split: a fixed sample for the test.
    if (split === 'weibo-test' && i % Math.floor(rows.length / SAMPLE) === 0 && sample.length < SAMPLE)
      sample.push({ split, text: r.text, spans: got.map((s) => [s.start, s.end, s.type]) });
  });
  const per: Record<string, unknown> = {};
  console.log(`\n${split} (${rows.length} sentences)`);
  console.log('type  gold  exact P / R / F1          half-overlap P / R / F1');
  for (const t of ['PER', 'LOC', 'ORG']) {
    const c = counts.get(t);
    if (!c) continue;
    const e = prf(c.exact, c.predicted, c.gold);
    const h = prf(c.half, c.predicted, c.gold);
    per[t] = { gold: c.gold, predicted: c.predicted, exact: e, half: h };
    const f = (x: number) => x.toFixed(3);
    console.log(
      `${t}   ${String(c.gold).padStart(5)}  ${f(e.precision)} / ${f(e.recall)} / ${f(e.f1)}   ${f(h.precision)} / ${f(h.recall)} / ${f(h.f1)}`,
    );
  }
  // The same split read as one file (see spansPerSentence): tagEntities' name-per-discourse
  // evidence then applies across sentences.
  const docCounts = new Map<string, SpanCounts>();
  const doc = spansPerSentence(
    rows.map((r) => r.text),
    (t) => tagEntities(t),
  );
  rows.forEach((r, i) => {
    countSpans(
      r.spans.map(([start, end, type]) => ({ start, end, type })),
      doc[i],
      docCounts,
    );
  });
  const perDoc: Record<string, unknown> = {};
  for (const t of ['PER', 'LOC', 'ORG']) {
    const c = docCounts.get(t);
    if (!c) continue;
    const e = prf(c.exact, c.predicted, c.gold);
    perDoc[t] = { gold: c.gold, predicted: c.predicted, exact: e, half: prf(c.half, c.predicted, c.gold) };
    console.log(`${t} read as one file: exact ${e.precision.toFixed(3)} / ${e.recall.toFixed(3)} / ${e.f1.toFixed(3)}`);
  }
  report[split] = per;
  report[`${split} (read as one file)`] = perDoc;
}
writeFileSync(new URL('./evaluation.json', import.meta.url), `${JSON.stringify(report, null, 2)}\n`);
const fixture = new URL('../../test/detect/fixtures/ner-sample.json', import.meta.url);
writeFileSync(fixture, `${JSON.stringify(sample, null, 1)}\n`);
// In the repository's formatting, so `npm run lint` passes on the regenerated file.
execFileSync('npx', ['biome', 'format', '--write', fixture.pathname], { stdio: 'ignore' });
