#!/usr/bin/env bash
# npm run build:wasm: builds the WebAssembly targets in build/wasm (CMake preset "wasm":
# Emscripten's toolchain, SIMD128, NODE_PATH for emcc's JS tools), incrementally, with 2 jobs.
#   build/wasm/mlp.js + mlp.wasm   the Embind module (when cpp/bindings/*.cpp exist)
#   build/wasm/mlp_tests.js        the GoogleTest suite, run by node (npm run test:wasm)
# Configures first when build/wasm has no cache yet or CMakePresets.json changed since.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ ! -f build/wasm/CMakeCache.txt ] || [ CMakePresets.json -nt build/wasm/CMakeCache.txt ]; then
  cmake --preset wasm
fi
cmake --build --preset wasm
