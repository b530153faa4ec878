#!/bin/sh
# Regenerates the README's bench section (between <!-- bench:begin --> and <!-- bench:end -->)
# from a bench run on this machine. Takes a few minutes; run it on a quiet machine.
#   scripts/bench-readme.sh [extra sdsim bench flags]      RUNS=3 PROBE=2 by default
set -eu
cd "$(dirname "$0")/.."
SDSIM=${SDSIM:-build/sdsim}
# Bring the default build up to date, so the commit the section names is the one measured.
if [ "$SDSIM" = build/sdsim ] && [ -f build/CMakeCache.txt ]; then
  cmake --build build >/dev/null
fi
if [ ! -x "$SDSIM" ]; then
  echo "bench-readme: $SDSIM not found; build first (scripts/run.sh builds it)" >&2
  exit 2
fi
section=$(mktemp)
trap 'rm -f "$section" README.md.new' EXIT
"$SDSIM" bench --runs "${RUNS:-3}" --probe-seconds "${PROBE:-2}" --precision 0.1 --peers \
  --markdown "$section" "$@"
awk -v f="$section" '
  /<!-- bench:begin -->/ { print; while ((getline line < f) > 0) print line; skip = 1; next }
  /<!-- bench:end -->/ { skip = 0 }
  !skip' README.md > README.md.new
grep -q '<!-- bench:end -->' README.md.new || { echo "bench-readme: markers missing" >&2; exit 1; }
mv README.md.new README.md
echo "README.md: bench section regenerated"
