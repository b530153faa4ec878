// The pricing service: the riders' first stop. `nearby_cabs` asks the location shards for the
// cabs around a point and answers with their ETAs and the price to the destination at the
// cell's surge; `request_ride` records the demand, quotes the multiplier and hands the request
// to the trip service, which answers the rider. Surge comes from demand against the supply the
// location shards report.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <caf/actor.hpp>
#include <caf/fwd.hpp>

#include "actors/core/design.hpp"
#include "actors/core/live_map.hpp"
#include "actors/ride_hailing/geo.hpp"
#include "actors/ride_hailing/surge_pricing.hpp"

namespace sdsim::ride_hailing {

struct pricing_params {
  geo_box city;
  uint32_t region_precision = 5;
  std::vector<caf::actor> locations;
  surge_config surge;
  double speed_mps = 8;
  double radius_m = 2000;
  uint32_t candidates = 10;
  uint64_t customers = 0;
  std::vector<std::pair<std::string, geo_point>> watch;  ///< hot spots whose surge is sampled
  Capacity capacity;
  core::actor_basics basics;
  std::shared_ptr<core::map_slot> live;  ///< where the surge heat is shown (nullptr: nowhere)
};

/// Messages: `peers_atom` (trip, the drivers' phones: where quotes and surge maps go), before
/// any traffic; `call_atom` nearby_cabs and request_ride; `hits_atom` from the location
/// shards, `location_atom` when one is spawned again; `supply_atom` from them.
caf::actor spawn_pricing(caf::actor_system& sys, std::shared_ptr<const pricing_params> p);

/// Checks a point is inside the city (a rider's request is refused otherwise).
bool inside(const geo_box& city, double lat, double lon);

}  // namespace sdsim::ride_hailing
