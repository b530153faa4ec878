// Drivers bucketed by geohash cell in memory (the design's "index the driver's geohash in
// memory"). A query visits the cells that cover the circle's bounding box: the point's cell
// and its neighbors when the radius is at most a cell, more rings when it is larger.
#pragma once

#include <unordered_map>
#include <vector>

#include "actors/ride_hailing/geo_index.hpp"
#include "actors/ride_hailing/geohash.hpp"

namespace sdsim::ride_hailing {

/// Invariant: every driver is in exactly one cell's list, at the position where_ records.
class geohash_index : public geo_index {
 public:
  /// Cells of `precision` characters (pick with geohash_precision_for).
  explicit geohash_index(int precision);

  std::string name() const override;
  void upsert(uint64_t driver, geo_point p) override;
  void remove(uint64_t driver) override;
  std::vector<driver_hit> nearest(geo_point center, double radius_m, std::size_t k) override;
  std::size_t size() const override { return where_.size(); }
  void for_each(const std::function<void(uint64_t, geo_point)>& f) const override;

  int precision() const { return precision_; }

 private:
  struct entry {
    uint64_t driver;
    geo_point p;
  };
  struct place {
    uint64_t cell;
    std::size_t index;
  };

  int precision_;
  cell_size cell_;
  std::unordered_map<uint64_t, std::vector<entry>> cells_;
  std::unordered_map<uint64_t, place> where_;
};

}  // namespace sdsim::ride_hailing
