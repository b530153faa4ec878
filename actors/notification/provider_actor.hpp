// A push provider (FCM or APNS) and the devices behind it: answers each push after its modeled
// latency, per provider_model; a delivered push is offered to the device, which displays a
// (device, dedup key) once.
#pragma once

#include <memory>
#include <string>

#include <caf/actor.hpp>
#include <caf/fwd.hpp>

#include "actors/core/model.pb.h"
#include "actors/core/design.hpp"
#include "actors/core/sim_clock.hpp"
#include "actors/notification/notification.pb.h"

namespace sdsim::notification {

struct provider_params {
  std::string name;                  ///< "notification/fcm"
  ProviderConfig config;
  Capacity capacity;                 ///< its service time is the provider's latency
  core::actor_basics basics;
};

/// Spawns a provider; workers send it `push_atom`; `outage_atom` sets an outage's failure rate.
caf::actor spawn_provider(caf::actor_system& sys, std::shared_ptr<const provider_params> p);

}  // namespace sdsim::notification
