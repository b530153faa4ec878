// What a service placed on a node is spawned from there.
#pragma once

#include <string>
#include <vector>

#include <caf/actor.hpp>

namespace sdsim::core {

/// A placed service's parameters as protobuf bytes (a message of its design's own proto, read
/// by the design's `spawn_placed` on the node) and the handles of the services it sends to, in
/// the order that design gives them. Handles cross nodes as they are; parameters cannot.
struct placement_spec {
  std::string bytes;
  std::vector<caf::actor> peers;
};

}  // namespace sdsim::core
