import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  addDense,
  DENSE_PATH,
  DENSE_WASM_PATH,
  DenseBuffers,
  DenseKernel,
  decodeDense,
  loadDense,
} from '../../src/detect/ner/dense.js';
import { loadModel } from '../../src/detect/ner/index.js';

/**
 * The dense network of the NER tagger: its WebAssembly SIMD kernel must compute what the
 * TypeScript reference computes, and a run on some characters only must give there exactly what
 * the whole line gives. A small synthetic model in the
 * trainer's file format (seeded weights) stands in for a trained one.
 */
function synthetic(stack: boolean): Buffer {
  const C = 32;
  const V = 40;
  const header = {
    format: 'WNERD1',
    half: 3,
    labels: Array.from({ length: 13 }, (_, i) => `L${i}`),
    channels: C,
    vocab: V,
    bigramBits: 8,
    dilations: [2, 4],
    stack,
    trained: {},
  };
  const halves = (V + 2) * 5 * C + 2 * 256 * C;
  const floats = C + 2 * (3 * C + C + C * C + C) + 13 * C + 13 + (stack ? 3 * 13 * C + 13 : 0);
  let seed = 18;
  const next = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed / 2 ** 32 - 0.5) * 0.6;
  };
  const half = Buffer.alloc(2 * halves);
  // Float16 patterns of small values: sign, exponent 10..14, random mantissa.
  for (let i = 0; i < halves; i++) {
    const v = next();
    half.writeUInt16LE(
      (v < 0 ? 0x8000 : 0) | ((10 + Math.floor(Math.abs(v) * 8)) << 10) | ((i * 37) % 1024),
      2 * i,
    );
  }
  const f = new Float32Array(floats);
  for (let i = 0; i < floats; i++) f[i] = next();
  const vocab = new Uint16Array(V);
  for (let i = 0; i < V; i++)
    vocab[i] =
      '张王李赵刘陈杨黄周吴记者从北京大学获悉教授将于下月前往上海交流说了和在的是有人abc12'.charCodeAt(i) ||
      0x4e00 + i;
  return Buffer.concat([
    Buffer.from(`WNERD1\n${JSON.stringify(header)}\n`),
    Buffer.from(vocab.buffer),
    half,
    Buffer.from(f.buffer),
  ]);
}

const texts = [
  '记者从北京大学获悉，张晓明教授将于下月前往上海交流。',
  '王',
  'ab',
  '李四和张三 meet at 3pm 😀 in 深圳，周五',
];

describe('dense NER network', () => {
  it('ships its weights and kernel in data/ner/ (in the package) and loads them from there', () => {
    expect(DENSE_PATH.endsWith('/data/ner/dense.bin')).toBe(true);
    expect(DENSE_WASM_PATH.endsWith('/data/ner/dense.wasm')).toBe(true);
    expect(existsSync(DENSE_PATH) && existsSync(DENSE_WASM_PATH)).toBe(true);
    const m = loadDense();
    expect(m.header.labels).toEqual(loadModel().header.labels);
    expect(m.header.stack).toBe(true);
    expect(() => new DenseKernel(m)).not.toThrow();
  });

  for (const stack of [false, true]) {
    it(`the WebAssembly kernel computes what the TypeScript reference computes${stack ? ' (stacked)' : ''}`, () => {
      const m = decodeDense(synthetic(stack), 'synthetic');
      const k = new DenseKernel(m);
      const buf = new DenseBuffers();
      for (const t of texts) {
        const base = Float64Array.from({ length: 13 * t.length }, (_, i) => ((i * 7919) % 200) - 100);
        const a = base.slice();
        const b = base.slice();
        addDense(m, t, 0, t.length, 3, a, buf, undefined, 10);
        k.add(t, 0, t.length, 3, b, undefined, 10);
        for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThan(1e-3);
        expect(a.some((v, i) => v !== base[i])).toBe(true);
      }
    });
  }

  it('run on some characters only, gives there exactly what the whole line gives', () => {
    const m = decodeDense(synthetic(true), 'synthetic');
    const k = new DenseKernel(m);
    const t = texts[0].repeat(3);
    const base = Float64Array.from({ length: 13 * t.length }, (_, i) => ((i * 7919) % 200) - 100);
    const full = base.slice();
    k.add(t, 0, t.length, 1, full, undefined, 10);
    const want = new Uint8Array(t.length);
    for (let i = 0; i < t.length; i += 7) want[i] = 1;
    const part = base.slice();
    k.add(t, 0, t.length, 1, part, want, 10);
    for (let i = 0; i < t.length; i++)
      for (let y = 0; y < 13; y++) {
        const j = 13 * i + y;
        if (want[i]) expect(part[j]).toBeCloseTo(full[j], 4);
        else expect(part[j]).toBe(base[j]);
      }
  });

  it('rejects a file that is not a dense model, naming it', () => {
    expect(() => decodeDense(Buffer.from('WNER1\n{}\n'), 'x.bin')).toThrow(/x\.bin/);
  });
});
