#include "actors/ride_hailing/geohash_index.hpp"

#include <cmath>

#include "actors/ride_hailing/geohash.hpp"

namespace sdsim::ride_hailing {

geohash_index::geohash_index(int precision)
    : precision_(precision), cell_(geohash_cell(precision)) {}

std::string geohash_index::name() const { return "geohash-" + std::to_string(precision_); }

void geohash_index::upsert(uint64_t driver, geo_point p) {
  const uint64_t cell = geohash_bits(p, precision_);
  auto it = where_.find(driver);
  if (it != where_.end() && it->second.cell == cell) {
    cells_[cell][it->second.index].p = p;  // moved within its cell
    return;
  }
  if (it != where_.end()) remove(driver);
  auto& list = cells_[cell];
  where_[driver] = place{cell, list.size()};
  list.push_back(entry{driver, p});
}

void geohash_index::remove(uint64_t driver) {
  auto it = where_.find(driver);
  if (it == where_.end()) return;
  auto cit = cells_.find(it->second.cell);
  auto& list = cit->second;
  const std::size_t i = it->second.index;
  // Swap with the last, so removal is O(1); the moved driver's place changes.
  if (i + 1 != list.size()) {
    list[i] = list.back();
    where_[list[i].driver].index = i;
  }
  list.pop_back();
  if (list.empty()) cells_.erase(cit);
  where_.erase(it);
}

std::vector<driver_hit> geohash_index::nearest(geo_point center, double radius_m, std::size_t k) {
  std::vector<driver_hit> hits;
  const geo_box b = box_around(center, radius_m);
  // Walk the grid of cells by their centers, one cell apart, across the box.
  const double lat0 = (std::floor((b.min_lat + 90) / cell_.lat_deg) + 0.5) * cell_.lat_deg - 90;
  const double lon0 = (std::floor((b.min_lon + 180) / cell_.lon_deg) + 0.5) * cell_.lon_deg - 180;
  for (double lat = lat0; lat - cell_.lat_deg / 2 <= b.max_lat; lat += cell_.lat_deg) {
    for (double lon = lon0; lon - cell_.lon_deg / 2 <= b.max_lon; lon += cell_.lon_deg) {
      auto it = cells_.find(geohash_bits({lat, lon}, precision_));
      if (it == cells_.end()) continue;
      examined_ += it->second.size();
      for (const auto& e : it->second) {
        const double d = distance_m(center, e.p);
        if (d <= radius_m) hits.push_back(driver_hit{e.driver, d});
      }
    }
  }
  keep_nearest(hits, k);
  return hits;
}

void geohash_index::for_each(const std::function<void(uint64_t, geo_point)>& f) const {
  for (const auto& [cell, list] : cells_)
    for (const auto& e : list) f(e.driver, e.p);
}

}  // namespace sdsim::ride_hailing
