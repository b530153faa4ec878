// Sim time for actors: the same code under the real clock (wall time x speed) and the virtual
// clock (CAF's test clock, which jumps to the next due message). Only the engine knows which.
#pragma once

#include <caf/actor_clock.hpp>
#include <caf/timespan.hpp>

#include "actors/core/sim_time.hpp"

namespace sdsim::core {

/// Maps the actor system's clock to sim time. `start` is set once by the engine before any
/// traffic starts (the message that starts traffic orders it before every reader).
class sim_clock {
 public:
  sim_clock(caf::actor_clock& clock, double speed);

  /// Marks sim time 0 as now.
  void begin();

  /// Sim nanoseconds since `begin`.
  sim_ns now() const;

  /// The actor-clock instant of sim time `t`.
  caf::actor_clock::time_point at(sim_ns t) const { return start_ + to_wall(t); }

  /// The wall (actor-clock) duration that `d` of sim time takes.
  caf::timespan to_wall(sim_ns d) const;

  /// Sim duration of a wall (actor-clock) duration.
  sim_ns to_sim(caf::timespan wall) const;

  double speed() const { return speed_; }
  caf::actor_clock& actor_clock() const { return clock_; }

 private:
  caf::actor_clock& clock_;
  double speed_;
  caf::actor_clock::time_point start_;
};

}  // namespace sdsim::core
