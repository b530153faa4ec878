#include "actors/cluster/ack_tracker.hpp"

namespace sdsim::cluster {

void ack_tracker::expect(uint64_t seq, const std::vector<caf::actor_addr>& peers) {
  auto& w = waiting_[seq];
  w.peers.insert(peers.begin(), peers.end());
}

std::optional<ack_tracker::completed> ack_tracker::ack(uint64_t seq,
                                                      const caf::actor_addr& peer) {
  auto it = waiting_.find(seq);
  if (it == waiting_.end() || it->second.peers.erase(peer) == 0) return std::nullopt;
  ++it->second.acks;
  if (!it->second.peers.empty()) return std::nullopt;
  const completed out{seq, it->second.acks};
  waiting_.erase(it);
  return out;
}

std::vector<ack_tracker::completed> ack_tracker::drop_peer(const caf::actor_addr& peer) {
  std::vector<completed> done;
  for (auto it = waiting_.begin(); it != waiting_.end();) {
    if (it->second.peers.erase(peer) > 0 && it->second.peers.empty()) {
      done.push_back({it->first, it->second.acks});
      it = waiting_.erase(it);
    } else {
      ++it;
    }
  }
  return done;
}

}  // namespace sdsim::cluster
