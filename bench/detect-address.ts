/**
 * ADDRESS on real delivery addresses: span precision, recall and F1 (exact, and half overlap as in
 * src/detect/ner/score.ts) of the rule detector on the Chinese address-parsing corpus of Li & Lu,
 * "Neural Chinese Address Parsing" (NAACL 2019; github.com/leodotnet/neural-chinese-address-parsing,
 * data/{dev,test}.txt: about 3,000 addresses each, one character per line with its element tag).
 * These are addresses people typed into order forms, not sentences built from our gazetteer, so
 * they test the detector on data we did not write.
 *
 * The gold span of an address runs from its first to its last address element (province … room,
 * point of interest, relative position); tags for a recipient name, a repeated prefix or other
 * notes at either end ("redundant", "person", "otherinfo") are left outside, as the corpus marks
 * them, which is the corpus's annotation guide (data/anno: "person" is a company or its
 * representative, "assist" a relative position such as 门口, part of the location). The detector
 * was tuned on the dev split only; the test split was scored before and after session 5's tuning
 * and once after each of sessions 6 and 7 (README, "Addresses in real order data").
 *
 * The corpus states no licence, so it is not in this repository: fetch the repository above and
 * point WUMING_ADDRESS_CORPUS at its data/ folder (default bench/cache/address-parsing/, ignored
 * by git). Without it the benchmark says so and exits 0.
 *
 *   npx tsx bench/detect-address.ts [--split dev|test]   (writes bench/results/detect-address.json)
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addressDetector } from '../src/detect/address.js';
import { detectText } from '../src/detect/index.js';
import { countSpans, prf, type SpanCounts } from '../src/detect/ner/score.js';

const dir = process.env.WUMING_ADDRESS_CORPUS ?? join(import.meta.dirname, 'cache', 'address-parsing');
const splitArg = process.argv.indexOf('--split');
const splits = splitArg >= 0 ? [process.argv[splitArg + 1]] : ['dev', 'test'];

/** Tags outside the address proper, at either end (Li & Lu's annotation guide, data/anno). */
const OUTSIDE = new Set(['redundant', 'person', 'otherinfo']);

interface Address {
  text: string;
  start: number;
  end: number;
}

function load(file: string): Address[] {
  const out: Address[] = [];
  let text = '';
  let start = -1;
  let end = -1;
  const flush = () => {
    if (text && start >= 0) out.push({ text, start, end });
    text = '';
    start = -1;
    end = -1;
  };
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) {
      flush();
      continue;
    }
    const cells = line.trim().split(/\s+/);
    const token = cells[0];
    const tag = cells[cells.length - 1];
    const type = tag === 'O' ? '' : tag.slice(2);
    if (type && !OUTSIDE.has(type)) {
      if (start < 0) start = text.length;
      end = text.length + token.length;
    }
    text += token;
  }
  flush();
  return out;
}

const results: Record<string, unknown> = {};
for (const split of splits) {
  const file = join(dir, `${split}.txt`);
  if (!existsSync(file)) {
    console.log(
      `bench:detect-address: ${file} not found. Fetch github.com/leodotnet/neural-chinese-address-parsing ` +
        'and set WUMING_ADDRESS_CORPUS to its data/ folder; skipped.',
    );
    continue;
  }
  const addresses = load(file);
  // What `wuming detect` reports (rules + the sequence model, src/detect/ner/combine.ts), and the
  // rule detector alone.
  const systems: [string, (text: string) => { start: number; end: number; type: string }[]][] = [
    ['combined', (text) => detectText(text, { types: ['ADDRESS'] })],
    ['rules', (text) => addressDetector.find(text)],
  ];
  const r3 = (x: number) => Math.round(x * 1000) / 1000;
  const row = (p: { precision: number; recall: number; f1: number }) =>
    `P ${r3(p.precision).toFixed(3)}  R ${r3(p.recall).toFixed(3)}  F1 ${r3(p.f1).toFixed(3)}`;
  const perSystem: Record<string, unknown> = {};
  console.log(`ADDRESS on the ${split} split (${addresses.length} addresses)`);
  for (const [name, find] of systems) {
    const counts = new Map<string, SpanCounts>();
    for (const a of addresses)
      countSpans([{ start: a.start, end: a.end, type: 'ADDRESS' }], find(a.text), counts);
    const c = counts.get('ADDRESS') ?? { gold: 0, predicted: 0, exact: 0, half: 0 };
    const exact = prf(c.exact, c.predicted, c.gold);
    const half = prf(c.half, c.predicted, c.gold);
    console.log(`  ${name.padEnd(9)} exact ${row(exact)}   half ${row(half)}`);
    perSystem[name] = {
      predicted: c.predicted,
      exact: { precision: r3(exact.precision), recall: r3(exact.recall), f1: r3(exact.f1) },
      half: { precision: r3(half.precision), recall: r3(half.recall), f1: r3(half.f1) },
    };
  }
  results[split] = { addresses: addresses.length, ...perSystem };
}
if (Object.keys(results).length) {
  const out = join(import.meta.dirname, 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'detect-address.json'), `${JSON.stringify(results, null, 2)}\n`);
}
