#!/bin/sh
# EXPERIMENT (session 6, not shipped): builds dense.wasm, the SIMD kernel of the dense NER network,
# from dense.c (both beside this script).
# Needs clang and lld with the wasm32 target (Debian: apt-get install clang lld). The .wasm file is
# committed, so tests never compile; rebuild it whenever dense.c changes (the test
# test/detect/ner-dense-experiment.test.ts checks the kernel against the TypeScript reference).
set -eu
cd "$(dirname "$0")"
clang --target=wasm32 -O3 -msimd128 -nostdlib -ffreestanding \
  -Wl,--no-entry -Wl,--import-memory -Wl,--export=__heap_base -Wl,--strip-all \
  -o dense.wasm dense.c
echo "wrote dense.wasm ($(wc -c < dense.wasm) bytes)"
