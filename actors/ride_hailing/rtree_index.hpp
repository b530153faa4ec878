// The "SQL" approach: drivers in an SQLite R*Tree (a virtual table of boxes; a driver is a
// box of zero size), queried by the circle's bounding box and filtered by distance. Exact
// positions are kept beside it: the R*Tree stores 32-bit coordinates, rounded outward.
#pragma once

#include <memory>
#include <unordered_map>

#include "actors/core/sqlite_store.hpp"
#include "actors/ride_hailing/geo_index.hpp"

namespace sdsim::ride_hailing {

class rtree_index : public geo_index {
 public:
  /// Opens (or creates) the table in `path` (":memory:" for none); nullptr and `*error` when
  /// it cannot (e.g. SQLite built without R*Tree).
  static std::unique_ptr<rtree_index> open(const std::string& path, std::string* error);

  std::string name() const override { return "sqlite-rtree"; }
  void upsert(uint64_t driver, geo_point p) override;
  void remove(uint64_t driver) override;
  std::vector<driver_hit> nearest(geo_point center, double radius_m, std::size_t k) override;
  std::size_t size() const override { return points_.size(); }
  void for_each(const std::function<void(uint64_t, geo_point)>& f) const override;

  /// Writes that failed (each is also left out of the index).
  uint64_t errors() const { return errors_; }

 private:
  explicit rtree_index(std::unique_ptr<core::sqlite_store> s) : store_(std::move(s)) {}

  std::unique_ptr<core::sqlite_store> store_;
  std::unordered_map<uint64_t, geo_point> points_;
  uint64_t errors_ = 0;
};

}  // namespace sdsim::ride_hailing
