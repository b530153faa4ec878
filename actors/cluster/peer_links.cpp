#include "actors/cluster/peer_links.hpp"

#include <algorithm>

namespace sdsim::cluster {
namespace {

bool cut_either(const core::link_state& l) { return l.to.cut || l.from.cut; }

}  // namespace

peer_links::change peer_links::set(const caf::actor_addr& peer, const core::link_state& l) {
  auto& e = links_[peer];
  const change c{cut_either(e.link), cut_either(l)};
  e.link = l;
  return c;
}

std::optional<core::sim_ns> peer_links::arrival(const caf::actor_addr& peer, core::sim_ns now) {
  auto it = links_.find(peer);
  if (it == links_.end()) return now;
  auto& e = it->second;
  const auto& to = e.link.to;
  if (to.cut) return std::nullopt;
  core::sim_ns at = now + core::from_ms(to.delay_ms);
  for (int tries = 0; to.loss > 0 && tries < 16 && rng_.uniform() < to.loss; ++tries)
    at += retransmission_timeout;
  at = std::max(at, e.last_arrival);
  e.last_arrival = at;
  // Fault-free again and nothing of it still in flight: forget it.
  if (at == now && e.link.to.clear() && e.link.from.clear()) links_.erase(it);
  return at;
}

bool peer_links::cut(const caf::actor_addr& peer) const {
  auto it = links_.find(peer);
  return it != links_.end() && cut_either(it->second.link);
}

}  // namespace sdsim::cluster
