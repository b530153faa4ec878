// The ride-hailing services a node can host, as it spawns them. Only trip holds state of
// record, in SQLite, its copies kept equal by the cluster layer (a copy that comes back
// reopens its file and catches up). The others hold soft state, rebuilt when they are spawned
// again: the location shards from the drivers' pings, pricing's surge windows from the next
// requests, matching's book from the trip store (trip seats the rides that hold a driver and
// asks again for the rest), rating's averages from the trip store. Payment stays with the
// driver process: it models a third party's processor, not a service of ours.
#pragma once

#include <caf/expected.hpp>

#include "actors/core/placement_spec.hpp"
#include "actors/ride_hailing/location_actor.hpp"
#include "actors/ride_hailing/matching_actor.hpp"
#include "actors/ride_hailing/pricing_actor.hpp"
#include "actors/ride_hailing/rating_actor.hpp"
#include "actors/ride_hailing/trip_actor.hpp"

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

/// Trip's spec; its peer is payment (matching and the phones come by `peers_atom`).
core::placement_spec spec_of(const trip_params& p);

caf::expected<caf::actor> spawn_trip_from(caf::actor_system& sys, const core::sim_clock& clock,
                                          const core::placement_spec& spec);

/// Matching's spec; its peers are the location shards, then trip (the phones come by
/// `peers_atom`).
core::placement_spec spec_of(const matching_params& p);

caf::expected<caf::actor> spawn_matching_from(caf::actor_system& sys, const core::sim_clock& clock,
                                              const core::placement_spec& spec);

/// Rating's spec; its peers are trip and matching.
core::placement_spec spec_of(const rating_params& p);

caf::expected<caf::actor> spawn_rating_from(caf::actor_system& sys, const core::sim_clock& clock,
                                            const core::placement_spec& spec);

}  // namespace sdsim::ride_hailing
