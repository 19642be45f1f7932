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
