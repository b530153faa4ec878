// The notification services as a node spawns them: each one's parameters to and from the
// spec its node receives (notification.proto), and the spawn itself. Peers, in order:
// a gateway's are the queue shards; a worker's are its queue shard, FCM and APNS.
#pragma once

#include <caf/expected.hpp>

#include "actors/core/placement_spec.hpp"
#include "actors/notification/gateway_actor.hpp"
#include "actors/notification/provider_actor.hpp"
#include "actors/notification/queue_actor.hpp"
#include "actors/notification/worker_actor.hpp"

namespace sdsim::notification {

inline const std::string gateway_name = "notification/gateway";
inline const std::string queue_name = "notification/queue";
inline const std::string worker_name = "notification/worker";
inline const std::string fcm_name = "notification/fcm";
inline const std::string apns_name = "notification/apns";

core::placement_spec spec_of(const gateway_params& p);
core::placement_spec spec_of(const queue_params& p, uint32_t incarnation);
core::placement_spec spec_of(const worker_params& p);
core::placement_spec spec_of(const provider_params& p);

/// Spawns `service` here from `spec`, on `clock`; an error when `spec` does not parse.
caf::expected<caf::actor> spawn_placed_service(caf::actor_system& sys, const core::sim_clock& clock,
                                               const std::string& service,
                                               const core::placement_spec& spec);

}  // namespace sdsim::notification
