#!/usr/bin/env bash
# The cost gate end to end on its cheapest design (queueing: seconds under callgrind): it
# counts, passes against its own count, fails against a baseline 10 % below it and names the
# figure, counts the same again, sets a baseline from another toolchain aside unless --strict,
# and refuses bad flags. Usage: cost_gate_test.sh SDSIM_BINARY SOURCE_DIR
set -u
sdsim=$(realpath "$1")
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$src/tests/support/shell_checks.sh"
if ! command -v valgrind >/dev/null; then
  echo "valgrind is not installed: skipped"
  exit 77
fi
cost() { "$sdsim" cost --designs queueing "$@" >"$tmp/out" 2>&1; }
# Every figure of a cost file times $1.
scale() {
  awk -v f="$1" '{
    if (match($0, /"[a-z_]*(_per_request|_m)": [-0-9.e+]+/)) {
      split(substr($0, RSTART, RLENGTH), kv, ": ")
      sub(/: [-0-9.e+]+/, ": " sprintf("%.6f", kv[2] * f))
    }
    print
  }' "$2"
}

cost --json "$tmp/measured.json"; check "count without a baseline" 0 $?
expect_text "the table" "$tmp/out" "instructions/request"
expect_text "progress" "$tmp/out" "queueing .*done in"
scale 0.9 "$tmp/measured.json" >"$tmp/lower.json"

cost --measured "$tmp/measured.json" --baseline "$tmp/measured.json"; check "true baseline" 0 $?
expect_text "verdict ok" "$tmp/out" "cost gate: ok"
cost --measured "$tmp/measured.json" --baseline "$tmp/lower.json"; check "baseline 10 % lower" 1 $?
expect_text "names the figure" "$tmp/out" "queueing instructions_per_request rose +11.11 %"
# Counting again gives the same figures: a fresh count passes the first one and fails the
# lower one.
cost --baseline "$tmp/measured.json"; check "recount against the first count" 0 $?
cost --baseline "$tmp/lower.json"; check "recount against 10 % lower" 1 $?

sed 's/"compiler": "[^"]*"/"compiler": "g++ 99.0"/' "$tmp/lower.json" >"$tmp/other.json"
cost --measured "$tmp/measured.json" --baseline "$tmp/other.json"; check "other toolchain" 0 $?
expect_text "says why it did not judge" "$tmp/out" "compiler: .* here, g++ 99.0 in the baseline"
cost --measured "$tmp/measured.json" --baseline "$tmp/other.json" --strict; check "--strict" 1 $?

cost --measured "$tmp/measured.json" --baseline "$tmp/new.json" --update-baseline
check "a new baseline" 0 $?
cost --measured "$tmp/measured.json" --baseline "$tmp/new.json"; check "judged by it" 0 $?
cost --update-baseline; check "--update-baseline without --baseline" 2 $?
cost --measured "$tmp/none.json"; check "missing --measured file" 2 $?
"$sdsim" cost --designs nosuch >"$tmp/out" 2>&1; check "unknown design" 2 $?
expect_text "names it" "$tmp/out" "unknown design 'nosuch'"

echo "$pass passed, $fail failed"
[[ $fail == 0 ]]
