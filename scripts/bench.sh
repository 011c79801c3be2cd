#!/usr/bin/env bash
# npm run bench: our engine (native, WebAssembly in node, WebAssembly in headless Chromium) side by
# side with TensorFlow.js 4.x (WASM and CPU backends), in one run on this machine. Prints a table
# on stdout and writes bench-results/bench.json (bench-results/native.json: the native runner's own
# report). Progress on stderr. Details: bench/run.js, bench/workloads.js.
#
# M1 (issue 16: the course's MNIST configuration on the full Fashion-MNIST set, bench/m1.js) needs
# Debian's dataset-fashion-mnist and, for its scikit-learn side, python3-sklearn: installed here,
# for the bench only, unless M1 is skipped.
#
# Environment: MLP_BENCH_REPEATS (default 5), MLP_BENCH_ONLY (e.g. W3, M1), MLP_BENCH_SKIP
# (e.g. tfjs-cpu,ours-wasm-chromium,M1), MLP_BENCH_M1_REPEATS (default 3), MLP_BENCH_BROWSER_TFJS=0.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
extra=${MLP_EXTRA_PACKAGES:-}
if [[ ",${MLP_BENCH_SKIP:-}," != *,M1,* ]]; then
  extra="$extra python3-sklearn dataset-fashion-mnist"
fi
MLP_EXTRA_PACKAGES=$extra bash scripts/setup.sh </dev/null >&2
mkdir -p build
log=build/bench-build.log
: >"$log"
build() {
  echo "bench: $*" >&2
  if ! "$@" >>"$log" 2>&1; then
    tail -n 40 "$log" >&2
    echo "bench: build failed (log: $log)" >&2
    exit 1
  fi
}
build cmake --preset native
build cmake --build --preset native --target mlp-bench
build npm run -s build:wasm
build cmake --build --preset wasm --target mlp-bench
exec node bench/run.js
