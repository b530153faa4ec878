// sim_now = (clock_now - start) x speed.
#include "actors/core/sim_clock.hpp"

#include <cmath>

namespace sdsim::core {

sim_clock::sim_clock(caf::actor_clock& clock, double speed)
    : clock_(clock), speed_(speed), start_(clock.now()) {}

void sim_clock::begin() { start_ = clock_.now(); }

sim_ns sim_clock::now() const { return to_sim(clock_.now() - start_); }

caf::timespan sim_clock::to_wall(sim_ns d) const {
  if (d <= 0) return caf::timespan{0};
  return caf::timespan{static_cast<int64_t>(std::llround(static_cast<double>(d) / speed_))};
}

sim_ns sim_clock::to_sim(caf::timespan wall) const {
  return static_cast<sim_ns>(std::llround(static_cast<double>(wall.count()) * speed_));
}

}  // namespace sdsim::core
