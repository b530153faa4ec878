#!/usr/bin/env bash
# Node faults with real processes on 127.0.0.1, shards with two copies on three launched
# nodes: a node killed (SIGKILL) and restarted on its port, a node frozen (SIGSTOP) and
# resumed, the what-if of one copy, a partition and a slow link between the driver and a
# node (modeled by the routers) and between two nodes (by the copies), and
# bad fault declarations refused.
# Usage: failover_test.sh SDSIM_BINARY SOURCE_DIR
set -u
sdsim=$(realpath "$1")
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$src/tests/support/shell_checks.sh"
failover=$src/scenarios/shortener/node-failover.textproto
launched_nodes() { pgrep -f "^$sdsim node --listen 127.0.0.1:" | wc -l; }
# A run's verdict without timing: 0, or 3 when a busy host fell behind (a measurement
# verdict, not a failure of what is tested here); checks and thresholds are read separately.
verdict() { [[ $1 == 0 || $1 == 3 ]] && echo 0 || echo "$1"; }
errors() {  # errors FILE API KIND: the count of one error kind of one API in a text report
  grep -A1 "^  $2 " "$1" | grep -o "[0-9]* $3 " | tr -dc '0-9'
}
with_fault() {  # with_fault FILE FAULT...: the failover scenario with other faults
  local file=$1
  shift
  grep -v '^fault ' "$failover" >"$file"
  printf '%s\n' "$@" >>"$file"
}
all_copies_audited='\[ok\] every acknowledged mapping resolves to its URL — [0-9]* mappings audited in 6 of 6 stores: 0 missing, 0 wrong; [0-9]* redirects checked: 0 lost'

# Killed at 4 s, restarted on its port at 8 s. Requests in flight on it fail at once with
# node_down (none waits for its 5 s timeout); its keys are served by their other copies while
# it is down (one copy, as below, fails ~1,100 redirects here); back, its copies take their
# primaries' tables, so every acknowledged mapping — also those created while it was down —
# is in every copy at the end.
"$sdsim" run "$failover" --json "$tmp/kill.json" --no-db >"$tmp/kill.out" 2>&1
check "kill and restart run" 0 "$(verdict $?)"
grep -q FAILED "$tmp/kill.out"; check "no check failed" 1 $?
expect_text "killed" "$tmp/kill.out" "fault at 4.0 s: kill node n2 — applied"
# Noticed when its connection closes, well before the 1 s heartbeat timeout (0.5 s of slack
# for a loaded host).
expect_text "loss noticed" "$tmp/kill.out" "fault at 4.[0-4] s: node n2 lost"
expect_text "restarted" "$tmp/kill.out" "fault at 8.0 s: restart node n2 — applied"
expect_text "rejoined" "$tmp/kill.out" "fault at 8.[0-9] s: node n2 rejoined"
expect_text "every copy holds every acknowledged mapping" "$tmp/kill.out" "$all_copies_audited"
[[ -z $(errors "$tmp/kill.out" redirect timeout) ]]; check "no redirect waited for its timeout" 0 $?
down=$(errors "$tmp/kill.out" redirect node_down)
[[ ${down:-0} -lt 150 ]]; check "only redirects in flight failed (${down:-0} node_down)" 0 $?
expect_text "writes acknowledged with a copy missing" "$tmp/kill.out" "degraded_writes = [1-9]"
expect_text "the returning copies caught up" "$tmp/kill.out" "caught_up_rows = [1-9]"
expect_text "rejoin in the JSON report" "$tmp/kill.json" '"rejoins": 1'
[[ $(launched_nodes) == 0 ]]; check "no node left after the run" 0 $?

# Two kills whose outages overlap (n1 down 4-8 s, n2 down 6-10 s): the shard with copies on
# n1 and n2 has no copy live from 6 to 8 s; n1's copy, back at 8 s, missed what n2's copy
# acknowledged alone, so it waits for n2's instead of serving; nothing acknowledged is lost.
with_fault "$tmp/overlap.textproto" \
  'fault { at_s: 4 node_kill { node: "n1" restart_after_s: 4 } }' \
  'fault { at_s: 6 node_kill { node: "n2" restart_after_s: 4 } }'
"$sdsim" run "$tmp/overlap.textproto" --no-db >"$tmp/overlap.out" 2>&1
check "overlapping kills run" 0 "$(verdict $?)"
grep -q FAILED "$tmp/overlap.out"; check "no check failed after overlapping kills" 1 $?
expect_text "overlapping kills: every copy holds every acknowledged mapping" "$tmp/overlap.out" "$all_copies_audited"
expect_text "a copy that missed writes waited" "$tmp/overlap.out" "copies_that_waited = [1-9]"
expect_text "every shard has a primary at the end" "$tmp/overlap.out" "shards_without_primary = 0"

# One copy (the what-if): the dead node's keys fail with node_down until it returns.
sed 's/replicas: 2/replicas: 1/' "$failover" >"$tmp/one.textproto"
"$sdsim" run "$tmp/one.textproto" --no-db >"$tmp/one.out" 2>&1
check "one-copy run" 0 "$(verdict $?)"
down=$(errors "$tmp/one.out" redirect node_down)
[[ ${down:-0} -gt 500 ]]; check "one copy: its keys fail while it is down (${down:-0} node_down)" 0 $?
expect_text "one copy: what it acknowledged survives" "$tmp/one.out" "mappings audited in 3 of 3 stores: 0 missing, 0 wrong"

# Frozen at 4 s for 4 s, heartbeats every 200 ms, 1 s without one is a loss: noticed by
# 4 + 1 + 0.2 s (and a little for a busy host). Declared dead, it is fenced after SIGCONT
# (started afresh on its port), then rejoins and catches up.
with_fault "$tmp/pause.textproto" 'fault { at_s: 4 node_pause { node: "n3" for_s: 4 } }'
"$sdsim" run "$tmp/pause.textproto" --no-db >"$tmp/pause.out" 2>&1
check "pause run" 0 "$(verdict $?)"
grep -q FAILED "$tmp/pause.out"; check "no check failed after a pause" 1 $?
expect_text "frozen" "$tmp/pause.out" "fault at 4.0 s: pause node n3 — applied"
expect_text "frozen node noticed within the heartbeat timeout" "$tmp/pause.out" "fault at 5.[0-4] s: node n3 lost"
expect_text "resumed node fenced" "$tmp/pause.out" "fault at 8.[0-9] s: node n3 fenced — it was declared dead"
expect_text "resumed node rejoined" "$tmp/pause.out" "fault at [89].[0-9] s: node n3 rejoined"
expect_text "every copy holds every acknowledged mapping after a pause" "$tmp/pause.out" "$all_copies_audited"

# Modeled by the routers: a partition loses requests (clients time out, 1 s here), a slow
# link adds its delay each way.
with_fault "$tmp/part.textproto" \
  'fault { at_s: 4 partition { from: "driver" to: "n1" for_s: 2 } }' \
  'fault { at_s: 8 link { from: "driver" to: "n3" delay_ms: 40 for_s: 3 } }'
"$sdsim" run "$tmp/part.textproto" --set shortener.timeout_s=1 --no-db >"$tmp/part.out" 2>&1
check "partition run" 0 "$(verdict $?)"
expect_text "partition applied" "$tmp/part.out" "partition driver <-> n1 — applied"
expect_text "slow link applied" "$tmp/part.out" "link driver <-> n3: +40 ms, 0% lost — applied"
lost=$(errors "$tmp/part.out" redirect timeout)
[[ ${lost:-0} -gt 100 ]]; check "requests lost across the partition time out (${lost:-0})" 0 $?
p99=$(grep "^  redirect " "$tmp/part.out" | awk '{print int($9)}')
[[ ${p99:-0} -ge 80 ]]; check "a 40 ms link each way shows in redirect p99 (${p99:-0} ms)" 0 $?

# Between two nodes: replication across the cut stops; each primary shrinks the copy it
# cannot reach and goes on (degraded), and the copy catches up by sequence when the link heals.
with_fault "$tmp/nodes.textproto" 'fault { at_s: 4 partition { from: "n1" to: "n2" for_s: 3 } }'
"$sdsim" run "$tmp/nodes.textproto" --no-db >"$tmp/nodes.out" 2>&1
check "partition between two nodes run" 0 "$(verdict $?)"
grep -q FAILED "$tmp/nodes.out"; check "no check failed after a partition between nodes" 1 $?
expect_text "partition between nodes applied" "$tmp/nodes.out" "partition n1 <-> n2 — applied"
expect_text "writes went on without the copy across it" "$tmp/nodes.out" "degraded_writes = [1-9]"
expect_text "the cut-off copies caught up by sequence" "$tmp/nodes.out" "caught_up_writes = [1-9]"
expect_text "healed: every copy holds every acknowledged mapping" "$tmp/nodes.out" "$all_copies_audited"

# Refused with file:line:column, nothing started.
refused() {  # refused NAME FILE PATTERN
  "$sdsim" run "$2" --no-db >"$tmp/out" 2>&1; check "$1" 2 $?
  expect_text "$1: located, with the reason" "$tmp/out" "$(basename "$2"):[0-9]*:[0-9]*: .*$3"
}
with_fault "$tmp/unknown.textproto" 'fault { at_s: 4 node_kill { node: "n9" } }'
refused "kill of an unknown node" "$tmp/unknown.textproto" "unknown node 'n9'"
with_fault "$tmp/forever.textproto" 'fault { at_s: 4 node_pause { node: "n1" } }'
refused "pause without an end" "$tmp/forever.textproto" "for_s must be > 0"
with_fault "$tmp/self.textproto" 'fault { at_s: 4 partition { from: "n1" to: "n1" } }'
refused "a link from a node to itself" "$tmp/self.textproto" 'a link joins two different places'
sed 's/replicas: 2/replicas: 4/' "$failover" >"$tmp/four.textproto"
refused "more copies than nodes" "$tmp/four.textproto" "replicas must be within 1..3"
[[ $(launched_nodes) == 0 ]]; check "no node left at the end" 0 $?

echo "failover_test: $pass passed, $fail failed"
[[ $fail == 0 ]]
