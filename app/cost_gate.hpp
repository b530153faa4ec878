// `sdsim cost`: each design's work per request, counted. Each design's fixed cost run (its
// `cost_profile`, under the virtual clock) runs as a child `sdsim run` under valgrind's
// callgrind; its instructions, heap allocations, actor messages and SQLite statements per
// request are compared with a committed baseline (data/baselines/cost.json), so CI fails when
// a change makes a request cost more. scripts/cost-gate.sh is the way CI calls it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sdsim::scenarios {

/// Flags of `sdsim cost`.
struct cost_args {
  std::vector<std::string> designs;   ///< empty: all
  std::string baseline;               ///< judge against this CostFile
  bool update_baseline = false;       ///< write the measured figures into `baseline`
  bool strict = false;                ///< judge even when the toolchains differ
  std::string measured;               ///< judge this CostFile's figures instead of measuring
  std::string json_path;              ///< write the measured CostFile here
  std::string work_dir;               ///< keep valgrind's dumps and the runs' reports here
  uint32_t jobs = 0;                  ///< valgrind runs at once; 0: one per core
  double timeout_s = 900;             ///< a design's run under valgrind may take this long
};

/// Exit 0 (no figure rose beyond its tolerance, or the toolchains differ and not --strict),
/// 1 (a figure rose, or a measured design has no baseline), 2 (bad flags or files), 4 (a run
/// under valgrind failed).
int cmd_cost(const cost_args& a);

}  // namespace sdsim::scenarios
