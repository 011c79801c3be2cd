#!/usr/bin/env bash
# npm run test:web: the browser tests (tests/web) of the playground page, in Debian's
# Chromium driven by playwright-core. Builds the page first (npm run build:web, which
# brings the wasm engine up to date too); its output is shown only when the build fails.
# Screenshots for people to look at go to test-results/screenshots/.
#   CHROMIUM_PATH=/path/to/chrome   another browser binary (default /usr/bin/chromium)
#   MLP_LONGTASK_MS=80              the long-task budget of perf.test.js (default 50)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! npm run -s build:web </dev/null >"$log" 2>&1; then
  cat "$log" >&2
  echo "test:web: the build failed" >&2
  exit 1
fi
node --test --test-concurrency=1 --test-reporter=spec tests/web/
