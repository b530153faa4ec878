// The trip service: the system of record for rides. It persists every trip and every state
// change in SQLite before acknowledging it, enforces the lifecycle (an illegal move is refused
// and counted), tells the riders' and drivers' phones what happened, pushes notifications
// through the notification service when the run has one, charges the fare when a trip ends,
// and lets riders rate paid trips.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <caf/actor.hpp>
#include <caf/fwd.hpp>

#include "actors/core/design.hpp"
#include "actors/ride_hailing/warm_start.hpp"

namespace sdsim::ride_hailing {

struct trip_params {
  std::string db_path;
  caf::actor matching;
  caf::actor payment;
  caf::actor city;
  double speed_mps = 8;
  Capacity capacity;
  core::actor_basics basics;
  /// Rides under way at t = 0 (a warm start): recorded before the run begins.
  std::shared_ptr<const std::vector<warm_ride>> warm;
};

/// Messages: `quote_atom` (request_ride envelope, rider, surge, fare) from pricing;
/// `matched_atom` / `unmatched_atom` from matching; `heading_atom` (ride, driver) from a
/// driver's phone; `call_atom` cancel_ride, start_trip, end_trip, track_trip; `positions_atom`
/// from location; `settled_atom` from payment; `may_rate_atom` from rating; `notify_to_atom`
/// (the notification gateways).
caf::actor spawn_trip(caf::actor_system& sys, std::shared_ptr<const trip_params> p);

}  // namespace sdsim::ride_hailing
