// Which node each shard of each service lives on, resolved from a scenario's topology.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace sdsim::cluster {

/// A service's placement as the scenario writes it: `nodes` spreads its shards round-robin
/// (shard i on nodes[i % n]); `pinned` puts single shards elsewhere and wins over `nodes`.
struct service_placement {
  std::string service;
  uint32_t shards = 0;
  std::vector<std::string> nodes;
  std::vector<std::pair<uint32_t, std::string>> pinned;
};

/// The resolved table (service, shard) → node name. Shards it does not name run in the
/// driver's process. Plain value; not thread-safe for writes.
class placement {
 public:
  /// Adds one service's placement. Inputs are validated beforehand (scenario rules).
  void add(const service_placement& p);

  /// The node of `service`'s shard `shard`, or "" when it runs in the driver's process.
  const std::string& node_of(const std::string& service, uint32_t shard) const;

  /// True when nothing is placed on a node.
  bool empty() const { return table_.empty(); }

  /// How many shards each node hosts, by node name.
  std::map<std::string, uint32_t> shards_per_node() const;

 private:
  std::map<std::pair<std::string, uint32_t>, std::string> table_;
};

}  // namespace sdsim::cluster
