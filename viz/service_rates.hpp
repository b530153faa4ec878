// Per service, what its stations did lately: arrivals per sim second and the share of its
// servers' time that was busy, from two successive looks at their cumulative counters. What the
// services panel draws. Plain: fed ActorMetrics, read by the UI.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "actors/core/metrics.pb.h"

namespace sdsim::viz {

/// One service (all its shards) between the last two looks.
struct service_line {
  std::string name;
  uint32_t instances = 0;
  uint32_t servers = 0;           ///< per instance; 0: unlimited
  double arrivals_per_s = 0;      ///< per sim second, all instances
  double utilization = -1;        ///< busy share of all servers; -1 when unlimited or unknown
  uint64_t queue_max = 0;         ///< the longest queue of any instance so far
  uint64_t rejected = 0;          ///< so far
};

/// Not thread-safe.
class service_rates {
 public:
  /// Takes a new look: `services` as the service actors report now, at sim time `sim_s`.
  void update(const std::vector<ActorMetrics>& services, double sim_s);

  /// Ordered by name.
  const std::vector<service_line>& lines() const { return lines_; }

 private:
  struct counters {
    uint64_t arrivals = 0;
    double busy_ns = 0;
  };
  std::map<std::pair<std::string, uint32_t>, counters> last_;  // by (service, shard)
  double last_sim_s_ = -1;
  std::vector<service_line> lines_;
};

}  // namespace sdsim::viz
