#!/usr/bin/env bash
# npm run -s mlp:native -- JOB.json|-   : runs the native JSON job runner.
# stdin, stdout and the exit status are the runner's own. The runner is
# brought up to date first (an incremental build, a fraction of a second when
# nothing changed); build output goes to stderr, and only on failure, so stdout
# stays pure JSON.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=$root/build/native/mlp-run
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! {
  if [ ! -f "$root/build/native/CMakeCache.txt" ]; then
    bash "$root/scripts/setup.sh" </dev/null && (cd "$root" && cmake --preset native) </dev/null
  fi
  (cd "$root" && cmake --build --preset native --target mlp-run) </dev/null
} >"$log" 2>&1; then
  cat "$log" >&2
  echo "mlp:native: building the runner failed" >&2
  exit 1
fi
# npm runs scripts from the package root; resolve JOB paths against the caller's directory.
cd "${INIT_CWD:-$PWD}"
rm -f "$log"
trap - EXIT
exec "$bin" "$@"
