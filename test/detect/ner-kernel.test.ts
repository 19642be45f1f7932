import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/detect/ner/index.js';
import { Decoder, spansOf } from '../../src/detect/ner/model.js';

/**
 * The shipped int16 model is decoded by the WebAssembly kernel (src/detect/ner/linear.c); the
 * same weights as float64 take the TypeScript path of model.ts, the kernel's reference. Labels
 * and margins must be identical, bit for bit, also when a hook adds fractional scores to the
 * emissions (as the dense network does).
 */
const sample = JSON.parse(readFileSync(new URL('./fixtures/ner-sample.json', import.meta.url), 'utf8')) as {
  text: string;
}[];

/** Seeded lines over the characters of the sample plus digits, Latin letters and spaces. */
function lines(count: number): string[] {
  const alphabet = [...new Set([...sample.map((s) => s.text).join(''), ...'0123456789 abcXYZ·，。'])];
  let seed = 7;
  const next = (m: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed % m;
  };
  return Array.from({ length: count }, () =>
    Array.from({ length: 1 + next(120) }, () => alphabet[next(alphabet.length)]).join(''),
  );
}

function run(weights: ReturnType<typeof loadModel>['weights'], text: string, hook: boolean) {
  const d = new Decoder();
  const add = hook
    ? (em: Float64Array) => {
        for (let i = 0; i < 13 * text.length; i++) em[i] += ((i * 7919) % 1000) / 37;
      }
    : undefined;
  const labels = Array.from(d.decode(weights, text, 0, text.length, false, add).subarray(0, text.length));
  const spans = spansOf(labels, text.length);
  return { labels, margins: spans.length ? d.margins(spans, 0) : [] };
}

describe('NER linear kernel', () => {
  const { weights } = loadModel();
  const reference = { w: Float64Array.from(weights.w), t: Float64Array.from(weights.t) };
  const texts = [...sample.map((s) => s.text), ...lines(150), '', '张'];

  it('decodes the shipped model exactly as the TypeScript reference', () => {
    expect(weights.w).toBeInstanceOf(Int16Array);
    let withSpans = 0;
    for (const t of texts) {
      const got = run(weights, t, false);
      expect(got).toEqual(run(reference, t, false));
      if (got.margins.length > 0) withSpans++;
    }
    expect(withSpans).toBeGreaterThan(20);
  });

  it('and with fractional scores added to the emissions', () => {
    for (const t of texts) expect(run(weights, t, true)).toEqual(run(reference, t, true));
  });
});
