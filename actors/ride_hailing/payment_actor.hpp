// The payment processor, a third party as the trip service sees it: a charge per trip, answered
// after the processor's latency (the service time of ride_hailing/payment) by a webhook-style
// callback that may arrive twice; idempotent by trip id (payment_ledger).
#pragma once

#include <memory>

#include <caf/actor.hpp>
#include <caf/fwd.hpp>

#include "actors/core/design.hpp"

namespace sdsim::ride_hailing {

struct payment_params {
  double failure_rate = 0.01;
  double redelivery_rate = 0.02;   ///< webhooks delivered twice
  Capacity capacity;
  core::actor_basics basics;
};

/// Messages: `charge_atom` (trip, amount); answers the sender with `settled_atom` (trip, ok).
caf::actor spawn_payment(caf::actor_system& sys, std::shared_ptr<const payment_params> p);

}  // namespace sdsim::ride_hailing
