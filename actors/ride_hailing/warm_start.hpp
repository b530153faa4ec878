// The steady state a run can start in: rides already under way at t = 0. As many as Little's
// law gives for the booking rate and the model's mean ride (time to match, the pickup leg,
// the trip leg), each caught at a uniformly random moment of its ride — a snapshot of a steady
// state, so a ride twice as long is twice as likely to be in it.
#pragma once

#include <cstdint>
#include <vector>

#include "actors/core/rng.hpp"
#include "actors/core/sim_time.hpp"
#include "actors/ride_hailing/city_map.hpp"
#include "actors/ride_hailing/fleet.hpp"
#include "actors/ride_hailing/surge_pricing.hpp"
#include "actors/ride_hailing/trip_lifecycle.hpp"

namespace sdsim::ride_hailing {

/// A ride under way at t = 0. Its times are before 0.
struct warm_ride {
  uint64_t id = 0;              ///< trip id, 1 and up
  uint64_t customer = 0;
  uint32_t driver = 0;          ///< fleet index (the services know him as driver + 1)
  geo_point pickup, destination;
  trip_state state = trip_state::en_route;  ///< en_route or in_trip
  core::sim_ns requested_at = 0, matched_at = 0, picked_up_at = 0;  ///< picked up: in_trip only
  core::sim_ns arrives_at = 0;  ///< when the driver reaches the pickup or the destination
  uint32_t cab_type = 0, payment_method = 0;
  double fare = 0;
};

struct warm_params {
  double bookings_per_s = 0;   ///< the booking rate at t = 0
  uint64_t customers = 1;
  double match_s = 4;          ///< the time from a request to its driver's accept
  double pickup_max_m = 300;   ///< how far from the pickup matched drivers start
  uint64_t seed = 0;
};

/// The rides under way at t = 0. Drivers are the fleet's last ones (available and online),
/// each put on his leg: heading to the pickup (en_route) or the destination (on_trip).
/// Customers are the first bookings of rider_workload's order.
std::vector<warm_ride> start_warm(const warm_params& p, const city_map& map,
                                  const surge_pricing& fares, double speed_mps, fleet& f);

}  // namespace sdsim::ride_hailing
