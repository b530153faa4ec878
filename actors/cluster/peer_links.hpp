// The links between a replica and its peers on other nodes, as partition and link faults
// between two nodes leave them. Nodes talk over TCP: on a link that is up a message is never
// lost, only late. Each transmission is lost with the link's probability and sent again after
// a retransmission timeout, and a late message holds up those sent after it: order is kept,
// as a copy needs it. A cut link delivers nothing.
#pragma once

#include <map>
#include <optional>

#include <caf/actor_addr.hpp>

#include "actors/core/design.hpp"
#include "actors/core/rng.hpp"
#include "actors/core/sim_time.hpp"

namespace sdsim::cluster {

/// What one TCP retransmission costs: Linux's minimum retransmission timeout.
inline constexpr core::sim_ns retransmission_timeout = 200 * core::ns_per_ms;

/// Invariants: a message to a peer arrives no earlier than one sent to it before; a peer with
/// no fault on its link, and nothing still in flight on it, has no entry. Thread-safety: none.
class peer_links {
 public:
  explicit peer_links(core::rng r) : rng_(r) {}

  /// The link with `peer` is now `l` (`to`: towards the peer); whether it was cut before (in
  /// either direction) and whether it is now.
  struct change {
    bool was_cut = false;
    bool cut = false;
  };
  change set(const caf::actor_addr& peer, const core::link_state& l);

  /// When a message sent to `peer` at `now` arrives; nothing when the link is cut.
  std::optional<core::sim_ns> arrival(const caf::actor_addr& peer, core::sim_ns now);

  /// Whether the link with `peer` is cut, either way.
  bool cut(const caf::actor_addr& peer) const;

 private:
  struct entry {
    core::link_state link;
    core::sim_ns last_arrival = 0;
  };
  std::map<caf::actor_addr, entry> links_;
  core::rng rng_;
};

}  // namespace sdsim::cluster
