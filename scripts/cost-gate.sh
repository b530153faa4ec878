#!/usr/bin/env bash
# The cost gate, CI's tight guard: each design's work per request — instructions, heap
# allocations, actor messages and SQLite statements — counted on one short fixed run under
# the virtual clock and valgrind's callgrind, and judged against data/baselines/cost.json.
# Exit 1 when a figure rose beyond its tolerance (3 %; docs/ci.md says what that catches).
# Installs valgrind if missing and builds sdsim (release) first. About a minute on 2 cores.
# Usage: scripts/cost-gate.sh [--baseline FILE] [--update-baseline] [--strict] [sdsim cost flags]
#   --update-baseline  write this count into the baseline (commit it with the change it prices)
#   --strict           judge even when the baseline was counted with another toolchain
set -euo pipefail
cd "$(dirname "$0")/.."
args=("$@")
if [[ " ${args[*]-} " != *" --baseline "* && " ${args[*]-} " != *" --baseline="* ]]; then
  args+=(--baseline data/baselines/cost.json)
fi
scripts/install-deps.sh --tests
# The tests' release build when there is one (configured again, so that valgrind's headers
# are found if they were just installed), else a release build of sdsim alone.
if [[ ! -f build/CMakeCache.txt ]]; then
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DSDSIM_BUILD_TESTS=OFF \
        -DSDSIM_BUILD_BENCHMARKS=OFF >/dev/null
else
  cmake -S . -B build >/dev/null
fi
cmake --build build --target sdsim -- -j"$(nproc)" >/dev/null
exec build/sdsim cost "${args[@]}"
