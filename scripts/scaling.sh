#!/usr/bin/env bash
# Throughput as node processes are added on one host. For each count N the shortener's shards
# are spread over N `sdsim node` processes that the run launches on 127.0.0.1, and
# `sdsim bench` searches for the highest redirect rate the host carries: not saturated, at
# least 95 % of the offered rate served, every check holding, redirect p99 within a bound. The
# same file in one process is searched first, as the baseline. Prints one row per count;
# progress goes to stderr.
#
# The model is given unlimited shard servers, so that the host, not the modeled capacity,
# is what runs out. Shards scale with the nodes: 2 per node, at least 4.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)

usage() {
  cat <<'EOF'
Usage: scripts/scaling.sh [options]
  --scenario FILE   a shortener scenario (default scenarios/shortener/documented.textproto);
                    its topology block, if any, is replaced by the generated one
  --nodes "LIST"    node counts to measure (default "1 2 4 8")
  --seconds S       seconds of arrivals per probe, after a 1 s warm-up (default 3)
  --runs R          searches per count; the median maximum is reported (default 1)
  --p99-max MS      a rate counts as carried only if the redirect p99 stays within this
                    (default 50, the documented scenario's target; 0: no bound)
  --replicas R      copies of each shard on distinct nodes (default 1: each write on one
                    node; 2 also forwards every write to a second node; at most N)
  --threads T       CAF worker threads per process, driver and nodes alike (default: cores / N,
                    at least 1); the in-process baseline always uses one per core
  --precision P     stop bisecting when the bracket is this narrow (default 0.1)
  --binary PATH     the sdsim binary (default: build/sdsim of this checkout)
  --max-minutes M   give up on one count after M minutes (default 10 x R)
  -h, --help        this text

A search takes about 8 to 12 probes, each the probe's seconds plus 2 to 4 s of start-up and
drain (up to 10 s more when it saturates): with the defaults roughly 1 to 2 minutes per node
count and run, so "1 2 4 8" plus the baseline takes 5 to 10 minutes per run.

Columns: max rate/s is the highest redirect rate carried (the median of the searches, all
of them in the last column); p50/p99 ms are the redirect latency at 90 % of it; efficiency
is rate(N) / (N x rate(1 node)); vs in-process is rate(N) / the in-process rate. On one
host the processes share its cores: more of them add throughput only where one process
leaves cores idle, and the load of anything else on the host shows in every figure.
Exit code: 0, 1 when a configuration could not be searched (its row says why), 2 on bad
options.
EOF
}

die() { echo "scaling: $*" >&2; exit 2; }
needs_value() { [[ $# -ge 2 ]] || die "$1 needs a value"; }

scenario=$repo/scenarios/shortener/documented.textproto
nodes="1 2 4 8"
seconds=3
runs=1
replicas=1
p99_max=50
threads=
precision=0.1
sdsim=$repo/build/sdsim
max_minutes=
while [[ $# -gt 0 ]]; do
  case $1 in
    --scenario) needs_value "$@"; scenario=$2 ;;
    --nodes) needs_value "$@"; nodes=$2 ;;
    --seconds) needs_value "$@"; seconds=$2 ;;
    --runs) needs_value "$@"; runs=$2 ;;
    --replicas) needs_value "$@"; replicas=$2 ;;
    --p99-max) needs_value "$@"; p99_max=$2 ;;
    --threads) needs_value "$@"; threads=$2 ;;
    --precision) needs_value "$@"; precision=$2 ;;
    --binary) needs_value "$@"; sdsim=$2 ;;
    --max-minutes) needs_value "$@"; max_minutes=$2 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option '$1'" ;;
  esac
  shift 2
done
count='^[1-9][0-9]*$'
number='^[0-9]+([.][0-9]+)?$'
[[ -n ${nodes// /} ]] || die "--nodes is empty"
for n in $nodes; do [[ $n =~ $count ]] || die "'$n' is not a node count"; done
for x in "$runs" "$replicas" ${threads:+"$threads"} ${max_minutes:+"$max_minutes"}; do
  [[ $x =~ $count ]] || die "'$x' is not a positive whole number"
done
for x in "$seconds" "$p99_max" "$precision"; do
  [[ $x =~ $number ]] || die "'$x' is not a number"
done
[[ -f $scenario ]] || die "$scenario: no such file"
[[ -x $sdsim ]] || die "$sdsim not found; build first (scripts/run.sh builds it)"
max_minutes=${max_minutes:-$((10 * runs))}
cores=$(nproc)
bound=()
[[ $p99_max =~ ^0*([.]0*)?$ ]] || bound=(--p99-max "$p99_max")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The scenario without its topology block: braces are counted from `topology {` to the one
# that closes it (comments dropped first, as they may hold braces).
awk '
  !skip && /^[[:space:]]*topology[[:space:]]*:?[[:space:]]*[{]/ { skip = 1; depth = 0 }
  !skip { print; next }
  {
    line = $0; sub(/#.*/, "", line)
    depth += gsub(/[{]/, "{", line) - gsub(/[}]/, "}", line)
    if (depth <= 0) skip = 0
  }' "$scenario" > "$work/base.textproto"

# Writes the scenario for N nodes (0: every shard in the driver) to stdout.
scenario_for() {
  local n=$1 shards=$2 list="" i
  cat "$work/base.textproto"
  echo "topology {"
  for ((i = 1; i <= n; i++)); do
    echo "  node { name: \"n$i\" launch: true }"
    list+="${list:+, }\"n$i\""
  done
  local copies=$(( replicas < n ? replicas : n ))
  printf '  service { name: "shortener/shard" shards: %s %scapacity { servers: 0 } }\n}\n' \
    "$shards" "${list:+nodes: [$list] replicas: $copies }"
}

# Searches one configuration; prints "RATE P50/P99 RUNS" (RUNS: every search's maximum), or
# "failed WHY".
search() {
  local file=$1 out=$work/bench.out json=$work/bench.json rc=0 row all
  shift
  timeout --signal=TERM "$((max_minutes * 60))" \
    "$sdsim" bench --designs shortener --scenario "$file" --probe-seconds "$seconds" \
    --precision "$precision" --runs "$runs" --json "$json" ${bound[@]+"${bound[@]}"} "$@" \
    > "$out" || rc=$?
  if [[ $rc == 124 ]]; then echo "failed timed-out"; return; fi
  if [[ $rc != 0 ]]; then echo "failed exit-$rc"; return; fi
  # The bench's table: design, max rate, normalized, efficiency, latency at 50 %, at 90 %.
  row=$(awk '$1 == "shortener" { print $2, $6; exit }' "$out")
  all=$(tr -d ' \n' < "$json" | sed -n 's/.*"max_rate_runs":\[\([^]]*\)\].*/\1/p')
  echo "${row:-failed no-result} ${all:--}"
}

# ratio A B [N]: A / (N x B) to two decimals, "-" when B is not a positive number.
ratio() {
  awk -v a="$1" -v b="$2" -v n="${3:-1}" \
    'BEGIN { if (b + 0 > 0) printf "%.2f", a / (n * b); else print "-" }'
}

machine="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $cores cores"
echo "scaling: $machine; $scenario, $seconds s probes, $runs search(es) per count" >&2
results=()  # "label shards threads rate latency runs"

echo "== in-process baseline: 4 shards, $cores threads" >&2
scenario_for 0 4 > "$work/n0.textproto"
read -r rate lat all < <(search "$work/n0.textproto")
results+=("in-process 4 $cores $rate $lat $all")
base=$rate

one_node=
for n in $nodes; do
  shards=$((2 * n > 4 ? 2 * n : 4))
  t=${threads:-$((cores / n > 1 ? cores / n : 1))}
  echo "== $n node(s): $shards shards, $t thread(s) per process" >&2
  scenario_for "$n" "$shards" > "$work/n$n.textproto"
  read -r rate lat all < <(search "$work/n$n.textproto" --set "host.worker_threads=$t")
  if [[ $n == 1 ]]; then one_node=$rate; fi
  results+=("$n $shards $t $rate $lat $all")
done

echo "# $machine; $(basename "$scenario"), $seconds s probes, median of $runs search(es)"
row='%-11s %6s %8s %11s %16s %10s %13s  %s\n'
# shellcheck disable=SC2059  # the format is ours
printf "$row" processes shards threads "max rate/s" "p50/p99 ms @90%" efficiency \
  "vs in-process" "every search"
status=0
for r in "${results[@]}"; do
  read -r label shards t rate lat all <<< "$r"
  if [[ $rate == failed ]]; then
    printf '%-11s %6s %8s %11s  (%s)\n' "$label" "$shards" "$t" failed "$lat"
    status=1
    continue
  fi
  eff=-
  [[ $label == in-process ]] || eff=$(ratio "$rate" "$one_node" "$label")
  [[ $label == in-process ]] || label="$label node$([[ $label == 1 ]] || echo s)"
  # shellcheck disable=SC2059
  printf "$row" "$label" "$shards" "$t" "$rate" "$lat" "$eff" "$(ratio "$rate" "$base")" "$all"
done
exit $status
