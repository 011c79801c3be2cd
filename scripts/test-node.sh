#!/usr/bin/env bash
# npm run test:node [files]: the node suites (tests/node, or the files given): the WebAssembly API, the worker
# protocol, parity with the native runner and a leak check. Brings both builds up
# to date first; their output is shown only when a build fails.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! { npm run -s build:native && npm run -s build:wasm; } </dev/null >"$log" 2>&1; then
  cat "$log" >&2
  echo "test:node: the build failed" >&2
  exit 1
fi
if [ $# -eq 0 ]; then set -- tests/node/*.test.js; fi
node --test --test-reporter=spec "$@"
