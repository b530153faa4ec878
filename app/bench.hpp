// `sdsim bench`: each design's maximum unsaturated rate on this host, normalized by the host's
// raw actor-message rate measured in the same run, and compared with a committed baseline so
// that CI fails on a real throughput regression and not on a slower machine.
#pragma once

#include <string>
#include <vector>

namespace sdsim::scenarios {

/// Flags of `sdsim bench`.
struct bench_args {
  std::vector<std::string> designs;   ///< empty: all
  std::string baseline;               ///< compare with this file
  double tolerance = 0.1;             ///< allowed drop of normalized throughput
  std::string json_path;
  bool update_baseline = false;       ///< rewrite `baseline` with this run's figures
  double probe_s = 3;                 ///< sim seconds of arrivals per probe (plus 1 s warm-up)
  double precision = 0.1;             ///< stop bisecting when the bracket is this narrow
  bool quiet = false;
  bool peers = false;                 ///< also measure each design's real peer (redis-server)
  uint32_t runs = 1;                  ///< searches per design; the median is reported
  std::string markdown_path;          ///< also write the results as a Markdown section
  std::string scenario;               ///< bench this file instead of the design's own scenario
  std::vector<std::string> sets;      ///< overrides (path=value) applied to every probe
  double p99_max_ms = 0;              ///< a probe above this p99 is not carried; 0: no bound
};

/// Runs the bench; the exit code is 0, 1 (a design below its baseline), 2 (bad flags or
/// baseline file) or 4 (internal error).
int cmd_bench(const bench_args& a);

}  // namespace sdsim::scenarios
