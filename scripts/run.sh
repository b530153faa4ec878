#!/usr/bin/env bash
# Installs what is missing, builds sdsim (release), and runs a scenario — by default the
# README's default scenario. Any arguments are passed to `sdsim run`.
# Usage: scripts/run.sh [FILE] [sdsim run flags...]
set -euo pipefail
cd "$(dirname "$0")/.."
# ccache keys on paths relative to the checkout, so a clone elsewhere (CI's) reuses its cache.
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1
scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DSDSIM_BUILD_TESTS=OFF \
      -DSDSIM_BUILD_BENCHMARKS=OFF >/dev/null
cmake --build build --target sdsim -- -j"$(nproc)"
if [[ $# == 0 || $1 == -* ]]; then
  set -- scenarios/shortener/documented.textproto "$@"
fi
exec build/sdsim run "$@"
