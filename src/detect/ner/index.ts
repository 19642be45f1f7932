import { Decoder, type EntitySpan, loadModel, spansOf } from './model.js';

export type { EntitySpan } from './model.js';
export { loadModel, MODEL_PATH } from './model.js';

/**
 * Named entities (PER person, LOC location, ORG organisation) in Chinese or mixed text, from the
 * character sequence model shipped in data/ner/ (see scripts/train-ner/README.md). Each line
 * (split at \n or \r) is tagged on its own, so no span ever crosses a line break. Offsets are
 * UTF-16 indices into `text`. The model is loaded on the first call.
 */
export function tagEntities(text: string, decoder = shared()): EntitySpan[] {
  const { header, weights } = loadModel();
  const scale = header.scale;
  const out: EntitySpan[] = [];
  let pos = 0;
  while (pos < text.length) {
    let end = pos;
    while (end < text.length) {
      const c = text.charCodeAt(end);
      if (c === 10 || c === 13) break;
      end++;
    }
    if (end > pos && hasLetter(text, pos, end)) {
      const labels = decoder.decode(weights, text, pos, end);
      const spans = spansOf(labels, end - pos, pos);
      if (spans.length > 0) {
        const m = decoder.margins(spans, pos);
        spans.forEach((s, i) => {
          s.margin = Math.round((m[i] / scale) * 1000) / 1000;
          out.push(s);
        });
      }
    }
    pos = end + 1;
  }
  return out;
}

/** A line of digits and punctuation only holds no name: skip the decoder. */
function hasLetter(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x3400 || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) return true;
  }
  return false;
}

let decoder: Decoder | undefined;
function shared(): Decoder {
  decoder ??= new Decoder();
  return decoder;
}
