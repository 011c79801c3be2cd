#!/usr/bin/env bash
# Installs what the project needs and is missing; does nothing (in about a
# second) when everything is present. Safe to run any number of times.
#
#   Debian packages  checked with dpkg-query; only when some are missing:
#                    apt-get update + apt-get install --no-install-recommends.
#   npm packages     npm install only when package.json declares dependencies
#                    and node_modules is missing or older than package.json /
#                    package-lock.json.
#
# Environment:
#   MLP_EXTRA_PACKAGES  more Debian packages to require (space separated)
#   MLP_SKIP_APT=1      skip the Debian check (e.g. a machine set up by hand)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# make: CMake's generator (only a Recommends of cmake). fonts-liberation: text
# in headless Chromium screenshots (only a Recommends of chromium). clang-format:
# npm test's format:check of the C++ sources. dataset-fashion-mnist: Fashion-MNIST's IDX files
# (the page's build converts them; the runner's fashion_mnist loader reads them with zlib1g-dev).
PACKAGES=(cmake make g++ libeigen3-dev nlohmann-json3-dev libgtest-dev emscripten chromium fonts-liberation clang-format zlib1g-dev
  dataset-fashion-mnist)
# shellcheck disable=SC2206
PACKAGES+=(${MLP_EXTRA_PACKAGES:-})

log() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

missing_packages() {
  # Prints the names among "$@" that are not fully installed ("ii").
  local installed
  installed=$(dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' "$@" 2>/dev/null | awk '$1 == "ii" {print $2}' || true)
  local p
  for p in "$@"; do
    grep -qxF -- "$p" <<<"$installed" || printf '%s\n' "$p"
  done
}

install_debian_packages() {
  command -v dpkg-query >/dev/null || die "dpkg-query not found: this set-up expects Debian 12"
  local missing
  mapfile -t missing < <(missing_packages "${PACKAGES[@]}")
  if [ "${#missing[@]}" -eq 0 ]; then
    log "Debian packages: all ${#PACKAGES[@]} present"
    return
  fi

  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || die "missing Debian packages (${missing[*]}); run as root or install them"
    sudo=(sudo -n)
  fi
  mkdir -p build
  local logfile=build/setup-apt.log start=$SECONDS
  : >"$logfile"
  export DEBIAN_FRONTEND=noninteractive
  local apt_opts=(-q -o DPkg::Lock::Timeout=600)
  log "Debian packages missing: ${missing[*]}"
  log "apt-get update (log: $logfile)"
  if ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${apt_opts[@]}" update </dev/null >>"$logfile" 2>&1; then
    tail -n 30 "$logfile" >&2
    die "apt-get update failed"
  fi
  log "apt-get install ${#missing[@]} package(s); this can take a few minutes (log: $logfile)"
  if ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${apt_opts[@]}" install -y --no-install-recommends \
    "${missing[@]}" </dev/null >>"$logfile" 2>&1; then
    tail -n 30 "$logfile" >&2
    die "apt-get install failed"
  fi
  mapfile -t missing < <(missing_packages "${PACKAGES[@]}")
  [ "${#missing[@]}" -eq 0 ] || die "still missing after apt-get install: ${missing[*]}"
  log "Debian packages installed in $((SECONDS - start)) s"
}

install_npm_packages() {
  local count
  count=$(node -e '
    const p = require("./package.json");
    const n = ["dependencies", "devDependencies", "optionalDependencies"]
      .reduce((a, k) => a + Object.keys(p[k] || {}).length, 0);
    console.log(n);')
  if [ "$count" -eq 0 ]; then
    log "npm packages: none declared"
    return
  fi
  local why=""
  if [ ! -d node_modules ]; then
    why="node_modules is missing"
  elif [ package.json -nt node_modules ]; then
    why="package.json is newer than node_modules"
  elif [ -f package-lock.json ] && [ package-lock.json -nt node_modules ]; then
    why="package-lock.json is newer than node_modules"
  fi
  if [ -z "$why" ]; then
    log "npm packages: up to date"
    return
  fi
  # Browsers come from Debian (/usr/bin/chromium), never from a package's own download.
  export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 PUPPETEER_SKIP_DOWNLOAD=1
  # npm install, also in CI, where npm ci would be usual: npm 11 refuses this lockfile in ci
  # ("Missing: @rollup/rollup-android-arm-eabi@ from lock file", the platform packages that
  # Vite's rollup lists as optional), while install keeps the locked versions.
  local cmd=(npm install --no-audit --no-fund)
  log "${cmd[*]} ($why)"
  "${cmd[@]}" </dev/null
  touch node_modules  # npm may leave the directory's time alone, or rewrite the lockfile
}

start=$SECONDS
if [ "${MLP_SKIP_APT:-}" = "1" ]; then
  log "Debian packages: check skipped (MLP_SKIP_APT=1)"
else
  install_debian_packages
fi
install_npm_packages
log "ready ($((SECONDS - start)) s)"
