// The rating service: `rate_trip` once per paid trip (the trip service says whether it may,
// and records it), kept as each driver's average, which it passes to matching every second
// for ranking. The averages are soft state: the trip store holds every rating.
#pragma once

#include <memory>

#include <caf/actor.hpp>
#include <caf/fwd.hpp>

#include "actors/core/design.hpp"

namespace sdsim::ride_hailing {

struct rating_params {
  caf::actor trip;
  caf::actor matching;
  Capacity capacity;
  core::actor_basics basics;
};

/// Messages: `call_atom` rate_trip from the riders' phones; `rated_atom` from trip;
/// `moved_atom` (matching spawned again); `cluster::primary_atom` (trip's primary); `recover_atom` (this service spawned again:
/// its averages are rebuilt from the trip store).
caf::actor spawn_rating(caf::actor_system& sys, std::shared_ptr<const rating_params> p);

}  // namespace sdsim::ride_hailing
