// Placement resolution: round-robin over a service's nodes, then single shards pinned.
#include "actors/cluster/placement.hpp"

namespace sdsim::cluster {

void placement::add(const service_placement& p) {
  if (!p.nodes.empty())
    for (uint32_t i = 0; i < p.shards; ++i)
      table_[{p.service, i}] = p.nodes[i % p.nodes.size()];
  for (const auto& [shard, node] : p.pinned)
    if (shard < p.shards) table_[{p.service, shard}] = node;
}

const std::string& placement::node_of(const std::string& service, uint32_t shard) const {
  static const std::string here;
  auto it = table_.find({service, shard});
  return it == table_.end() ? here : it->second;
}

std::map<std::string, uint32_t> placement::shards_per_node() const {
  std::map<std::string, uint32_t> out;
  for (const auto& [key, node] : table_) ++out[node];
  return out;
}

}  // namespace sdsim::cluster
