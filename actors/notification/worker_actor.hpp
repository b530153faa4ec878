// A push worker: takes deliveries its queue shard leases to it (as many as its window allows),
// holds back what the user's sending limit does not allow yet, pushes the rest
// to FCM or APNS, and reports each outcome — a provider that does not answer in time is a
// timeout, since the push may or may not have gone through.
#pragma once

#include <memory>

#include <caf/actor.hpp>
#include <caf/fwd.hpp>

#include "actors/core/model.pb.h"
#include "actors/core/design.hpp"
#include "actors/core/sim_clock.hpp"

namespace sdsim::notification {

struct worker_params {
  uint32_t index = 0;
  Capacity capacity;
  caf::actor queue;                  ///< the shard it serves (its group names the next primary)
  caf::actor fcm;
  caf::actor apns;
  uint32_t window = 256;             ///< pushes in flight at most
  core::sim_ns push_timeout = 0;
  double per_user_rate_per_s = 5;
  double per_user_burst = 20;
  core::actor_basics basics;
};

/// Spawns a worker; on `start_atom` it asks its queue for work.
caf::actor spawn_worker(caf::actor_system& sys, std::shared_ptr<const worker_params> p);

}  // namespace sdsim::notification
