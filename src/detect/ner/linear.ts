import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { growTo, layOut, Wasm, type WasmMemory } from './wasm.js';

/**
 * The shipped (int16) linear model decoded by a WebAssembly SIMD kernel (linear.c beside this
 * file, built to data/ner/linear.wasm by scripts/train-ner/build-dense-wasm.sh): emissions, Viterbi
 * and the backward pass of the margins, with exactly the results of the TypeScript code in
 * model.ts, which stays as the reference (and the trainer's path, its weights being float64);
 * test/detect/ner-kernel.test.ts compares the two. About three times faster than the TypeScript
 * loops: the 19 × 13 weight reads of a character become 38 vector loads.
 */

const L = 13;
const T = 19;

export const LINEAR_WASM_PATH = fileURLToPath(new URL('../../../data/ner/linear.wasm', import.meta.url));

type Fn = (...args: number[]) => void;

export class LinearKernel {
  private readonly memory: WasmMemory;
  private readonly fEmissions: Fn;
  private readonly fViterbi: Fn;
  private readonly fBackward: Fn;
  private readonly base: number;
  private cap = 0;
  private p = { rows: 0, em: 0, delta: 0, beta: 0, back: 0, labels: 0 };
  /** Views of the per-line buffers (capacity-sized), rebuilt when the memory grows. */
  rows = new Int32Array(0);
  em = new Float64Array(0);
  delta = new Float64Array(0);
  beta = new Float64Array(0);
  labels = new Uint8Array(0);

  /** w: the int16 weights; tr: 14 × 13 transitions with -Infinity where BIOES forbids the pair. */
  constructor(w: Int16Array, tr: Float64Array, wasm = readFileSync(LINEAR_WASM_PATH)) {
    const mod = new Wasm.Module(wasm);
    // The kernel's own data (its stack, below __heap_base) takes 2 pages; the weights follow.
    this.memory = new Wasm.Memory({ initial: 2 + Math.ceil((2 * w.length + 8 * tr.length + 64) / 65536) });
    const ex = new Wasm.Instance(mod, { env: { memory: this.memory } }).exports;
    let at = ((ex.__heap_base as { value: number }).value + 15) & ~15;
    const wAt = at;
    // 16 bytes past the last row: the kernel's second load of a row reads 16 bytes from label 8.
    at += (2 * w.length + 16 + 15) & ~15;
    const trAt = at;
    at += 8 * tr.length;
    growTo(this.memory, at);
    new Int16Array(this.memory.buffer, wAt, w.length).set(w);
    new Float64Array(this.memory.buffer, trAt, tr.length).set(tr);
    (ex.set_model as Fn)(wAt, trAt);
    this.base = (at + 15) & ~15;
    this.fEmissions = ex.emissions as Fn;
    this.fViterbi = ex.viterbi as Fn;
    this.fBackward = ex.backward as Fn;
  }

  /** Room for a line of n characters. */
  private ensure(n: number): void {
    if (n <= this.cap) return;
    const k = Math.max(256, 2 * n);
    this.p = layOut(this.memory, this.base, {
      rows: 4 * T * k,
      em: 8 * L * k,
      delta: 8 * L * k,
      beta: 8 * L * k,
      back: L * k,
      labels: k,
    });
    this.cap = k;
    const buf = this.memory.buffer;
    this.rows = new Int32Array(buf, this.p.rows, T * k);
    this.em = new Float64Array(buf, this.p.em, L * k);
    this.delta = new Float64Array(buf, this.p.delta, L * k);
    this.beta = new Float64Array(buf, this.p.beta, L * k);
    this.labels = new Uint8Array(buf, this.p.labels, k);
  }

  /** Emission scores of the n × 19 feature rows into this.em. */
  emissions(rows: Int32Array, n: number): void {
    this.ensure(n);
    this.rows.set(rows.subarray(0, T * n));
    this.fEmissions(n, this.p.rows, this.p.em);
  }

  /** Best labels of the line from this.em (as changed by the caller) into this.labels. */
  viterbi(n: number): void {
    this.fViterbi(n, this.p.em, this.p.delta, this.p.back, this.p.labels);
  }

  /** Backward max-product scores into this.beta (Decoder.margins). */
  backward(n: number): void {
    this.fBackward(n, this.p.em, this.p.beta);
  }
}
