// The matching service: finds the drivers near a requested ride, ranks them (ETA, then
// rating), offers the ride to the best few at a time, and gives it to the first who accepts.
// One actor owns the match_book, so "first accept wins" is a matter of message order and no
// driver is ever matched to two rides, nor a ride to two drivers.
#pragma once

#include <memory>
#include <utility>
#include <vector>

#include <caf/actor.hpp>
#include <caf/fwd.hpp>

#include "actors/core/design.hpp"

namespace sdsim::ride_hailing {

struct matching_params {
  uint32_t region_precision = 5;
  std::vector<caf::actor> locations;
  caf::actor trip;
  double radius_m = 2000;
  uint32_t candidates = 10;
  uint32_t offer_batch = 3;
  core::sim_ns offer_timeout = 0;
  double speed_mps = 8;
  Capacity capacity;
  core::actor_basics basics;
  /// Rides under way at t = 0 (a warm start), (ride, driver): seated before the run begins.
  std::vector<std::pair<uint64_t, uint64_t>> seats;
};

/// Messages: `peers_atom` (the drivers' phones, which get the offers) before traffic;
/// `match_atom` (ride, lat, lon, requested_at) from trip; `call_atom` accept_ride / deny_ride
/// from drivers; `release_atom` (ride) when a trip ends; `ratings_atom` (Ratings);
/// `seat_atom` (ride, driver) and `moved_atom` from trip.
caf::actor spawn_matching(caf::actor_system& sys, std::shared_ptr<const matching_params> p);

}  // namespace sdsim::ride_hailing
