// Placement resolution: round-robin over a service's nodes, then single shards pinned.
#include "actors/cluster/placement.hpp"

#include <algorithm>
#include <set>

namespace sdsim::cluster {

uint32_t placement::replicas_of(const service_placement& p) {
  if (p.replicas > 0) return p.replicas;
  std::set<std::string> distinct(p.nodes.begin(), p.nodes.end());
  return distinct.size() > 1 ? 2 : 1;
}

void placement::add(const service_placement& p) {
  const uint32_t copies = replicas_of(p);
  replicas_[p.service] = copies;
  // Copy k of a shard: the k-th distinct node after its own in `nodes`.
  auto copies_from = [&](const std::string& first, std::size_t start) {
    std::vector<std::string> out{first};
    for (std::size_t k = 0; k < p.nodes.size() && out.size() < copies; ++k) {
      const auto& n = p.nodes[(start + k) % p.nodes.size()];
      if (std::find(out.begin(), out.end(), n) == out.end()) out.push_back(n);
    }
    return out;
  };
  if (!p.nodes.empty())
    for (uint32_t i = 0; i < p.shards; ++i)
      table_[{p.service, i}] = copies_from(p.nodes[i % p.nodes.size()], i % p.nodes.size() + 1);
  for (const auto& [shard, node] : p.pinned) {
    if (shard >= p.shards) continue;
    auto own = std::find(p.nodes.begin(), p.nodes.end(), node);
    table_[{p.service, shard}] =
        copies_from(node, own == p.nodes.end() ? 0 : (own - p.nodes.begin()) + 1);
  }
}

const std::string& placement::node_of(const std::string& service, uint32_t shard,
                                      uint32_t copy) const {
  static const std::string here;
  auto it = table_.find({service, shard});
  return it == table_.end() || copy >= it->second.size() ? here : it->second[copy];
}

uint32_t placement::replicas(const std::string& service) const {
  auto it = replicas_.find(service);
  return it == replicas_.end() ? 1 : it->second;
}

std::map<std::string, uint32_t> placement::shards_per_node() const {
  std::map<std::string, uint32_t> out;
  for (const auto& [key, nodes] : table_)
    for (const auto& n : nodes) ++out[n];
  return out;
}

}  // namespace sdsim::cluster
