// What the location service's work costs in modeled time, per index: a ping (an upsert or a
// removal), and a query (a fixed part plus each candidate whose distance it measured). The
// defaults are calibrated on the development machine: pings on bench/geo_index_bench at 1M
// drivers, candidates on the virtual-clock runs of scenarios/ride_hailing/index-strategies
// (wall time per query over candidates per query); a scenario may set its own. Charging per candidate makes a query's cost follow the density
// around it, as the real index's does.
#pragma once

#include "actors/ride_hailing/ride_hailing.pb.h"

namespace sdsim::ride_hailing {

struct location_cost {
  double ping_us = 0;
  double query_us = 0;
  double candidate_us = 0;

  /// The calibrated defaults of `kind`.
  static location_cost of(GeoIndexKind kind) {
    switch (kind) {
      case GEOHASH: return {0.5, 2, 0.04};
      case SQLITE_RTREE: return {25, 20, 0.3};
      default: return {1.2, 2, 0.03};
    }
  }
};

}  // namespace sdsim::ride_hailing
