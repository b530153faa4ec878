// Surge pricing: in each geohash cell, demand (ride requests) against supply (available
// drivers) over a sliding window sets a multiplier on the fare, bounded so that a burst of
// requests cannot price a ride at any amount.
#pragma once

#include <cstdint>
#include <deque>
#include <unordered_map>
#include <utility>
#include <vector>

#include "actors/core/sim_time.hpp"
#include "actors/ride_hailing/geo.hpp"

namespace sdsim::ride_hailing {

struct surge_config {
  int precision = 6;              ///< geohash cells the surge is computed for (1.2 x 0.6 km)
  double window_s = 300;          ///< the sliding window
  double sensitivity = 0.5;       ///< multiplier per unit of excess demand per driver
  double max_multiplier = 3.0;    ///< the bound
  double base_fare = 2.5;         ///< currency units
  double per_km = 1.2;
  double per_min = 0.3;
};

/// Invariant: 1 <= multiplier(...) <= max_multiplier, whatever the traffic.
/// Not thread-safe: owned by one pricing actor.
class surge_pricing {
 public:
  explicit surge_pricing(surge_config c) : c_(c) {}

  /// A ride was requested at `p` at `now`.
  void request(geo_point p, core::sim_ns now);

  /// The number of available drivers in `p`'s cell, as the location service last counted.
  void supply(geo_point p, uint32_t available);

  /// The same for a cell given by its geohash bits (at `config().precision`).
  void supply_cell(uint64_t cell, uint32_t available) {
    auto& c = cells_[cell];
    c.available = available;
    c.counted = true;
  }

  /// Cells whose multiplier is above 1 at `now`.
  uint32_t cells_above_one(core::sim_ns now);

  /// Every cell whose multiplier is above 1 at `now`, with it: (geohash bits, multiplier).
  std::vector<std::pair<uint64_t, double>> hot_cells(core::sim_ns now);

  /// The multiplier in `p`'s cell at `now`: 1 + sensitivity × (requests in the window per
  /// available driver − 1), clamped to [1, max]; 1 until the cell's supply is known.
  double multiplier(geo_point p, core::sim_ns now);

  /// The fare of a trip of `distance_m` taking `duration_s`, at `multiplier`.
  double fare(double distance_m, double duration_s, double multiplier) const;

  const surge_config& config() const { return c_; }

 private:
  struct cell {
    std::deque<core::sim_ns> requests;  // times, oldest first
    uint32_t available = 0;
    bool counted = false;               // supply reported at least once
  };
  cell& cell_of(geo_point p);
  double multiplier_of(cell& c, core::sim_ns now) const;
  void expire(cell& c, core::sim_ns now) const;

  surge_config c_;
  std::unordered_map<uint64_t, cell> cells_;
};

}  // namespace sdsim::ride_hailing
