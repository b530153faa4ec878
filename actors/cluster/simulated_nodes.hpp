// Nodes simulated inside the driver's process, for runs under the virtual clock: each node's
// actors are spawned here and remembered by node, so that killing a node ends exactly them
// (their in-memory state is gone; what they wrote to their SQLite files stays), the way a
// lost connection ends a real node's actors for the driver. Deterministic: nothing here
// depends on wall time or threads.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <caf/actor.hpp>
#include <caf/actor_addr.hpp>

namespace sdsim::cluster {

/// Invariants: (1) an actor placed on a node is live only while that node is up and in the
/// generation it was placed in; (2) nothing is placed on a node that is down.
/// Thread-safety: none; used by the engine's thread.
class simulated_nodes {
 public:
  explicit simulated_nodes(const std::vector<std::string>& names);

  /// Runs `spawn` for node `node` and remembers the actor as that node's; throws
  /// std::runtime_error when the node is down.
  caf::actor place(const std::string& node, const std::function<caf::actor()>& spawn);

  /// The node goes down: each of its actors ends as if its connection were lost
  /// (`remote_link_unreachable`, which routers count as `node_down`). "" or why not.
  std::string kill(const std::string& node);

  /// The node is up again, empty: its services are placed on it anew. "" or why not.
  std::string restart(const std::string& node);

  bool down(const std::string& node) const;
  /// False for an actor of a node that went down since it was placed.
  bool reachable(const caf::actor& a) const;
  /// The node `a` was placed on, or "" (this process's own actor).
  std::string node_of(const caf::actor_addr& a) const;

 private:
  struct node_state {
    bool down = false;
    uint32_t generation = 0;
    std::vector<caf::actor> actors;   // placed in the current generation
  };
  struct placed {
    std::string node;
    uint32_t generation = 0;
  };
  std::map<std::string, node_state> nodes_;
  std::map<caf::actor_addr, placed> placed_;
};

}  // namespace sdsim::cluster
