// A queue shard: owns the users the ring gives it; persists their notifications before
// acknowledging them (and, with copies, once every copy in sync holds them); leases
// deliveries to workers and records every attempt; retries with backoff; dead-letters past
// the cap. A restarted shard, or a copy that becomes primary, rebuilds its queue from SQLite.
#pragma once

#include <memory>
#include <string>

#include <caf/actor.hpp>
#include <caf/fwd.hpp>

#include "actors/core/model.pb.h"
#include "actors/core/design.hpp"
#include "actors/core/sim_clock.hpp"
#include "actors/notification/backoff_schedule.hpp"
#include "actors/notification/notification_store.hpp"

namespace sdsim::notification {

/// What a queue shard needs; shared read-only with the actor (and its restarts).
struct queue_params {
  uint32_t index = 0;
  std::string db_path;
  Capacity capacity;
  preload_plan preload;
  backoff_schedule backoff{core::from_s(0.5), core::from_s(30), 0.5, 8};
  core::sim_ns lease_timeout = 0;    ///< a worker silent this long: the attempt timed out
  double global_rate_per_s = 0;      ///< this shard's share of the global sending limit; 0: none
  double day_offset_s = 0;
  core::actor_basics basics;
  uint32_t replica = 0;              ///< which copy of the shard (its own SQLite file)
  uint32_t replicas = 1;
  bool rejoin = false;               ///< a copy that comes back: no preload, it catches up
};

/// Spawns incarnation `incarnation` (0 first, +1 per restart) of a copy of a queue shard. Its
/// copies are kept equal by the cluster layer (a replica over its tables): only the primary
/// serves. Gateways send it `route_atom`; workers `pull_atom` and `result_atom`.
caf::actor spawn_queue(caf::actor_system& sys, std::shared_ptr<const queue_params> p,
                       uint32_t incarnation);

}  // namespace sdsim::notification
