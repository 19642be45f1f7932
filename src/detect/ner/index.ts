import { DenseKernel, loadDense, unsure } from './dense.js';
import { addHints, type DocumentOptions, type Hint, hints } from './document.js';
import { Decoder, type EntitySpan, loadModel, type ModelHeader, spansOf, type Weights } from './model.js';

export type { EntitySpan } from './model.js';
export { loadModel, MODEL_PATH } from './model.js';

/**
 * Named entities (PER person, LOC location, ORG organisation) in Chinese or mixed text, from the
 * character sequence model shipped in data/ner/ (see scripts/train-ner/README.md). Each line
 * (split at \n or \r) is tagged on its own, so no span ever crosses a line break. Offsets are
 * UTF-16 indices into `text`. The model is loaded on the first call.
 *
 * Then one name per discourse: a person name the model reports with a margin of at least
 * CACHE_MARGIN (2–4 Han characters) is also a name where else it occurs in the same text, unless
 * another entity covers that place. A model reading one line at a time misses a name in a line
 * whose own context says little (a list, a quotation, a headline); the text around it usually
 * named the person plainly (Krishnan & Manning 2006 and Ratinov & Roth 2009 use the same
 * document-level evidence). On the MSRA development split read in chunks as `detect` reads files,
 * person F1 0.852 → 0.866 (precision unchanged at 0.905). Before it, the document pass (see
 * DOCUMENT) decodes again, with a bonus for a person, the lines where such a name or its given
 * name recurs.
 */
export function tagEntities(text: string, decoder = shared(), options: TagOptions = {}): EntitySpan[] {
  const { header, weights } = options.model ?? loadModel();
  const scale = header.scale;
  const extra = options.addEmissions ?? (options.network ? network() : undefined);
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
      const a = pos;
      const b = end;
      const labels = extra
        ? decoder.decode(weights, text, a, b, false, (em) => extra(em, text, a, b, scale))
        : decoder.decode(weights, text, a, b);
      pushWithMargins(out, decoder, spansOf(labels, end - pos, pos), pos, scale);
    }
    pos = end + 1;
  }
  const doc = options.document === undefined ? DOCUMENT : options.document;
  const again = doc && doc.bonus > 0 ? hints(text, out, doc) : [];
  const spans = again.length > 0 ? redecode(text, out, again, decoder, weights, extra, scale) : out;
  return options.cache === false ? spans : nameCache(text, spans);
}

/**
 * Document pass (see document.ts), chosen on the development splits (scripts/train-ner/dev-doc.ts):
 * names reported with a margin of at least 20 are hinted elsewhere with a bonus of 16 weight
 * units, their given names (钟书 after 钱钟书) with 24. MSRA dev read as one file, person F1
 * 0.864 → 0.873 (recall 0.826 → 0.842, precision kept; with the network 0.868 → 0.880); on the
 * test split it moved by noise only (0.8669 → 0.8669), see scripts/train-ner/README.md.
 */
const DOCUMENT: DocumentOptions = { margin: 20, bonus: 16, givenNames: true, givenBonus: 24 };

/**
 * The lines of `text` holding hints decoded again with the hints' bonuses added to their
 * emissions (after the network's, so its gate sees what the first pass saw); their spans replace
 * the first pass's.
 */
function redecode(
  text: string,
  first: EntitySpan[],
  hs: Hint[],
  decoder: Decoder,
  weights: Weights,
  extra: AddEmissions | undefined,
  scale: number,
): EntitySpan[] {
  const out: EntitySpan[] = [];
  let k = 0;
  let h = 0;
  while (h < hs.length) {
    let a = hs[h].start;
    while (a > 0 && text.charCodeAt(a - 1) !== 10 && text.charCodeAt(a - 1) !== 13) a--;
    let b = hs[h].end;
    while (b < text.length && text.charCodeAt(b) !== 10 && text.charCodeAt(b) !== 13) b++;
    const mine: Hint[] = [];
    while (h < hs.length && hs[h].start < b) mine.push(hs[h++]);
    while (k < first.length && first[k].start < a) out.push(first[k++]);
    while (k < first.length && first[k].start < b) k++;
    const labels = decoder.decode(weights, text, a, b, false, (em) => {
      extra?.(em, text, a, b, scale);
      addHints(em, mine, a, b, scale);
    });
    pushWithMargins(out, decoder, spansOf(labels, b - a, a), a, scale);
  }
  while (k < first.length) out.push(first[k++]);
  return out;
}

/**
 * `network`: also run the shipped dense network (dense.ts) and add its label log-probabilities to
 * the linear emissions. Off by default since session 7: on MSRA test text it adds 0.003 to person
 * name F1 (0.005 pooled) and takes a third of the model path's throughput and 0.18 s of loading,
 * which kept both issue-18 goals (≥ 2 MB/s a core, start-up under a second) out of reach (README,
 * "Speed").
 * For measurements on the development splits (scripts/train-ner/dev-dense.ts): another linear
 * model than the shipped one, and what is added to its emissions em[i·13 + y] (in its units,
 * `scale` per weight unit) of line text[start, end) before decoding (null: nothing).
 */
export interface TagOptions {
  model?: { header: ModelHeader; weights: Weights };
  network?: boolean;
  addEmissions?: AddEmissions | null;
  /** The document pass's settings instead of the shipped ones; null: none. */
  document?: DocumentOptions | null;
  /** false: without the name cache. */
  cache?: boolean;
}
type AddEmissions = (em: Float64Array, text: string, start: number, end: number, scale: number) => void;

/**
 * Weight of the dense network's label log-probabilities in the sum with the linear emissions
 * (linear weight units per nat), and the gate: the network runs at characters whose best entity
 * label is within DENSE_GATE weight units of O (about 13 % of news characters). Both chosen on the
 * development splits (scripts/train-ner/README.md): MSRA dev PER F1 0.855 → 0.862.
 */
const DENSE_WEIGHT = 4;
const DENSE_GATE = 10;

let shippedNetwork: AddEmissions | undefined;
/** The shipped network as an emission hook, loaded on first use. */
function network(): AddEmissions {
  if (shippedNetwork) return shippedNetwork;
  const kernel = new DenseKernel(loadDense());
  let mask = new Uint8Array(256);
  shippedNetwork = (em, text, start, end, scale) => {
    const n = end - start;
    if (mask.length < n) mask = new Uint8Array(2 * n);
    kernel.add(text, start, end, DENSE_WEIGHT * scale, em, unsure(em, n, DENSE_GATE * scale, mask), scale);
  };
  return shippedNetwork;
}

/** Margin (weight units) a person name needs to be looked for elsewhere; chosen on MSRA dev. */
const CACHE_MARGIN = 10;

/** See tagEntities: the other occurrences of the confident person names of `text`. */
function nameCache(text: string, spans: EntitySpan[]): EntitySpan[] {
  // Names by their first two characters (one numeric map lookup per character of the text).
  let names: Map<number, EntitySpan[]> | undefined;
  for (const s of spans) {
    const len = s.end - s.start;
    if (s.type !== 'PER' || len < 2 || len > 4 || (s.margin ?? 0) < CACHE_MARGIN) continue;
    if (!isHan(text, s.start, s.end)) continue;
    const key = text.charCodeAt(s.start) * 65536 + text.charCodeAt(s.start + 1);
    names ??= new Map();
    const list = names.get(key);
    if (!list) names.set(key, [s]);
    else if (!list.some((o) => sameText(text, o, s))) list.push(s);
  }
  if (!names) return spans;
  const covered = new Uint8Array(text.length);
  for (const s of spans) covered.fill(1, s.start, s.end);
  // First characters of the names: one typed-array read a character before the map lookup.
  const first = new Uint8Array(65536);
  for (const key of names.keys()) first[Math.floor(key / 65536)] = 1;
  const added: EntitySpan[] = [];
  for (let i = 0; i + 1 < text.length; i++) {
    if (first[text.charCodeAt(i)] === 0) continue;
    const list = names.get(text.charCodeAt(i) * 65536 + text.charCodeAt(i + 1));
    if (!list || covered[i] === 1) continue;
    // The longest listed name that occurs here on uncovered characters.
    let best: EntitySpan | undefined;
    for (const n of list) {
      const len = n.end - n.start;
      if (best && best.end - best.start >= len) continue;
      if (i + len > text.length || covered.subarray(i, i + len).includes(1)) continue;
      if (text.startsWith(text.slice(n.start, n.end), i)) best = n;
    }
    if (!best) continue;
    const len = best.end - best.start;
    added.push({ type: 'PER', start: i, end: i + len, margin: best.margin });
    covered.fill(1, i, i + len);
    i += len - 1;
  }
  if (added.length === 0) return spans;
  return [...spans, ...added].sort((a, b) => a.start - b.start);
}

function isHan(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x3400 || c > 0x9fff) return false;
  }
  return true;
}

const sameText = (text: string, a: EntitySpan, b: EntitySpan) =>
  a.end - a.start === b.end - b.start && text.startsWith(text.slice(a.start, a.end), b.start);

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

/** Spans of a line decoded from `at`, each with its margin in the model's units, appended to `out`. */
function pushWithMargins(
  out: EntitySpan[],
  decoder: Decoder,
  spans: EntitySpan[],
  at: number,
  scale: number,
): void {
  if (spans.length === 0) return;
  const m = decoder.margins(spans, at);
  spans.forEach((s, i) => {
    s.margin = Math.round((m[i] / scale) * 1000) / 1000;
    out.push(s);
  });
}
