// The location service's question, asked of three indexes: the k nearest drivers within a
// radius of a point. The indexes hold available drivers only; the service adds a driver when
// it becomes available and removes it when it is not.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "actors/ride_hailing/geo.hpp"

namespace sdsim::ride_hailing {

/// A driver found by a query.
struct driver_hit {
  uint64_t driver = 0;
  double distance_m = 0;
  bool operator==(const driver_hit& o) const { return driver == o.driver; }
};

/// Results are ordered nearest first, ties by driver id, so every index gives the same answer.
/// Not thread-safe: one owner (a location shard) at a time.
class geo_index {
 public:
  virtual ~geo_index() = default;

  /// The index's name ("quadtree", "geohash-6", "sqlite-rtree").
  virtual std::string name() const = 0;

  /// Places `driver` at `p`, moving it if it is already in the index.
  virtual void upsert(uint64_t driver, geo_point p) = 0;

  /// Takes `driver` out; nothing happens if it is not in.
  virtual void remove(uint64_t driver) = 0;

  /// Up to `k` drivers within `radius_m` of `center`, nearest first.
  virtual std::vector<driver_hit> nearest(geo_point center, double radius_m, std::size_t k) = 0;

  /// Drivers held.
  virtual std::size_t size() const = 0;

  /// A hint that `driver` will be upserted or removed soon: stage 0 starts fetching where his
  /// place is recorded, stage 1 (once stage 0 had time) the leaf and slot it names. Pings
  /// come in no spatial order and most of what they touch is out of cache, so hinting a few
  /// drivers ahead lets those fetches overlap the work in between. Changes nothing.
  virtual void prefetch(uint64_t driver, int stage) const {
    (void)driver;
    (void)stage;
  }

  /// Calls `f(driver, point)` for every driver held, in no particular order.
  virtual void for_each(const std::function<void(uint64_t, geo_point)>& f) const = 0;

  /// Drivers whose distance queries have measured so far: the work a query costs, which the
  /// location service's cost model charges for.
  uint64_t examined() const { return examined_; }

 protected:
  uint64_t examined_ = 0;
};

/// Sorts hits nearest first (ties by id) and keeps the first `k`.
void keep_nearest(std::vector<driver_hit>& hits, std::size_t k);

}  // namespace sdsim::ride_hailing
