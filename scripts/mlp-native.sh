#!/usr/bin/env bash
# npm run -s mlp:native -- JOB.json|-   : runs the native JSON job runner.
# stdin, stdout and the exit status are the runner's own; a build (only when
# the binary is missing) writes to stderr, so stdout stays pure JSON.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=$root/build/native/mlp-run
if [ ! -x "$bin" ]; then
  {
    echo "mlp:native: $bin is missing; building it"
    bash "$root/scripts/setup.sh" </dev/null
    (cd "$root" && cmake --preset native && cmake --build --preset native --target mlp-run) </dev/null
  } >&2
fi
# npm runs scripts from the package root; resolve JOB paths against the caller's directory.
cd "${INIT_CWD:-$PWD}"
exec "$bin" "$@"
