#include "actors/ride_hailing/region_map.hpp"

#include <algorithm>
#include <cmath>

#include "actors/ride_hailing/geohash.hpp"

namespace sdsim::ride_hailing {

region_map::region_map(uint32_t shards, int precision, const geo_box& area)
    : precision_(precision) {
  for (uint32_t i = 0; i < shards; ++i) ring_.add("location-" + std::to_string(i), 100);
  if (area.max_lat <= area.min_lat || area.max_lon <= area.min_lon) return;
  const cell_size cell = geohash_cell(precision_);
  for (double lat = area.min_lat;; lat = std::min(lat + cell.lat_deg, area.max_lat)) {
    for (double lon = area.min_lon;; lon = std::min(lon + cell.lon_deg, area.max_lon)) {
      const geo_point p{lat, lon};
      known_.emplace(geohash_bits(p, precision_), owner(~uint64_t{0}, p));
      if (lon >= area.max_lon) break;
    }
    if (lat >= area.max_lat) break;
  }
}

uint32_t region_map::owner(uint64_t region_bits, geo_point p) const {
  if (auto it = known_.find(region_bits); it != known_.end()) return it->second;
  return static_cast<uint32_t>(std::stoul(ring_.owner(region_of(p)).substr(9)));
}

std::string region_map::region_of(geo_point p) const { return geohash(p, precision_); }

uint32_t region_map::shard_of(geo_point p) const {
  return owner(geohash_bits(p, precision_), p);
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
