// Which nearby drivers are offered a ride first: the nearest by ETA, and among drivers about
// as near, the better rated.
#pragma once

#include <cstdint>
#include <vector>

#include "actors/ride_hailing/geo_index.hpp"

namespace sdsim::ride_hailing {

struct ranked_driver {
  uint64_t driver = 0;
  double eta_s = 0;
  double rating = 0;   ///< 1..5; 0: not rated yet (taken as 4.5)
};

/// ETA from the straight-line distance at `speed_mps`, rounded to `eta_bucket_s` so that
/// drivers about as near compare by rating (then by id, so the order is total).
std::vector<ranked_driver> rank(const std::vector<driver_hit>& nearby,
                                const std::vector<double>& ratings, double speed_mps,
                                double eta_bucket_s = 60);

}  // namespace sdsim::ride_hailing
