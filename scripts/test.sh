#!/usr/bin/env bash
# Installs what is missing, builds sdsim twice — release, and with AddressSanitizer and
# UndefinedBehaviorSanitizer — and runs every test: all labels in the release build, then the
# two performance guards (a short `sdsim bench` against the committed throughput baseline, the
# coarse one; the cost gate, counted work per request against data/baselines/cost.json, the
# tight one; docs/ci.md); unit, scenario and the virtual-clock fidelity tests under the
# sanitizers.
# Usage: scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
# ccache keys on paths relative to the checkout, so a clone elsewhere (CI's) reuses its cache.
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1
scripts/install-deps.sh --tests
jobs=$(nproc)
start=$SECONDS

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DSDSIM_BUILD_TESTS=ON \
      -DSDSIM_BUILD_BENCHMARKS=ON >/dev/null
cmake --build build -- -j"$jobs"
echo "== release build ready ($((SECONDS - start)) s)"
(cd build && ctest --output-on-failure -j"$jobs")
# Throughput regression guard: short probes, the median of three searches, a generous
# tolerance (see docs/ci.md).
build/sdsim bench --runs 3 --probe-seconds 1 --precision 0.3 --quiet \
  --baseline data/baselines/throughput.json --tolerance 0.6
echo "== bench guard passed ($((SECONDS - start)) s)"
# The cost gate: deterministic counts under valgrind, 3 % tolerance.
scripts/cost-gate.sh
echo "== cost gate passed ($((SECONDS - start)) s)"

cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSDSIM_SANITIZE=ON \
      -DSDSIM_BUILD_TESTS=ON -DSDSIM_BUILD_BENCHMARKS=OFF >/dev/null
cmake --build build-asan -- -j"$jobs"
echo "== sanitizer build ready ($((SECONDS - start)) s)"
# The real-clock fidelity test measures the host's timers; instrumented code distorts that.
# The visualizer's screenshot runs only in the release build: under the sanitizers it would
# test Mesa's and X's allocations, not ours. The multi-process integration tests run in the
# release build too: they judge real processes' timing and exit codes, which instrumentation
# distorts; the cluster's logic is covered under the sanitizers by its unit tests.
(cd build-asan && ASAN_OPTIONS=detect_leaks=1 ctest --output-on-failure -j"$jobs" -E fidelity_real -LE 'viz|integration')
echo "== all tests passed ($((SECONDS - start)) s)"
