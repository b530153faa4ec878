// Routers only follow the group: they never choose a primary themselves, so two routers
// cannot send one shard's writes to two copies.
#include "actors/cluster/shard_routes.hpp"

namespace sdsim::cluster {

shard_routes::shard_routes(std::vector<caf::actor> first) {
  for (auto& a : first) shards_.push_back({std::move(a), 0, 1});
}

const caf::actor* shard_routes::primary(std::size_t shard) const {
  const auto& r = shards_.at(shard);
  return r.primary ? &r.primary : nullptr;
}

bool shard_routes::announce(std::size_t shard, uint32_t copy, uint64_t epoch, caf::actor actor) {
  auto& r = shards_.at(shard);
  if (epoch < r.epoch) return false;
  r = {std::move(actor), copy, epoch};
  return true;
}

std::optional<shard_routes::lost> shard_routes::down(const caf::actor_addr& who) {
  for (std::size_t i = 0; i < shards_.size(); ++i) {
    auto& r = shards_[i];
    if (!r.primary || r.primary.address() != who) continue;
    r.primary = caf::actor{};
    return lost{i, r.copy};
  }
  return std::nullopt;
}

}  // namespace sdsim::cluster
