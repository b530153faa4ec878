// The drivers of a city as plain arrays (never an actor per driver): where each one is, where
// it is heading, its state, and when it pings. Motion is road-free: straight toward the
// target at a constant speed; an available driver waits where he cruised to, then cruises
// to a new spot. Motion is lazy: a driver's leg (from, to, start, arrival) is stored and his
// position worked out only when asked — at his ping, an offer, a picture — so a million
// drivers cost nothing between their pings.
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

/// Invariants: (1) every position stays inside the city box; (2) in any span of time each
/// driver pings once per ping interval, at its own fixed phase, phases ascending by driver; (3) a driver's position is a
/// function of time along his current leg: asking at a later time never moves him back.
/// Times asked about a driver never decrease. Not thread-safe: one owner.
class fleet {
 public:
  /// `drivers` drivers, available, at random spots in the city, each setting off at time 0.
  fleet(std::size_t drivers, fleet_config c);

  std::size_t size() const { return legs_.size(); }
  driver_state state(uint32_t d) const { return legs_[d].state; }
  void set_state(uint32_t d, driver_state s) { legs_[d].state = s; }

  /// Where `d` is at `now`. A free driver who arrived, waited and set off again meanwhile is
  /// moved along those legs first.
  geo_point position(uint32_t d, core::sim_ns now);

  /// Sends `d` from where he is at `now` toward `target` (clamped into the city); when he
  /// will get there.
  core::sim_ns send_to(uint32_t d, geo_point target, core::sim_ns now);

  /// Puts `d` on a leg from `from` to `to` (both clamped into the city) begun `elapsed` before
  /// time 0 — a run that starts with rides under way; when he will get there.
  core::sim_ns place_on_leg(uint32_t d, geo_point from, geo_point to, core::sim_ns elapsed);

  /// `d` is free again at `now`: available, setting off cruising at once.
  void release(uint32_t d, core::sim_ns now);

  /// True when `d` has reached his target by `now`.
  bool arrived(uint32_t d, core::sim_ns now) const { return now >= legs_[d].arrive; }

  /// Calls `each(driver)` for every driver whose ping falls in [from, to), in driver order
  /// within each stretch of phases.
  template <class F>
  void pings(core::sim_ns from, core::sim_ns to, F&& each) const {
    if (to <= from) return;
    const core::sim_ns period = c_.ping_interval;
    const auto n = static_cast<uint32_t>(size());
    // Whole periods: everyone, once per period.
    for (; to - from >= period; from += period)
      for (uint32_t d = 0; d < n; ++d) each(d);
    // The rest: the drivers whose phase lies in [from, to) modulo the period.
    const core::sim_ns a = from % period, b = to % period;
    auto emit = [&](core::sim_ns lo, core::sim_ns hi) {
      for (uint32_t d = lower(lo); d < n && phase_[d] < hi; ++d) each(d);
    };
    if (a <= b) {
      emit(a, b);
    } else {
      emit(a, period);
      emit(0, b);
    }
  }

 private:
  uint32_t lower(core::sim_ns phase) const;  // the first driver whose phase is not below it
  void set_off(uint32_t d, geo_point target, core::sim_ns at);  // target inside the city
  geo_point clamp(geo_point p) const;                            // into the city
  geo_point random_spot();

  fleet_config c_;
  core::rng rng_;
  // A driver's current leg: from `from` at `start` to `to` at `arrive`; a free driver sets
  // off again at `leave` (his wait after arriving), a busy one waits for his job. One cache
  // line, as a ping reads it all and pings come in no order of drivers.
  struct alignas(64) leg {
    geo_point from, to;
    core::sim_ns start = 0, arrive = 0, leave = 0;
    driver_state state = driver_state::available;
  };
  std::vector<leg> legs_;
  std::vector<core::sim_ns> phase_;    // offset of each driver's pings within the period, by
                                       // driver: ascending
};

}  // namespace sdsim::ride_hailing
