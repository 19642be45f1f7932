#!/bin/sh
# Builds data/ner/dense.wasm, the SIMD kernel of the dense NER network, from src/detect/ner/dense.c,
# and data/ner/linear.wasm, the kernel decoding the linear model, from src/detect/ner/linear.c.
# Needs clang and lld with the wasm32 target (Debian: apt-get install clang lld). The .wasm file is
# committed, so installs and CI never compile; rebuild them whenever a .c file changes (the tests
# test/detect/ner-dense.test.ts and ner-kernel.test.ts check the kernels against the TypeScript references).
set -eu
cd "$(dirname "$0")/../.."
clang --target=wasm32 -O3 -msimd128 -nostdlib -ffreestanding \
  -Wl,--no-entry -Wl,--import-memory -Wl,--export=__heap_base -Wl,--strip-all \
  -o data/ner/dense.wasm src/detect/ner/dense.c
echo "wrote data/ner/dense.wasm ($(wc -c < data/ner/dense.wasm) bytes)"
clang --target=wasm32 -O3 -msimd128 -nostdlib -ffreestanding \
  -Wl,--no-entry -Wl,--import-memory -Wl,--export=__heap_base -Wl,--strip-all \
  -o data/ner/linear.wasm src/detect/ner/linear.c
echo "wrote data/ner/linear.wasm ($(wc -c < data/ner/linear.wasm) bytes)"
