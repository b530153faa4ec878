// What a design shows on the live map, and the slot through which its actors hand it over:
// the actor that owns the moving things (a city's drivers) copies them into a picture when the
// viewer has asked for one, on its own thread, and the viewer takes the latest picture on its.
// Neither side ever waits for the other.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace sdsim::core {

/// A place on the map with a value (a hot spot and the surge there).
struct map_spot {
  std::string name;
  float lat = 0, lon = 0;
  float radius_m = 0;
  float value = 0;
};

/// A lat/lon cell with a value above its neutral level (a geohash cell's surge multiplier).
struct heat_cell {
  float min_lat = 0, max_lat = 0, min_lon = 0, max_lon = 0;
  float value = 0;
};

/// Points by kind, and lines between places, at one sim instant.
struct map_points {
  double sim_s = 0;
  std::vector<float> lat, lon;            ///< one per point
  std::vector<uint8_t> kind;              ///< index into map_legend::kinds
  std::vector<std::array<float, 4>> lines;  ///< from (lat, lon) to (lat, lon)
  std::vector<std::array<float, 2>> marks;  ///< single places (riders waiting), lat and lon
  std::vector<uint64_t> line_ids, mark_ids; ///< the request each line and mark belongs to
  std::vector<map_spot> spots;
};

/// Heat over cells at one sim instant.
struct map_heat {
  double sim_s = 0;
  float neutral = 1, max = 1;             ///< the value drawn clear, and the cap
  std::vector<heat_cell> cells;
};

/// The fixed parts of a design's map.
struct map_legend {
  float min_lat = 0, max_lat = 0, min_lon = 0, max_lon = 0;
  std::vector<std::string> kinds;         ///< names of the point kinds, in kind order
  std::string lines;                      ///< what a line means ("driver to pickup")
  std::string marks;                      ///< what a mark means ("rider waiting")
  std::string heat;                       ///< what the heat means ("surge multiplier")
};

/// The hand-over point between a design's actors and a viewer. Thread-safe: any number of
/// threads may call any member.
class map_slot {
 public:
  explicit map_slot(map_legend legend) : legend_(std::move(legend)) {}

  const map_legend& legend() const { return legend_; }

  /// The viewer wants a fresh picture of the points.
  void request() { wanted_.store(true, std::memory_order_relaxed); }

  /// The owning actor asks whether to make one; true once per request.
  bool take_request() { return wanted_.exchange(false, std::memory_order_relaxed); }

  void publish(std::shared_ptr<const map_points> p) {
    std::lock_guard<std::mutex> lock(mutex_);
    points_ = std::move(p);
  }
  void publish(std::shared_ptr<const map_heat> h) {
    std::lock_guard<std::mutex> lock(mutex_);
    heat_ = std::move(h);
  }

  /// The latest pictures (nullptr until the first).
  std::shared_ptr<const map_points> points() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return points_;
  }
  std::shared_ptr<const map_heat> heat() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return heat_;
  }

 private:
  const map_legend legend_;
  std::atomic<bool> wanted_{false};
  mutable std::mutex mutex_;  // held only to swap a pointer
  std::shared_ptr<const map_points> points_;
  std::shared_ptr<const map_heat> heat_;
};

}  // namespace sdsim::core
