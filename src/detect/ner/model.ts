import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { extract, FeatureBuffer, HASH_BITS, N_TEMPLATES } from './features.js';
import { LinearKernel } from './linear.js';

/**
 * Linear-chain sequence model over characters, trained as an averaged structured perceptron
 * (Collins 2002) by scripts/train-ner/, decoded by Viterbi. Tags are BIOES (begin, inside, end,
 * single) for PER, LOC and ORG: marking the end of an entity lets first-order transitions learn
 * entity lengths, which separates names written back to back (张三李四) where BIO tags cannot
 * (Ratinov & Roth 2009 report BILOU above BIO for the same reason).
 */

const ENTITY_TYPES = ['PER', 'LOC', 'ORG'] as const;
type EntityType = (typeof ENTITY_TYPES)[number];
const PARTS = ['B', 'I', 'E', 'S'] as const;
const LABELS: readonly string[] = ['O', ...ENTITY_TYPES.flatMap((t) => PARTS.map((p) => `${p}-${t}`))];
export const N_LABELS = LABELS.length;
/** Part of label y (0 B, 1 I, 2 E, 3 S; -1 for O) and its entity type index. */
const part = (y: number) => (y === 0 ? -1 : (y - 1) % 4);
const typeOf = (y: number) => (y - 1) >> 2;

/**
 * BIOES constraint: after O, E or S (or at the start, prev = -1) comes O, B or S; after B-X or
 * I-X comes I-X or E-X.
 */
function allowed(prev: number, cur: number): boolean {
  const open = prev > 0 && part(prev) <= 1;
  if (!open) return cur === 0 || part(cur) === 0 || part(cur) === 3;
  return cur > 0 && (part(cur) === 1 || part(cur) === 2) && typeOf(cur) === typeOf(prev);
}
/** Allowed predecessors of each label, in increasing order (ties keep the lowest, as a full scan). */
const PREV: number[][] = Array.from({ length: N_LABELS }, (_, y) =>
  Array.from({ length: N_LABELS }, (_, x) => x).filter((x) => allowed(x, y)),
);
/** A line may end on O, E or S. */
const canEnd = (y: number) => y === 0 || part(y) >= 2;

export interface Weights {
  /**
   * (2^HASH_BITS) × N_LABELS feature weights: Float64 while training; the shipped model keeps its
   * quantised Int16 values (all on one scale, so sums and argmax need no rescaling).
   */
  w: Float64Array | Int16Array;
  /** (N_LABELS + 1) × N_LABELS transition weights; the last row scores the first label. */
  t: Float64Array | Int16Array;
}

export interface EntitySpan {
  type: EntityType;
  /** UTF-16 offsets into the text given to the tagger. */
  start: number;
  end: number;
  /** Max-marginal margin of the span (see Decoder.margins), in the model's weight units. */
  margin?: number;
}

/** Allowed successors of each label (and, at index N_LABELS, of the start), flattened. */
const NEXT: number[][] = Array.from({ length: N_LABELS + 1 }, (_, x) =>
  Array.from({ length: N_LABELS }, (_, y) => y).filter((y) => allowed(x === N_LABELS ? -1 : x, y)),
);
/** Labels after which a new entity may start (O, E-*, S-*): the predecessors of O, B-* and S-*. */
const CLOSED = PREV[0];

/** Decoding buffers, reused across lines. */
export class Decoder {
  readonly feats = new FeatureBuffer();
  em = new Float64Array(256 * N_LABELS);
  delta = new Float64Array(256 * N_LABELS);
  back = new Uint8Array(256 * N_LABELS);
  labels = new Uint8Array(256);
  readonly trans = new Float64Array((N_LABELS + 1) * N_LABELS);
  beta = new Float64Array(256 * N_LABELS);
  private n = 0;
  private transOf: Weights['t'] | undefined;
  /** The WebAssembly kernel that decoded the last line (shipped int16 weights), if any. */
  private kernel: LinearKernel | undefined;

  /**
   * Best label sequence of text[start, end) under `m`; result in this.labels[0 .. end-start).
   * Features must be extracted (the trainer reuses them); `extract` is called unless told not to.
   */
  decode(
    m: Weights,
    text: string,
    start: number,
    end: number,
    haveFeatures = false,
    addEmissions?: (em: Float64Array) => void,
  ): Uint8Array {
    const n = end - start;
    if (!haveFeatures) extract(text, start, end, this.feats);
    this.n = n;
    this.kernel = m.w instanceof Int16Array ? kernelOf(m as { w: Int16Array; t: Int16Array }) : undefined;
    if (this.kernel) {
      const k = this.kernel;
      k.emissions(this.feats.rows, n);
      addEmissions?.(k.em);
      k.viterbi(n);
      return k.labels;
    }
    if (this.labels.length < n) {
      let k = this.labels.length;
      while (k < n) k *= 2;
      this.em = new Float64Array(k * N_LABELS);
      this.delta = new Float64Array(k * N_LABELS);
      this.back = new Uint8Array(k * N_LABELS);
      this.labels = new Uint8Array(k);
      this.beta = new Float64Array(k * N_LABELS);
    }
    const { em, delta, back, labels } = this;
    emissions(m.w, this.feats.rows, n, em);
    addEmissions?.(em);
    // Transition scores, -inf where BIOES forbids the pair. Recomputed only when the weights
    // change (the trainer updates them in place, so it always recomputes).
    const tr = this.trans;
    if (this.transOf !== m.t || m.t instanceof Float64Array) {
      transitions(m.t, tr);
      this.transOf = m.t;
    }
    if (n === 0) return labels;
    const start0 = N_LABELS * N_LABELS;
    for (let y = 0; y < N_LABELS; y++) delta[y] = em[y] + tr[start0 + y];
    // Only allowed predecessors are visited: O, B-X and S-X follow one of the 7 closing labels
    // (shared scan), I-X and E-X follow B-X or I-X: 61 pairs a character instead of 169.
    const nc = CLOSED.length;
    for (let i = 1; i < n; i++) {
      const o = i * N_LABELS;
      const p = o - N_LABELS;
      for (let y = 0; y < N_LABELS; y++) {
        let arg: number;
        let best: number;
        const part = y === 0 ? 0 : (y - 1) & 3;
        if (part === 1 || part === 2) {
          // I-X or E-X: from B-X (y - part) or I-X (y - part + 1)
          const b = y - part;
          const sb = delta[p + b] + tr[b * N_LABELS + y];
          const si = delta[p + b + 1] + tr[(b + 1) * N_LABELS + y];
          if (si > sb) {
            best = si;
            arg = b + 1;
          } else {
            best = sb;
            arg = b;
          }
        } else {
          arg = CLOSED[0];
          best = delta[p + arg] + tr[arg * N_LABELS + y];
          for (let j = 1; j < nc; j++) {
            const x = CLOSED[j];
            const sc = delta[p + x] + tr[x * N_LABELS + y];
            if (sc > best) {
              best = sc;
              arg = x;
            }
          }
        }
        delta[o + y] = best + em[o + y];
        back[o + y] = arg;
      }
    }
    const last = (n - 1) * N_LABELS;
    let y = 0;
    for (let k = 1; k < N_LABELS; k++) if (canEnd(k) && delta[last + k] > delta[last + y]) y = k;
    for (let i = n - 1; i >= 0; i--) {
      labels[i] = y;
      y = back[i * N_LABELS + y];
    }
    return labels;
  }

  /**
   * Margin of each span of the last decoded line, in weight units: the score of the best path
   * minus that of the best path labelling any character of the span differently (max-marginals
   * from a backward max-product pass). 0 means a tie; a large margin, a confident span.
   */
  margins(spans: readonly EntitySpan[], offset: number): number[] {
    const n = this.n;
    const k = this.kernel;
    if (k) k.backward(n);
    else this.backward(n);
    const { delta, beta, labels } = k ?? this;
    const L = N_LABELS;
    let best = Number.NEGATIVE_INFINITY;
    for (let y = 0; y < L; y++) {
      const s = delta[(n - 1) * L + y] + beta[(n - 1) * L + y];
      if (s > best) best = s;
    }
    return spans.map((sp) => {
      let alt = Number.NEGATIVE_INFINITY;
      for (let i = sp.start - offset; i < sp.end - offset; i++) {
        for (let y = 0; y < L; y++) {
          if (y === labels[i]) continue;
          const s = delta[i * L + y] + beta[i * L + y];
          if (s > alt) alt = s;
        }
      }
      return best - alt;
    });
  }

  /** Backward max-product scores beta[i·13 + x] of the last decoded line (see margins). */
  private backward(n: number): void {
    const { em, beta, trans: tr } = this;
    const L = N_LABELS;
    for (let y = 0; y < L; y++) beta[(n - 1) * L + y] = canEnd(y) ? 0 : Number.NEGATIVE_INFINITY;
    for (let i = n - 2; i >= 0; i--) {
      const o = i * L;
      const q = o + L;
      for (let x = 0; x < L; x++) {
        const next = NEXT[x];
        let best = Number.NEGATIVE_INFINITY;
        for (let j = 0; j < next.length; j++) {
          const y = next[j];
          const s = tr[x * L + y] + em[q + y] + beta[q + y];
          if (s > best) best = s;
        }
        beta[o + x] = best;
      }
    }
  }
}

/** Transition scores of `t` into `tr` (14 × 13), -inf where BIOES forbids the pair. */
function transitions(t: Weights['t'], tr: Float64Array): void {
  for (let x = 0; x <= N_LABELS; x++)
    for (let y = 0; y < N_LABELS; y++)
      tr[x * N_LABELS + y] = allowed(x === N_LABELS ? -1 : x, y)
        ? t[x * N_LABELS + y]
        : Number.NEGATIVE_INFINITY;
}

/** One kernel per shipped weight set (they are never changed in place: only trained ones are). */
const kernels = new WeakMap<Int16Array, LinearKernel>();
function kernelOf(m: { w: Int16Array; t: Int16Array }): LinearKernel {
  let k = kernels.get(m.w);
  if (!k) {
    const tr = new Float64Array((N_LABELS + 1) * N_LABELS);
    transitions(m.t, tr);
    k = new LinearKernel(m.w, tr);
    kernels.set(m.w, k);
  }
  return k;
}

/**
 * Emission scores em[i·N_LABELS + y] = Σ_t w[row(i, t)·N_LABELS + y], the 13 labels unrolled
 * into locals: one read of each weight row and one write per label and character (this loop is
 * most of the tagging time).
 */
function emissions(w: Weights['w'], rows: Int32Array, n: number, em: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let e0 = 0;
    let e1 = 0;
    let e2 = 0;
    let e3 = 0;
    let e4 = 0;
    let e5 = 0;
    let e6 = 0;
    let e7 = 0;
    let e8 = 0;
    let e9 = 0;
    let e10 = 0;
    let e11 = 0;
    let e12 = 0;
    const ro = i * N_TEMPLATES;
    for (let k = 0; k < N_TEMPLATES; k++) {
      const o = rows[ro + k] * 13;
      e0 += w[o];
      e1 += w[o + 1];
      e2 += w[o + 2];
      e3 += w[o + 3];
      e4 += w[o + 4];
      e5 += w[o + 5];
      e6 += w[o + 6];
      e7 += w[o + 7];
      e8 += w[o + 8];
      e9 += w[o + 9];
      e10 += w[o + 10];
      e11 += w[o + 11];
      e12 += w[o + 12];
    }
    const eo = i * 13;
    em[eo] = e0;
    em[eo + 1] = e1;
    em[eo + 2] = e2;
    em[eo + 3] = e3;
    em[eo + 4] = e4;
    em[eo + 5] = e5;
    em[eo + 6] = e6;
    em[eo + 7] = e7;
    em[eo + 8] = e8;
    em[eo + 9] = e9;
    em[eo + 10] = e10;
    em[eo + 11] = e11;
    em[eo + 12] = e12;
  }
}
if (N_LABELS !== 13) throw new Error('emissions() is unrolled for 13 labels');

/** Entity spans of a (valid) BIOES label sequence, offsets shifted by `offset`. */
export function spansOf(labels: ArrayLike<number>, n: number, offset = 0): EntitySpan[] {
  const out: EntitySpan[] = [];
  for (let i = 0; i < n; i++) {
    const y = labels[i];
    if (y === 0) continue;
    const p = part(y);
    if (p === 3) out.push({ type: ENTITY_TYPES[typeOf(y)], start: offset + i, end: offset + i + 1 });
    else if (p === 0) {
      let j = i + 1;
      while (j < n && part(labels[j]) === 1) j++;
      if (j < n && part(labels[j]) === 2) {
        out.push({ type: ENTITY_TYPES[typeOf(y)], start: offset + i, end: offset + j + 1 });
        i = j;
      }
    }
  }
  return out;
}

/** BIOES labels of entity spans over n characters (for training). */
export function labelsOf(spans: readonly [number, number, string][], n: number): Uint8Array {
  const y = new Uint8Array(n);
  for (const [a, b, t] of spans) {
    const base = 1 + 4 * ENTITY_TYPES.indexOf(t as EntityType);
    if (b - a === 1) y[a] = base + 3;
    else {
      y[a] = base;
      for (let i = a + 1; i < b - 1; i++) y[i] = base + 1;
      y[b - 1] = base + 2;
    }
  }
  return y;
}

/**
 * Model file (data/ner/model.bin), uncompressed so that loading is one read (the npm tarball is
 * compressed anyway):
 *   "WNER1\n" + JSON header line + Int16 little-endian feature weights + Int16 transitions,
 * weights being round(value · scale). The header records how the model was trained.
 */
export interface ModelHeader {
  format: 'WNER1';
  labels: readonly string[];
  hashBits: number;
  templates: number;
  scale: number;
  trained: Record<string, unknown>;
}

const MAGIC = 'WNER1\n';

export function encodeModel(m: Weights, trained: Record<string, unknown>): Buffer {
  let max = 0;
  for (const v of m.w) if (Math.abs(v) > max) max = Math.abs(v);
  for (const v of m.t) if (Math.abs(v) > max) max = Math.abs(v);
  const scale = max > 0 ? 32767 / max : 1;
  const header: ModelHeader = {
    format: 'WNER1',
    labels: LABELS,
    hashBits: HASH_BITS,
    templates: N_TEMPLATES,
    scale,
    trained,
  };
  const q = (a: Float64Array | Int16Array) => {
    const out = new Int16Array(a.length);
    for (let i = 0; i < a.length; i++) out[i] = Math.round(a[i] * scale);
    return Buffer.from(out.buffer);
  };
  return Buffer.concat([Buffer.from(`${MAGIC}${JSON.stringify(header)}\n`, 'utf8'), q(m.w), q(m.t)]);
}

function decodeModel(raw: Buffer, source: string): { header: ModelHeader; weights: Weights } {
  const bad = (why: string) => new Error(`NER model ${source}: ${why}`);
  if (raw.subarray(0, MAGIC.length).toString('utf8') !== MAGIC) throw bad('not a WNER1 model file');
  const nl = raw.indexOf(10, MAGIC.length);
  const header = JSON.parse(raw.subarray(MAGIC.length, nl).toString('utf8')) as ModelHeader;
  if (header.hashBits !== HASH_BITS || header.templates !== N_TEMPLATES)
    throw bad(
      `built for ${header.hashBits}-bit hashing / ${header.templates} templates, code has ${HASH_BITS} / ${N_TEMPLATES}`,
    );
  if (header.labels.join() !== LABELS.join()) throw bad('label set differs from the code');
  const nw = (1 << HASH_BITS) * N_LABELS;
  const nt = (N_LABELS + 1) * N_LABELS;
  const body = raw.subarray(nl + 1);
  if (body.length !== 2 * (nw + nt))
    throw bad(`expected ${2 * (nw + nt)} weight bytes, found ${body.length}`);
  // Copy to an aligned buffer (a subarray may start at an odd offset); little-endian as written.
  const ints = new Int16Array(nw + nt);
  Buffer.from(ints.buffer).set(body);
  return { header, weights: { w: ints.subarray(0, nw), t: ints.subarray(nw) } };
}

/** Where the shipped model lives: data/ner/ at the package root (src/ and dist/ are both 3 deep). */
export const MODEL_PATH = fileURLToPath(new URL('../../../data/ner/model.bin', import.meta.url));

let loaded: { header: ModelHeader; weights: Weights } | undefined;

/** The shipped model, read on first use (detection without names/addresses never pays for it). */
export function loadModel(path = MODEL_PATH): { header: ModelHeader; weights: Weights } {
  if (path === MODEL_PATH && loaded) return loaded;
  let raw: Buffer;
  try {
    raw = readFileSync(path);
  } catch (e) {
    throw new Error(`NER model ${path}: cannot read (${(e as Error).message})`);
  }
  const m = decodeModel(raw, path);
  if (path === MODEL_PATH) loaded = m;
  return m;
}
