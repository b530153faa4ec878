// The drivers of a city as plain arrays (never an actor per driver): where each one is, where
// it is heading, its state, and when it pings. Motion is road-free: straight toward the
// target at a constant speed; an available driver cruises to a new random spot on arrival.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "actors/core/rng.hpp"
#include "actors/core/sim_time.hpp"
#include "actors/ride_hailing/geo.hpp"

namespace sdsim::ride_hailing {

enum class driver_state : uint8_t { offline, available, en_route, on_trip };

struct fleet_config {
  geo_box city;
  double speed_mps = 8;                         ///< ~29 km/h, city traffic
  core::sim_ns ping_interval = core::from_s(4); ///< every driver pings this often
  uint64_t seed = 0;
  /// Where a free driver cruises to next; uniform over the city when unset. Drivers who head
  /// where riders appear keep supply near demand, as real ones do.
  std::function<geo_point(core::rng&)> cruise;
  /// How long a free driver waits where he cruised to before moving on (a taxi rank).
  double dwell_s = 0;
};

/// Invariants: every position stays inside the city box; in any span of time each driver
/// pings once per ping interval, at its own fixed phase. Not thread-safe: one owner.
class fleet {
 public:
  /// `drivers` drivers, available, at random spots in the city.
  fleet(std::size_t drivers, fleet_config c);

  std::size_t size() const { return pos_.size(); }
  geo_point position(uint32_t d) const { return pos_[d]; }
  driver_state state(uint32_t d) const { return state_[d]; }
  void set_state(uint32_t d, driver_state s) { state_[d] = s; }

  /// Sends `d` toward `target` (clamped into the city).
  void send_to(uint32_t d, geo_point target);

  /// True when `d` has reached its target.
  bool arrived(uint32_t d) const;

  /// Moves every driver `dt` further; available drivers that arrive pick a new spot.
  void advance(core::sim_ns dt) { advance(dt, 0, static_cast<uint32_t>(size())); }

  /// The same for drivers [first, last) only: a caller may move the fleet a slice at a time.
  void advance(core::sim_ns dt, uint32_t first, uint32_t last);

  /// Calls `each(driver)` for every driver whose ping falls in [from, to).
  template <class F>
  void pings(core::sim_ns from, core::sim_ns to, F&& each) const {
    if (to <= from) return;
    const core::sim_ns period = c_.ping_interval;
    // Whole periods: everyone, once per period.
    for (; to - from >= period; from += period)
      for (uint32_t d : by_phase_) each(d);
    // The rest: the drivers whose phase lies in [from, to) modulo the period.
    const core::sim_ns a = from % period, b = to % period;
    auto emit = [&](core::sim_ns lo, core::sim_ns hi) {
      for (auto it = lower(lo); it != by_phase_.end() && phase_[*it] < hi; ++it) each(*it);
    };
    if (a <= b) {
      emit(a, b);
    } else {
      emit(a, period);
      emit(0, b);
    }
  }

 private:
  std::vector<uint32_t>::const_iterator lower(core::sim_ns phase) const;
  void aim(uint32_t d, geo_point target);  // target inside the city
  geo_point random_spot();

  fleet_config c_;
  core::rng rng_;
  std::vector<geo_point> pos_;
  std::vector<geo_point> target_;
  std::vector<geo_point> velocity_;    // degrees per second toward the target
  std::vector<double> left_s_;         // seconds to the target; 0 once there
  std::vector<float> parked_s_;        // a free driver's wait left where he cruised to
  std::vector<driver_state> state_;
  std::vector<core::sim_ns> phase_;    // offset of each driver's pings within the period
  std::vector<uint32_t> by_phase_;     // drivers sorted by phase
};

}  // namespace sdsim::ride_hailing
