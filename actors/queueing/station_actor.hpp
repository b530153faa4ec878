// The queueing station as an actor: admits each request through its capacity model and
// answers it when the modeled service ends.
#pragma once

#include <memory>
#include <string>

#include <caf/actor.hpp>
#include <caf/fwd.hpp>

#include "actors/core/capacity_model.hpp"
#include "actors/core/sim_clock.hpp"

namespace sdsim::queueing {

/// What a station needs; shared read-only with the actor.
struct station_params {
  std::string name;          ///< "queueing/station"
  uint32_t shard = 0;
  Capacity capacity;
  const core::sim_clock* clock = nullptr;
  uint64_t seed = 0;
  core::sim_ns window_start = 0;
  core::sim_ns arrivals_end = 0;
  core::sim_ns timer_quantum = 0;   ///< see core::timed_actor
};

/// Spawns a station; it answers `call_atom` requests with `reply_atom` and `collect_atom`
/// with serialized `ActorMetrics`.
caf::actor spawn_station(caf::actor_system& sys, std::shared_ptr<const station_params> p);

}  // namespace sdsim::queueing
