/**
 * The part of the WebAssembly API the NER kernels use (linear.ts, dense.ts): the project's
 * TypeScript libs have no DOM types, where WebAssembly is declared.
 */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

export const Wasm = (
  globalThis as unknown as {
    WebAssembly: {
      Module: new (bytes: Uint8Array) => object;
      Instance: new (mod: object, imports: object) => { exports: Record<string, unknown> };
      Memory: new (d: { initial: number }) => WasmMemory;
    };
  }
).WebAssembly;

/** Grow `memory` (64 KiB pages) until it holds `bytes`. */
export function growTo(memory: WasmMemory, bytes: number): void {
  const have = memory.buffer.byteLength;
  if (bytes > have) memory.grow(Math.ceil((bytes - have) / 65536));
}

/**
 * Regions of the given sizes laid out one after the other from `base`, each on a 16-byte
 * boundary (the kernels' SIMD loads), with `memory` grown to hold them: each region's offset.
 */
export function layOut<K extends string>(
  memory: WasmMemory,
  base: number,
  bytes: Record<K, number>,
): Record<K, number> {
  let at = base;
  const out = {} as Record<K, number>;
  for (const key of Object.keys(bytes) as K[]) {
    out[key] = at;
    at += (bytes[key] + 15) & ~15;
  }
  growTo(memory, at);
  return out;
}
