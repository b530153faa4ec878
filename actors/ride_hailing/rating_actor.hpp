// The rating service: `rate_trip` once per paid trip (the trip service says whether it may),
// kept as each driver's average, which it passes to matching every second for ranking.
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

caf::actor spawn_rating(caf::actor_system& sys, std::shared_ptr<const rating_params> p);

}  // namespace sdsim::ride_hailing
