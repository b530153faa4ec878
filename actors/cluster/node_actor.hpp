// The entry actor a node publishes: it spawns only the services the designs offer for
// placement, runs them on a sim clock aligned with the driver's, and ends them on request.
#pragma once

#include <functional>
#include <string>

#include <caf/actor.hpp>
#include <caf/expected.hpp>
#include <caf/fwd.hpp>

#include "actors/core/placement_spec.hpp"
#include "actors/core/sim_clock.hpp"

namespace sdsim::cluster {

/// Spawns one instance of `service` in this process from `spec` (made by the design's own
/// start), on `clock`; an error when the service cannot be placed or `spec` does not parse.
using spawn_fn = std::function<caf::expected<caf::actor>(
    caf::actor_system& sys, const core::sim_clock& clock, const std::string& service,
    const core::placement_spec& spec)>;

/// Spawns the entry actor of node `name` (see node_protocol.hpp).
caf::actor spawn_node_actor(caf::actor_system& sys, std::string name, spawn_fn spawn);

}  // namespace sdsim::cluster
