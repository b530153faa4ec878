// A location shard: the drivers of its regions in a geo index (quadtree, geohash or SQLite
// R*Tree). It takes the city's ping batches, answers "the k nearest available drivers within
// R of a point" for the part of the circle it holds, forwards busy drivers' positions to the
// trip service (riders watch them), and tells pricing how many drivers are free per cell.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <caf/actor.hpp>
#include <caf/fwd.hpp>

#include "actors/core/design.hpp"
#include "actors/ride_hailing/geo.hpp"
#include "actors/ride_hailing/location_cost.hpp"
#include "actors/ride_hailing/ride_hailing.pb.h"

namespace sdsim::ride_hailing {

struct location_params {
  uint32_t index = 0;
  geo_box city;
  GeoIndexKind kind = QUADTREE;
  location_cost cost;
  Capacity capacity;
  int surge_precision = 5;         ///< cells supply is counted in (pricing's)
  core::actor_basics basics;
  /// The free drivers of this shard's regions at t = 0 (a warm start), indexed before the run
  /// begins; the spawner may clear it once spawned.
  std::vector<std::pair<uint64_t, geo_point>> prefill;
};

/// Spawns a shard. Messages: `peers_atom` (pricing, trip: where supply counts and the
/// positions of busy drivers go), before any other; `pings_atom` (PingBatch bytes); `near_atom` (tag, lat, lon,
/// radius_m, k) answered with `hits_atom` (tag, shard, Hits bytes) after its modeled cost.
caf::actor spawn_location(caf::actor_system& sys, std::shared_ptr<const location_params> p);

}  // namespace sdsim::ride_hailing
