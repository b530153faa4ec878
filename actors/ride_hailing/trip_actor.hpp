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

namespace sdsim::ride_hailing {

struct trip_params {
  /// Its SQLite file: the trips it holds (a warm start's rides are seeded there before the
  /// first spawn; a spawn on a returned node reads what was committed before the loss).
  std::string db_path;
  caf::actor payment;
  double speed_mps = 8;
  Capacity capacity;
  core::actor_basics basics;
  uint32_t replica = 0;     ///< which copy (its own SQLite file); copies are kept equal by rows
  uint32_t replicas = 1;
  bool rejoin = false;      ///< a copy that comes back: it catches up before it may lead
};

/// Messages: `peers_atom` (matching, the phones) before traffic; `quote_atom` (request_ride
/// envelope, rider, surge, fare) from pricing; `matched_atom` / `unmatched_atom` from matching;
/// `heading_atom` (ride, driver) from a driver's phone; `call_atom` cancel_ride, start_trip,
/// end_trip, track_trip; `positions_atom` from location; `settled_atom` from payment;
/// `may_rate_atom` and `totals_atom` from rating; `notify_to_atom` (the notification
/// gateways); `moved_atom` (a matching spawned again: its rides are seated there);
/// Only the primary copy serves; a copy that becomes primary (its group's `lead_atom`) reads
/// its file and asks again for the matches and charges its predecessor never heard answered.
caf::actor spawn_trip(caf::actor_system& sys, std::shared_ptr<const trip_params> p);

}  // namespace sdsim::ride_hailing
