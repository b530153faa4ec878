// The queueing station as an actor: admits each request through its capacity model and
// answers it when the modeled service ends.
#pragma once

#include <memory>
#include <string>

#include <caf/actor.hpp>
#include <caf/fwd.hpp>

#include "actors/core/capacity_model.hpp"
#include "actors/core/design.hpp"
#include "actors/core/sim_clock.hpp"

namespace sdsim::queueing {

/// What a station needs; shared read-only with the actor.
struct station_params {
  std::string name;          ///< "queueing/station"
  uint32_t shard = 0;
  Capacity capacity;
  core::actor_basics basics;
};

/// Spawns a station; it answers `call_atom` requests with `reply_atom` and `collect_atom`
/// with serialized `ActorMetrics`.
caf::actor spawn_station(caf::actor_system& sys, std::shared_ptr<const station_params> p);

}  // namespace sdsim::queueing
