#!/bin/sh
# Builds data/ner/dense.wasm, the SIMD kernel of the dense NER network, from src/detect/ner/dense.c.
# Needs clang and lld with the wasm32 target (Debian: apt-get install clang lld). The .wasm file is
# committed, so installs and CI never compile; rebuild it whenever dense.c changes (the test
# test/detect/ner-dense.test.ts checks the kernel against the TypeScript reference).
set -eu
cd "$(dirname "$0")/../.."
clang --target=wasm32 -O3 -msimd128 -nostdlib -ffreestanding \
  -Wl,--no-entry -Wl,--import-memory -Wl,--export=__heap_base -Wl,--strip-all \
  -o data/ner/dense.wasm src/detect/ner/dense.c
echo "wrote data/ner/dense.wasm ($(wc -c < data/ner/dense.wasm) bytes)"
