#include "actors/ride_hailing/rtree_index.hpp"

namespace sdsim::ride_hailing {

std::unique_ptr<rtree_index> rtree_index::open(const std::string& path, std::string* error) {
  auto s = core::sqlite_store::open(
      path, "CREATE VIRTUAL TABLE IF NOT EXISTS drivers USING rtree(id, min_lat, max_lat, min_lon, max_lon);",
      error);
  return s ? std::unique_ptr<rtree_index>(new rtree_index(std::move(s))) : nullptr;
}

void rtree_index::upsert(uint64_t driver, geo_point p) {
  const auto st = store_->query("INSERT OR REPLACE INTO drivers VALUES (?, ?, ?, ?, ?)",
                                {driver, p.lat, p.lat, p.lon, p.lon});
  if (!st.ok()) {
    ++errors_;
    return;
  }
  points_[driver] = p;
}

void rtree_index::remove(uint64_t driver) {
  if (points_.erase(driver) == 0) return;
  if (!store_->query("DELETE FROM drivers WHERE id = ?", {driver}).ok()) ++errors_;
}

std::vector<driver_hit> rtree_index::nearest(geo_point center, double radius_m, std::size_t k) {
  std::vector<driver_hit> hits;
  const geo_box b = box_around(center, radius_m);
  store_->query(
      "SELECT id FROM drivers WHERE max_lat >= ? AND min_lat <= ? AND max_lon >= ? AND min_lon <= ?",
      {b.min_lat, b.max_lat, b.min_lon, b.max_lon}, [&](const core::sql_row& r) {
        ++examined_;
        const auto id = static_cast<uint64_t>(r.integer(0));
        auto it = points_.find(id);
        if (it == points_.end()) return;
        const double d = distance_m(center, it->second);
        if (d <= radius_m) hits.push_back(driver_hit{id, d});
      });
  keep_nearest(hits, k);
  return hits;
}

void rtree_index::for_each(const std::function<void(uint64_t, geo_point)>& f) const {
  for (const auto& [driver, p] : points_) f(driver, p);
}

}  // namespace sdsim::ride_hailing
