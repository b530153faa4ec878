// The notification API's front door: checks each request, routes it to the queue shard that
// owns its user (consistent hashing), and relays the answer. It monitors the shards: a shard
// that dies fails the requests waiting on it at once with `shard_down`.
#pragma once

#include <memory>
#include <vector>

#include <caf/actor.hpp>
#include <caf/fwd.hpp>

#include "actors/core/model.pb.h"
#include "actors/core/design.hpp"
#include "actors/core/sim_clock.hpp"

namespace sdsim::notification {

struct gateway_params {
  uint32_t index = 0;
  Capacity capacity;
  std::vector<caf::actor> queues;    ///< shard i is "queue-i" on the ring
  core::actor_basics basics;
};

caf::actor spawn_gateway(caf::actor_system& sys, std::shared_ptr<const gateway_params> p);

}  // namespace sdsim::notification
