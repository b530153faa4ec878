#!/usr/bin/env bash
# scripts/scaling.sh end to end, scaled down: one node against the in-process baseline, with
# short probes and a coarse search. It checks the table and the exit codes, never the figures
# (they are the host's). Usage: scaling_test.sh SDSIM_BINARY SOURCE_DIR
set -u
sdsim=$(realpath "$1")
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$src/tests/support/shell_checks.sh"
script=$src/scripts/scaling.sh

"$script" --help >"$tmp/help" 2>&1; check "--help" 0 $?
expect_text "--help says how long it takes" "$tmp/help" "minutes per node"
"$script" --binary "$sdsim" --nodes "1 x" >/dev/null 2>&1; check "bad node count" 2 $?
"$script" --binary "$sdsim" --nodes >/dev/null 2>&1; check "option without its value" 2 $?

# three-nodes.textproto brings a topology block of its own, which the script must replace
# (two would not load).
"$script" --binary "$sdsim" --scenario "$src/scenarios/shortener/three-nodes.textproto" \
  --nodes 1 --seconds 0.5 --precision 1 --p99-max 0 >"$tmp/out" 2>"$tmp/err"
check "scaled-down run" 0 $?
expect_text "baseline row" "$tmp/out" '^in-process  *4  *[0-9][0-9]*  *[1-9][0-9.]* '
expect_text "1-node row, efficiency 1" "$tmp/out" \
  '^1 node  *4  *[0-9][0-9]*  *[1-9][0-9.]* .* 1\.00 '
expect_text "progress on stderr" "$tmp/err" "== 1 node(s): 4 shards"

echo "$pass passed, $fail failed"
[[ $fail == 0 ]]
