// Primary choice: keep it while it lives; on its death the next live copy after it, in copy
// order, so that routers which saw the same deaths agree without talking to each other.
#include "actors/core/replica_routes.hpp"

namespace sdsim::core {

replica_routes::replica_routes(std::vector<std::vector<caf::actor>> copies) {
  for (auto& shard : copies) {
    std::vector<copy_state> states;
    for (auto& a : shard) states.push_back({std::move(a), true});
    primary_.push_back(states.empty() ? none : 0);
    copies_.push_back(std::move(states));
  }
}

const caf::actor* replica_routes::primary(std::size_t shard) const {
  const std::size_t p = primary_.at(shard);
  return p == none ? nullptr : &copies_[shard][p].actor;
}

std::optional<replica_routes::lost> replica_routes::down(const caf::actor_addr& who) {
  for (std::size_t i = 0; i < copies_.size(); ++i) {
    auto& shard = copies_[i];
    for (std::size_t c = 0; c < shard.size(); ++c) {
      if (!shard[c].live || shard[c].actor.address() != who) continue;
      shard[c].live = false;
      const bool was_primary = primary_[i] == c;
      if (was_primary) {
        primary_[i] = none;
        for (std::size_t k = 1; k < shard.size(); ++k) {
          const std::size_t next = (c + k) % shard.size();
          if (shard[next].live) {
            primary_[i] = next;
            break;
          }
        }
      }
      return lost{i, c, was_primary, shard[c].actor};
    }
  }
  return std::nullopt;
}

void replica_routes::up(std::size_t shard, std::size_t copy, caf::actor actor) {
  auto& c = copies_.at(shard).at(copy);
  c.actor = std::move(actor);
  c.live = true;
  if (primary_[shard] == none) primary_[shard] = copy;
}

const caf::actor* replica_routes::live_copy(std::size_t shard, std::size_t copy) const {
  const auto& c = copies_.at(shard).at(copy);
  return c.live ? &c.actor : nullptr;
}

std::vector<caf::actor> replica_routes::live(std::size_t shard) const {
  std::vector<caf::actor> out;
  for (const auto& c : copies_.at(shard))
    if (c.live) out.push_back(c.actor);
  return out;
}

}  // namespace sdsim::core
