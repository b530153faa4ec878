// Writes waiting for their copies' acknowledgements: a write completes when every copy it was
// sent to has acknowledged it or has died. Plain class; a primary replica owns one.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include <caf/actor_addr.hpp>

namespace sdsim::cluster {

/// Invariants: (1) a write is pending while one of the copies it waits for is alive and has not
/// acknowledged it; (2) each write completes exactly once (ack or drop_peer returns it).
/// Thread-safety: none.
class ack_tracker {
 public:
  /// Write `seq` now waits for `peers` (none: nothing to wait for; do not call then).
  void expect(uint64_t seq, const std::vector<caf::actor_addr>& peers);

  /// A write that needs nothing more, with the acknowledgements it got.
  struct completed {
    uint64_t seq = 0;
    uint32_t acks = 0;
  };

  /// `peer` acknowledged `seq`; the write when that completes it.
  std::optional<completed> ack(uint64_t seq, const caf::actor_addr& peer);

  /// `peer` died: it is waited for no more. Returns the writes this completes, in order.
  std::vector<completed> drop_peer(const caf::actor_addr& peer);

  std::size_t pending() const { return waiting_.size(); }

 private:
  struct waiting {
    std::set<caf::actor_addr> peers;
    uint32_t acks = 0;
  };
  std::map<uint64_t, waiting> waiting_;
};

}  // namespace sdsim::cluster
