// Which location shard holds which drivers: the city is cut into geohash regions (4
// characters: 39 x 19.5 km, a few per metropolitan area) and the regions are spread over the
// shards by consistent hashing, so adding a shard moves only its share of regions. A query
// circle that crosses a region boundary must ask every shard owning a region it touches.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "actors/core/hash_ring.hpp"
#include "actors/ride_hailing/geo.hpp"
#include "actors/ride_hailing/geohash.hpp"

namespace sdsim::ride_hailing {

/// Immutable after construction; const methods are thread-safe.
class region_map {
 public:
  /// `shards` shards ("location-0" ...), regions of `precision` geohash characters. The
  /// owners of the regions under `area` are looked up once into a grid, so shard_of() is an
  /// index computation there (it is asked for every ping).
  region_map(uint32_t shards, int precision = 4, const geo_box& area = {});

  /// The shard holding a driver at `p`.
  uint32_t shard_of(geo_point p) const;

  /// Every shard holding some point within `radius_m` of `center`, ascending, no repeats:
  /// the shards of all regions the circle's bounding box touches.
  std::vector<uint32_t> shards_near(geo_point center, double radius_m) const;

  /// The region (geohash) of `p`.
  std::string region_of(geo_point p) const;

 private:
  uint32_t ring_owner(geo_point p) const;  // the ring's answer for `p`'s region

  int precision_;
  core::hash_ring ring_;
  // The owners of the regions under the area, by row (latitude) then column.
  cell_coords first_;
  uint64_t rows_ = 0, cols_ = 0;
  std::vector<uint32_t> grid_;
};

}  // namespace sdsim::ride_hailing
