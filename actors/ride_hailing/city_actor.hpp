// The city: every driver's and rider's phone, as one actor over plain arrays (never an actor
// per driver). Drivers move and ping in batches per location shard each tick; they answer
// offers after a think time, head to the pickup, start and end trips. Riders watch their ride,
// sometimes cancel while waiting, and rate paid trips. Every call goes through a
// request_tracker, so these APIs get their latency and outcomes like any client's. Free
// drivers cruise toward hot spots by their usual demand, pulled harder where the surge map
// pricing sends every 10 s is high — which is how a surge ends.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <caf/actor.hpp>
#include <caf/fwd.hpp>

#include "actors/core/design.hpp"
#include "actors/core/live_map.hpp"
#include "actors/ride_hailing/city_map.hpp"
#include "actors/ride_hailing/fleet.hpp"
#include "actors/ride_hailing/warm_start.hpp"

namespace sdsim::ride_hailing {

struct city_params {
  std::string design;
  std::vector<std::string> api_names;
  uint32_t drivers = 0;
  double offline_share = 0;
  fleet_config fleet;                  ///< its `cruise` is the city's own (make_fleet)
  std::shared_ptr<const city_map> map; ///< where free drivers cruise to
  /// Per hot spot, how strongly free drivers head there: the square of its surge, which the
  /// city updates from pricing's surge map and the fleet reads when a driver picks a spot.
  std::shared_ptr<std::vector<double>> pull = std::make_shared<std::vector<double>>();
  /// The drivers (make_fleet), shared with a warm start that puts some of them on rides.
  std::shared_ptr<ride_hailing::fleet> drivers_fleet;
  /// Rides under way at t = 0 (a warm start): the city's drivers drive them, their riders
  /// watch them; every free driver is then taken to be in his shard's index already.
  std::shared_ptr<const std::vector<warm_ride>> warm;
  uint32_t region_precision = 5;
  std::vector<caf::actor> locations;
  caf::actor matching;
  caf::actor trip;
  caf::actor rating;
  double accept_probability = 0.7;
  Distribution think;                  ///< a driver's time to answer an offer
  core::sim_ns track_interval = 0;
  double cancel_share = 0;
  double rate_share = 0.7;
  core::sim_ns tick = 0;
  core::sim_ns timeout = 0;            ///< a call's wait for its answer
  core::actor_basics basics;
  /// Where a live viewer takes pictures of the drivers from (nullptr: nobody watches).
  std::shared_ptr<core::map_slot> live;
  /// The hot spots, in the order of the pricing service's surge map (for the pictures).
  std::vector<core::map_spot> spots;
};

/// The city's fleet: `p.drivers` drivers, the first `p.offline_share` of them off duty, the
/// free ones cruising to the map's hot spots by `p.pull`.
std::shared_ptr<fleet> make_fleet(const city_params& p);

/// Spawns the city; it waits for `start_atom` and stops calling at `arrivals_end` or on
/// `stop_atom`.
caf::actor spawn_city(caf::actor_system& sys, std::shared_ptr<const city_params> p);

}  // namespace sdsim::ride_hailing
