#!/usr/bin/env bash
# The shortener's maximum unsaturated redirect rate on this host, with and without the cache:
# a binary search over the redirect rate of scenarios/shortener/documented.textproto under the
# real clock, each probe a short run that must exit 0 (host kept up, checks and thresholds
# met). Prints one line per probe and the result per mode.
# Usage: bench/shortener_max_rate.sh [SDSIM_BINARY] [PROBE_SECONDS]
set -u
sdsim=${1:-build/sdsim}
probe_s=${2:-6}
here=$(cd "$(dirname "$0")/.." && pwd)
scenario=$here/scenarios/shortener/documented.textproto

probe() {  # probe RATE EXTRA_SET... -> exit code of the run
  local rate=$1; shift
  "$sdsim" run "$scenario" --duration "$probe_s" --set warmup_s=2 \
    --set "shortener.redirect[0].constant.rate_per_s=$rate" "$@" --no-db --quiet >/dev/null 2>&1
}

search() {  # search LABEL EXTRA_SET...
  local label=$1; shift
  local lo=0 hi=4000
  # Grow until a probe fails, then bisect to within 5 %.
  while probe "$hi" "$@"; do
    echo "  $label: $hi redirects/s ok"
    lo=$hi
    hi=$((hi * 2))
    ((hi > 1000000)) && break
  done
  echo "  $label: $hi redirects/s not sustained"
  while ((hi - lo > lo / 20 + 1)); do
    local mid=$(((lo + hi) / 2))
    if probe "$mid" "$@"; then lo=$mid; echo "  $label: $mid ok"; else hi=$mid; echo "  $label: $mid not sustained"; fi
  done
  echo "$label: max unsaturated redirect rate ~$lo/s"
}

echo "host: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
search "with cache"
search "without cache" --set shortener.cache_entries=0
