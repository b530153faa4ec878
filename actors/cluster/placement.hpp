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
  /// Copies of each shard (R), on distinct nodes: copy k of shard i on the k-th node after
  /// the shard's own in `nodes` (a pinned shard's node not in `nodes` comes first). 0: the
  /// default, 2 when `nodes` names several nodes, else 1.
  uint32_t replicas = 0;
};

/// The resolved table (service, shard) → node name. Shards it does not name run in the
/// driver's process. Plain value; not thread-safe for writes.
class placement {
 public:
  /// Adds one service's placement. Inputs are validated beforehand (scenario rules).
  void add(const service_placement& p);

  /// The node of copy `copy` of `service`'s shard `shard`, or "" when it runs in the
  /// driver's process.
  const std::string& node_of(const std::string& service, uint32_t shard, uint32_t copy = 0) const;

  /// Copies of each shard of `service` (1 when it is not placed).
  uint32_t replicas(const std::string& service) const;

  /// True when nothing is placed on a node.
  bool empty() const { return table_.empty(); }

  /// How many shard copies each node hosts, by node name.
  std::map<std::string, uint32_t> shards_per_node() const;

  /// The copies each service's shards have, resolved (see service_placement::replicas).
  static uint32_t replicas_of(const service_placement& p);

 private:
  std::map<std::pair<std::string, uint32_t>, std::vector<std::string>> table_;
  std::map<std::string, uint32_t> replicas_;
};

}  // namespace sdsim::cluster
