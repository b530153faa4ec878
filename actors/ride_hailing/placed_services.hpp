// The ride-hailing services a node can host, as it spawns them: the location shards (soft
// state, rebuilt from the drivers' pings). The others hold the run's shared state (the trip
// store, the match book, the surge windows) and stay with the driver process.
#pragma once

#include <caf/expected.hpp>

#include "actors/core/placement_spec.hpp"
#include "actors/ride_hailing/location_actor.hpp"

namespace sdsim::ride_hailing {

core::placement_spec spec_of(const location_params& p);

/// Spawns a location shard here from `spec`, on `clock`; an error when `spec` does not parse.
caf::expected<caf::actor> spawn_location_from(caf::actor_system& sys, const core::sim_clock& clock,
                                              const core::placement_spec& spec);

}  // namespace sdsim::ride_hailing
