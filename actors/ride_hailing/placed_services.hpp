// The ride-hailing services a node can host, as it spawns them: the location shards (soft
// state, rebuilt from the drivers' pings) and pricing (soft state: its surge windows refill
// from the next requests and supply counts). Matching, trip, payment and rating hold state a
// lost node would take with it (the match book, the trip store, charges, ratings) and stay
// with the driver process.
#pragma once

#include <caf/expected.hpp>

#include "actors/core/placement_spec.hpp"
#include "actors/ride_hailing/location_actor.hpp"
#include "actors/ride_hailing/pricing_actor.hpp"

namespace sdsim::ride_hailing {

core::placement_spec spec_of(const location_params& p);

/// Spawns a location shard here from `spec`, on `clock`; an error when `spec` does not parse.
caf::expected<caf::actor> spawn_location_from(caf::actor_system& sys, const core::sim_clock& clock,
                                              const core::placement_spec& spec);

/// Pricing's spec; its peers are the location shards. Placed, it shows no live surge heat
/// (the viewer's map lives in the driver).
core::placement_spec spec_of(const pricing_params& p);

caf::expected<caf::actor> spawn_pricing_from(caf::actor_system& sys, const core::sim_clock& clock,
                                             const core::placement_spec& spec);

}  // namespace sdsim::ride_hailing
