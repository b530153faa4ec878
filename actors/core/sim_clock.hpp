// Sim time for actors: the same code under the real clock (wall time x speed) and the virtual
// clock (CAF's test clock, which jumps to the next due message). Only the engine knows which.
#pragma once

#include <atomic>
#include <deque>
#include <mutex>

#include <caf/actor_clock.hpp>
#include <caf/timespan.hpp>

#include "actors/core/sim_time.hpp"

namespace sdsim::core {

/// Maps the actor system's clock to sim time: sim = sim0 + (wall − wall0) × speed, one piece
/// per speed. `begin` is called once by the engine before any traffic starts (the message that
/// starts traffic orders it before every reader).
///
/// Thread-safety: every reader runs on an actor thread while the live view may call
/// `set_speed` from its own. A speed change publishes a new immutable piece through one atomic
/// pointer, so a reader sees either the old piece or the new one, never half of each. Pieces
/// are kept until the clock dies (a few per run), so a reader never holds a dangling one.
class sim_clock {
 public:
  sim_clock(caf::actor_clock& clock, double speed);

  /// Marks sim time 0 as now.
  void begin();

  /// Marks sim time 0 as the actor-clock instant `wall0` (a node aligning its clock with the
  /// driver's, which began elsewhere).
  void begin_at(caf::actor_clock::time_point wall0);

  /// Sim nanoseconds since `begin`.
  sim_ns now() const;

  /// The actor-clock instant of sim time `t`.
  caf::actor_clock::time_point at(sim_ns t) const;

  /// The wall (actor-clock) duration that `d` of sim time takes. While paused, at the last
  /// running speed: timers armed then fire and find the clock still, so nothing advances.
  caf::timespan to_wall(sim_ns d) const;

  /// Sim duration of a wall (actor-clock) duration.
  sim_ns to_sim(caf::timespan wall) const;

  /// Changes the speed from now on, sim time staying continuous; 0 pauses. For the live view
  /// (real clock only).
  void set_speed(double speed);

  double speed() const { return piece_.load(std::memory_order_acquire)->speed; }
  caf::actor_clock& actor_clock() const { return clock_; }

 private:
  struct piece {
    caf::actor_clock::time_point wall0;
    sim_ns sim0 = 0;
    double speed = 1;      // sim ns per wall ns; 0 while paused
    double wall_rate = 1;  // the speed timers use: the last one above 0
  };
  void publish(piece p);

  caf::actor_clock& clock_;
  std::mutex write_;                 // set_speed and begin against each other
  std::deque<piece> pieces_;         // every piece ever published (deque: stable addresses)
  std::atomic<const piece*> piece_;
};

}  // namespace sdsim::core
