#include "actors/ride_hailing/region_map.hpp"

#include <algorithm>
#include <cmath>

#include "actors/ride_hailing/geohash.hpp"

namespace sdsim::ride_hailing {

region_map::region_map(uint32_t shards, int precision, const geo_box& area)
    : precision_(precision) {
  for (uint32_t i = 0; i < shards; ++i) ring_.add("location-" + std::to_string(i), 100);
  if (area.max_lat <= area.min_lat || area.max_lon <= area.min_lon) return;
  first_ = geohash_coords({area.min_lat, area.min_lon}, precision_);
  const cell_coords last = geohash_coords({area.max_lat, area.max_lon}, precision_);
  rows_ = last.lat - first_.lat + 1;
  cols_ = last.lon - first_.lon + 1;
  const cell_size cell = geohash_cell(precision_);
  grid_.resize(rows_ * cols_);
  for (uint64_t r = 0; r < rows_; ++r)
    for (uint64_t c = 0; c < cols_; ++c) {
      const geo_point center{-90 + (static_cast<double>(first_.lat + r) + 0.5) * cell.lat_deg,
                             -180 + (static_cast<double>(first_.lon + c) + 0.5) * cell.lon_deg};
      grid_[r * cols_ + c] = ring_owner(center);
    }
}

uint32_t region_map::ring_owner(geo_point p) const {
  return static_cast<uint32_t>(std::stoul(ring_.owner(region_of(p)).substr(9)));
}

std::string region_map::region_of(geo_point p) const { return geohash(p, precision_); }

uint32_t region_map::shard_of(geo_point p) const {
  const cell_coords c = geohash_coords(p, precision_);
  // Unsigned: a cell before the area's first wraps around to a large number, outside too.
  const uint64_t r = c.lat - first_.lat, col = c.lon - first_.lon;
  if (r < rows_ && col < cols_) return grid_[r * cols_ + col];
  return ring_owner(p);
}

std::vector<uint32_t> region_map::shards_near(geo_point center, double radius_m) const {
  const geo_box b = box_around(center, radius_m);
  const cell_size cell = geohash_cell(precision_);
  std::vector<uint32_t> out;
  // The regions under the box: step one region at a time from its south-west corner, and
  // take the corners themselves so a box narrower than a region still sees both sides.
  for (double lat = b.min_lat;; lat = std::min(lat + cell.lat_deg, b.max_lat)) {
    for (double lon = b.min_lon;; lon = std::min(lon + cell.lon_deg, b.max_lon)) {
      out.push_back(shard_of({lat, lon}));
      if (lon >= b.max_lon) break;
    }
    if (lat >= b.max_lat) break;
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace sdsim::ride_hailing
