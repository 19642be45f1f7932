import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { growTo, layOut, Wasm, type WasmMemory } from './wasm.js';

/**
 * The dense half of the NER tagger (session 6; scripts/train-ner/README.md): a small dilated convolutional network over character and
 * character-bigram embeddings (scripts/train-ner/train_dense.py, which documents the
 * architecture and cost), whose 13 label log-probabilities are added to the linear model's emission scores
 * before Viterbi decoding (src/detect/ner/model.ts). Inference is plain TypeScript over Float32Arrays: the first
 * layer is precomputed per character and offset by the exporter, so it is 7 table rows added, and
 * the rest is two depthwise-separable blocks and the output layer, about 3,000 multiply-adds a
 * character at 32 channels.
 */

const MAGIC = 'WNERD1\n';
const L = 13;

interface DenseHeader {
  format: 'WNERD1';
  labels: readonly string[];
  channels: number;
  vocab: number;
  bigramBits: number;
  dilations: number[];
  /** How many leading tables are stored as IEEE float16 (the big embedding tables). */
  half?: number;
  /** Whether the network also reads the linear model's emission scores (stacking). */
  stack?: boolean;
  trained: Record<string, unknown>;
}

export interface DenseModel {
  header: DenseHeader;
  /** Code unit -> character id (1 = unknown; 0 is never a character: the zero row past a line). */
  ids: Int32Array;
  /** (vocab + 2) × 5 × C: the first convolution applied to each character, per offset −2..2. */
  a: Float32Array;
  bl: Float32Array;
  br: Float32Array;
  b1: Float32Array;
  blocks: { dw: Float32Array; dwb: Float32Array; pw: Float32Array; pwb: Float32Array; d: number }[];
  out: Float32Array;
  outb: Float32Array;
  /** Stacking: 3 × 13 × C weights of the linear emissions at i − 1, i, i + 1 in layer 1, and the
   * 13 per-label scales of the emission at i added to the output (both per weight unit). */
  sm?: Float32Array;
  gamma?: Float32Array;
}

export function decodeDense(raw: Buffer, source: string): DenseModel {
  const bad = (why: string) => new Error(`NER dense model ${source}: ${why}`);
  if (raw.subarray(0, MAGIC.length).toString('utf8') !== MAGIC) throw bad('not a WNERD1 model file');
  const nl = raw.indexOf(10, MAGIC.length);
  const header = JSON.parse(raw.subarray(MAGIC.length, nl).toString('utf8')) as DenseHeader;
  if (header.labels.length !== L) throw bad('label set differs from the code');
  const C = header.channels;
  const V = header.vocab;
  let off = nl + 1;
  const ids = new Int32Array(65536).fill(1);
  for (let i = 0; i < V; i++) ids[raw.readUInt16LE(off + 2 * i)] = i + 2;
  off += 2 * V;
  const nb = 1 << header.bigramBits;
  const sizes = [(V + 2) * 5 * C, nb * C, nb * C, C];
  for (const _ of header.dilations) sizes.push(3 * C, C, C * C, C);
  sizes.push(L * C, L);
  if (header.stack) sizes.push(3 * L * C, L);
  const total = sizes.reduce((s, x) => s + x, 0);
  const halves = sizes.slice(0, header.half ?? 0).reduce((s, x) => s + x, 0);
  const bytes = 2 * halves + 4 * (total - halves);
  if (raw.length - off !== bytes) throw bad(`expected ${bytes} weight bytes, found ${raw.length - off}`);
  const all = new Float32Array(total);
  if (halves > 0) {
    const f16 = halfTable();
    const bits = new Uint16Array(halves);
    Buffer.from(bits.buffer).set(raw.subarray(off, off + 2 * halves));
    for (let i = 0; i < halves; i++) all[i] = f16[bits[i]];
  }
  // One aligned copy of the float32 part (the body may start at any offset); little-endian.
  Buffer.from(all.buffer, 4 * halves).set(raw.subarray(off + 2 * halves));
  let p = 0;
  const take = (n: number) => {
    const s = all.subarray(p, p + n);
    p += n;
    return s;
  };
  const a = take(sizes[0]);
  const bl = take(nb * C);
  const br = take(nb * C);
  const b1 = take(C);
  const blocks = header.dilations.map((d) => ({
    dw: take(3 * C),
    dwb: take(C),
    pw: take(C * C),
    pwb: take(C),
    d,
  }));
  const out = take(L * C);
  const outb = take(L);
  const sm = header.stack ? take(3 * L * C) : undefined;
  const gamma = header.stack ? take(L) : undefined;
  return { header, ids, a, bl, br, b1, blocks, out, outb, sm, gamma };
}

/** Float32 value of every IEEE 754 binary16 bit pattern (Node 20 has no Float16Array). */
function halfTable(): Float32Array {
  const t = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) {
    const sign = h & 0x8000 ? -1 : 1;
    const e = (h >> 10) & 0x1f;
    const f = h & 0x3ff;
    if (e === 0) t[h] = sign * 2 ** -14 * (f / 1024);
    else if (e === 31) t[h] = f ? Number.NaN : sign * Number.POSITIVE_INFINITY;
    else t[h] = sign * 2 ** (e - 15) * (1 + f / 1024);
  }
  return t;
}

/**
 * The characters of a line whose best entity label scores within t of O under the linear
 * emissions em (13 a character): where the network runs. Elsewhere the linear model is sure
 * enough that the network would not change the labels (chosen on the development splits).
 */
export function unsure(em: Float64Array, n: number, t: number, mask: Uint8Array): Uint8Array {
  for (let i = 0; i < n; i++) {
    const o = i * L;
    let best = em[o + 1];
    for (let y = 2; y < L; y++) if (em[o + y] > best) best = em[o + y];
    mask[i] = em[o] - best < t ? 1 : 0;
  }
  return mask;
}

export const DENSE_PATH = fileURLToPath(new URL('../../../data/ner/dense.bin', import.meta.url));

let loaded: DenseModel | undefined;

/** The shipped network (or the file at `path`), read on first use. */
export function loadDense(path = DENSE_PATH): DenseModel {
  if (path === DENSE_PATH && loaded) return loaded;
  let raw: Buffer;
  try {
    raw = readFileSync(path);
  } catch (e) {
    throw new Error(`NER dense model ${path}: cannot read (${(e as Error).message})`);
  }
  const m = decodeDense(raw, path);
  if (path === DENSE_PATH) loaded = m;
  return m;
}

/** Bucket of a code-unit pair, as train_dense.py's bigram_hash (Knuth's multiplicative hash). */
const bucket = (a: number, b: number, shift: number) => Math.imul((a << 16) | b, 2654435761 | 0) >>> shift;

/** Scratch buffers, grown on demand and reused across lines. */
export class DenseBuffers {
  h = new Float32Array(0);
  g = new Float32Array(0);
  id = new Int32Array(0);
  /** Per character: 1 where layer 1 / block 1 / the output is needed. */
  need0 = new Uint8Array(0);
  need1 = new Uint8Array(0);
  z = new Float64Array(L);
}

/**
 * Marks i − r, i and i + r for every marked i of `src` in `dst` (n characters): the positions a
 * width-3 convolution with dilation r reads (and its residual input) for the outputs at `src`.
 */
function dilate(src: Uint8Array, dst: Uint8Array, n: number, r: number): void {
  dst.fill(0, 0, n);
  for (let i = 0; i < n; i++) {
    if (src[i] === 0) continue;
    dst[i] = 1;
    if (i >= r) dst[i - r] = 1;
    if (i + r < n) dst[i + r] = 1;
  }
}

/**
 * Adds w × log p(label | line) of text[start, end) to em[i·13 + y] (the linear emissions) at every
 * character i with want[i] = 1 (all characters without `want`). Only the hidden states those
 * outputs read are computed (output i reads block 1 at i ± 4, which reads layer 1 at ± 2 more), so
 * each wanted output is exactly what the whole line would give.
 */
export function addDense(
  m: DenseModel,
  text: string,
  start: number,
  end: number,
  w: number,
  em: Float64Array,
  buf: DenseBuffers,
  want?: Uint8Array,
  emScale = 1,
): void {
  const n = end - start;
  const C = m.header.channels;
  if (buf.id.length < n) {
    const k = Math.max(2 * n, 256);
    buf.h = new Float32Array(k * C);
    buf.g = new Float32Array(k * C);
    buf.id = new Int32Array(k);
    buf.need0 = new Uint8Array(k);
    buf.need1 = new Uint8Array(k);
  }
  const { h, g, id, need0, need1, z } = buf;
  if (want) {
    // Dilations of the two blocks: block 2 reads block 1 at ± d2, block 1 reads layer 1 at ± d1.
    dilate(want, need1, n, m.blocks[1].d);
    dilate(need1, need0, n, m.blocks[0].d);
  } else {
    need0.fill(1, 0, n);
    need1.fill(1, 0, n);
  }
  const need2 = want ?? need1;
  const { ids, a, bl, br, b1 } = m;
  for (let i = 0; i < n; i++) id[i] = ids[text.charCodeAt(start + i)];
  const shift = 32 - m.header.bigramBits;
  const C5 = 5 * C;
  // Layer 1: bias + the 5 character rows in reach + the two bigram rows, then ReLU.
  for (let i = 0; i < n; i++) {
    if (need0[i] === 0) continue;
    const o = i * C;
    for (let c = 0; c < C; c++) h[o + c] = b1[c];
    for (let k = 0; k < 5; k++) {
      const j = i + k - 2;
      if (j < 0 || j >= n) continue;
      const r = id[j] * C5 + k * C;
      for (let c = 0; c < C; c++) h[o + c] += a[r + c];
    }
    const cur = text.charCodeAt(start + i);
    const prev = i > 0 ? text.charCodeAt(start + i - 1) : 0;
    const next = i + 1 < n ? text.charCodeAt(start + i + 1) : 0;
    const rl = bucket(prev, cur, shift) * C;
    const rr = bucket(cur, next, shift) * C;
    const sm = m.sm;
    if (sm) {
      for (let k = 0; k < 3; k++) {
        const j = i + k - 1;
        if (j < 0 || j >= n) continue;
        for (let y = 0; y < L; y++) {
          const x = em[j * L + y] / emScale;
          const r = (k * L + y) * C;
          for (let c = 0; c < C; c++) h[o + c] += x * sm[r + c];
        }
      }
    }
    for (let c = 0; c < C; c++) {
      const v = h[o + c] + bl[rl + c] + br[rr + c];
      h[o + c] = v > 0 ? v : 0;
    }
  }
  // Residual blocks: depthwise width-3 dilated convolution, pointwise C × C, ReLU.
  for (let b = 0; b < m.blocks.length; b++) {
    const { dw, dwb, pw, pwb, d } = m.blocks[b];
    const need = b === 0 ? need1 : need2;
    for (let i = 0; i < n; i++) {
      if (need[i] === 0) continue;
      const o = i * C;
      const hasL = i - d >= 0;
      const hasR = i + d < n;
      const ol = o - d * C;
      const or = o + d * C;
      for (let c = 0; c < C; c++) {
        let v = dwb[c] + dw[3 * c + 1] * h[o + c];
        if (hasL) v += dw[3 * c] * h[ol + c];
        if (hasR) v += dw[3 * c + 2] * h[or + c];
        g[o + c] = v;
      }
    }
    for (let i = 0; i < n; i++) {
      if (need[i] === 0) continue;
      const o = i * C;
      for (let q = 0; q < C; q++) {
        let v = pwb[q];
        const r = q * C;
        for (let c = 0; c < C; c++) v += pw[r + c] * g[o + c];
        if (v > 0) h[o + q] += v;
      }
    }
  }
  // Output layer and log-softmax, weighted into the emissions.
  const { out, outb } = m;
  for (let i = 0; i < n; i++) {
    if (need2[i] === 0) continue;
    const o = i * C;
    let max = Number.NEGATIVE_INFINITY;
    const gamma = m.gamma;
    for (let y = 0; y < L; y++) {
      let v = outb[y];
      const r = y * C;
      for (let c = 0; c < C; c++) v += out[r + c] * h[o + c];
      if (gamma) v += (gamma[y] * em[i * L + y]) / emScale;
      z[y] = v;
      if (v > max) max = v;
    }
    let s = 0;
    for (let y = 0; y < L; y++) s += Math.exp(z[y] - max);
    const lse = max + Math.log(s);
    const e = i * L;
    for (let y = 0; y < L; y++) em[e + y] += w * (z[y] - lse);
  }
}

export const DENSE_WASM_PATH = fileURLToPath(new URL('../../../data/ner/dense.wasm', import.meta.url));

/**
 * The same network run by the WebAssembly SIMD kernel (dense.c beside this file, built to
 * data/ner/dense.wasm by scripts/train-ner/build-dense-wasm.sh): four float lanes at a time, several times
 * faster than the TypeScript loops above, which stay as its reference (the tests compare them).
 * Memory: the weights at load, then the per-line buffers, grown with the longest line.
 */
export class DenseKernel {
  private readonly memory: WasmMemory;
  private readonly forward: (...args: number[]) => void;
  private base: number;
  private cap = 0;
  private p = { id: 0, lb: 0, rb: 0, n0: 0, n1: 0, n2: 0, h: 0, g: 0, z: 0, se: 0 };
  private readonly C: number;
  private readonly shift: number;
  private readonly ids: Int32Array;
  private readonly gamma?: Float32Array;

  constructor(m: DenseModel, wasm = readFileSync(DENSE_WASM_PATH)) {
    const C = m.header.channels;
    this.C = C;
    this.shift = 32 - m.header.bigramBits;
    this.ids = m.ids;
    if (m.blocks.length !== 2) throw new Error('NER dense kernel: built for 2 blocks');
    const mod = new Wasm.Module(wasm);
    this.memory = new Wasm.Memory({ initial: 2 });
    const inst = new Wasm.Instance(mod, { env: { memory: this.memory } });
    const ex = inst.exports;
    if ((ex.channels as () => number)() !== C)
      throw new Error(
        `NER dense kernel: built for ${(ex.channels as () => number)()} channels, model has ${C}`,
      );
    // Weight layout of dense.c: transposed pointwise and output matrices, output padded to 16.
    const tr = (src: Float32Array, rows: number, cols: number, padCols = cols) => {
      const t = new Float32Array(cols * padCols);
      for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) t[c * padCols + r] = src[r * cols + c];
      return t;
    };
    const taps = (dw: Float32Array) => {
      const t = new Float32Array(3 * C);
      for (let c = 0; c < C; c++) for (let k = 0; k < 3; k++) t[k * C + c] = dw[3 * c + k];
      return t;
    };
    const outb = new Float32Array(16);
    outb.set(m.outb);
    const parts: Float32Array[] = [m.a, m.bl, m.br, m.b1];
    for (const b of m.blocks) parts.push(taps(b.dw), b.dwb, tr(b.pw, C, C), b.pwb);
    parts.push(tr(m.out, L, C, 16), outb);
    let at = ((ex.__heap_base as { value: number }).value + 15) & ~15;
    const bytes = parts.reduce((s, x) => s + 4 * x.length, 0);
    growTo(this.memory, at + bytes);
    const ptrs: number[] = [];
    for (const x of parts) {
      new Float32Array(this.memory.buffer, at, x.length).set(x);
      ptrs.push(at);
      at += 4 * x.length;
    }
    this.base = at;
    const [a, bl, br, b1, dw0, dwb0, pw0, pwb0, dw1, dwb1, pw1, pwb1, out, ob] = ptrs;
    const d = m.blocks.map((b) => b.d);
    (ex.set_net as (...args: number[]) => void)(
      a,
      bl,
      br,
      b1,
      dw0,
      dwb0,
      pw0,
      pwb0,
      d[0],
      dw1,
      dwb1,
      pw1,
      pwb1,
      d[1],
      out,
      ob,
    );
    this.forward = ex.forward as (...args: number[]) => void;
    if (m.sm) {
      // 3 × 16 × C: labels padded to 16 per offset, as dense.c reads them.
      const sm = new Float32Array(3 * 16 * C);
      for (let k = 0; k < 3; k++) sm.set(m.sm.subarray(k * L * C, (k + 1) * L * C), k * 16 * C);
      growTo(this.memory, at + 4 * sm.length);
      new Float32Array(this.memory.buffer, at, sm.length).set(sm);
      (ex.set_stack as (p: number) => void)(at);
      at += 4 * sm.length;
      this.base = at;
      this.gamma = m.gamma;
    }
  }

  /** As addDense, by the kernel. */
  add(
    text: string,
    start: number,
    end: number,
    w: number,
    em: Float64Array,
    want?: Uint8Array,
    emScale = 1,
  ): void {
    const d1 = 2;
    const d2 = 4;
    const n = end - start;
    // A line where the linear model is sure everywhere: nothing to add.
    if (want && want.subarray(0, n).indexOf(1) < 0) return;
    const C = this.C;
    if (n > this.cap) {
      const k = Math.max(2 * n, 256);
      this.p = layOut(this.memory, this.base, {
        id: 4 * k,
        lb: 4 * k,
        rb: 4 * k,
        n0: k,
        n1: k,
        n2: k,
        h: 4 * k * C,
        g: 4 * k * C,
        z: 64 * k,
        se: 64 * k,
      });
      this.cap = k;
    }
    const buf = this.memory.buffer;
    const p = this.p;
    const id = new Int32Array(buf, p.id, n);
    const lb = new Int32Array(buf, p.lb, n);
    const rb = new Int32Array(buf, p.rb, n);
    const ids = this.ids;
    const shift = this.shift;
    let prev = 0;
    for (let i = 0; i < n; i++) {
      const cur = text.charCodeAt(start + i);
      id[i] = ids[cur];
      lb[i] = bucket(prev, cur, shift);
      if (i > 0) rb[i - 1] = lb[i];
      prev = cur;
    }
    if (n > 0) rb[n - 1] = bucket(prev, 0, shift);
    const n0 = new Uint8Array(buf, p.n0, n);
    const n1 = new Uint8Array(buf, p.n1, n);
    const n2 = new Uint8Array(buf, p.n2, n);
    if (want) {
      n2.set(want.subarray(0, n));
      dilate(n2, n1, n, d2);
      dilate(n1, n0, n, d1);
    } else {
      n0.fill(1);
      n1.fill(1);
      n2.fill(1);
    }
    const gamma = this.gamma;
    if (gamma) {
      const se = new Float32Array(buf, p.se, 16 * n);
      for (let i = 0; i < n; i++) for (let y = 0; y < L; y++) se[16 * i + y] = em[i * L + y] / emScale;
    }
    this.forward(n, p.id, p.lb, p.rb, p.n0, p.n1, p.n2, p.h, p.g, p.z, p.se);
    const z = new Float32Array(buf, p.z, 16 * n);
    if (gamma) {
      for (let i = 0; i < n; i++) {
        if (n2[i] === 0) continue;
        for (let y = 0; y < L; y++) z[16 * i + y] += (gamma[y] * em[i * L + y]) / emScale;
      }
    }
    for (let i = 0; i < n; i++) {
      if (n2[i] === 0) continue;
      const o = 16 * i;
      let max = z[o];
      for (let y = 1; y < L; y++) if (z[o + y] > max) max = z[o + y];
      let s = 0;
      for (let y = 0; y < L; y++) s += Math.exp(z[o + y] - max);
      const lse = max + Math.log(s);
      const e = i * L;
      for (let y = 0; y < L; y++) em[e + y] += w * (z[o + y] - lse);
    }
  }
}
