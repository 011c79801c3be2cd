#!/usr/bin/env bash
# npm run bench: builds the native targets, runs mlp-bench, prints its table
# and writes the figures as JSON to bench-results/native.json.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
bash scripts/setup.sh </dev/null >&2
{ cmake --preset native && cmake --build --preset native --target mlp-bench; } >/dev/null
mkdir -p bench-results
build/native/mlp-bench --repeats "${MLP_BENCH_REPEATS:-5}" --json bench-results/native.json
