// The links from this process to each node, as partition and link faults leave them, modeled
// by the routers (gateways) on the messages they send there and get back: a cut or lossy link
// loses a message (its client times out), a slow one delays it. Plain class with the message
// that carries a link's new state; a router actor owns one.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include <caf/actor.hpp>
#include <caf/message_handler.hpp>

#include "actors/core/design.hpp"
#include "actors/core/rng.hpp"
#include "actors/core/sim_time.hpp"

namespace sdsim::cluster {

/// What a link does to one message.
struct link_verdict {
  bool lost = false;
  core::sim_ns delay = 0;
};

/// Invariants: a node with no fault on its link has no entry (its messages pass untouched,
/// and no random number is drawn for them). Thread-safety: none; its router's.
class modeled_links {
 public:
  /// The link to `node` is now `l`.
  void set(const std::string& node, const core::link_state& l);

  /// What happens to a message to `node` (`toward`), or from it. "" is this process: nothing.
  link_verdict message(const std::string& node, bool toward, core::rng& r) const;

  /// The handler of the message `tell_routers` sends, for a router's behavior.
  caf::message_handler handler();

  /// Tells each router the link to `node` is now `l`.
  static void tell_routers(const std::vector<caf::actor>& routers, const std::string& node,
                           const core::link_state& l);

 private:
  std::unordered_map<std::string, core::link_state> links_;
};

}  // namespace sdsim::cluster
