/**
 * Evaluate the exported model (data/ner/model.bin, read through the same loader the package
 * uses) on the held-out test splits in bench/data/ner/, print per-type precision, recall and span
 * F1 (exact and half overlap), write scripts/train-ner/evaluation.json, and export a fixed sample
 * of its predictions to test/detect/fixtures/ner-sample.json so a test can check that the shipped
 * model still gives exactly these outputs.
 *
 *   npx tsx scripts/train-ner/evaluate.ts
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { tagEntities } from '../../src/detect/ner/index.js';
import { loadModel } from '../../src/detect/ner/model.js';
import { countSpans, prf, type SpanCounts, spansPerSentence } from '../../src/detect/ner/score.js';
import type { Sentence } from './prepare-types.js';

const splits = ['msra-test', 'weibo-test'] as const;
const bench = new URL('../../bench/data/ner/', import.meta.url);
const load = (name: string): Sentence[] =>
  gunzipSync(readFileSync(new URL(`${name}.jsonl.gz`, bench)))
    .toString('utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Sentence);

const { header } = loadModel();
const report: Record<string, unknown> = { model: header.trained };
const sample: { split: string; text: string; spans: [number, number, string][] }[] = [];
for (const split of splits) {
  const rows = load(split);
  const counts = new Map<string, SpanCounts>();
  rows.forEach((r, i) => {
    const got = tagEntities(r.text);
    countSpans(
      r.spans.map(([start, end, type]) => ({ start, end, type })),
      got,
      counts,
    );
    // 25 sentences evenly spread over each split: a fixed sample for the test.
    if (i % Math.floor(rows.length / 25) === 0 && sample.filter((s) => s.split === split).length < 25)
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
