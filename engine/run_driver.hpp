// The two clocks' event loops behind one interface: the engine asks to run until a sim time,
// to run whatever is pending, and to wait on a request; only this file knows the clocks apart.
#pragma once

#include <functional>
#include <memory>

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>

#include "actors/core/sim_clock.hpp"
#include "scenarios/scenario.pb.h"

namespace sdsim::scenarios {

/// Drives the actor system under one clock. Not thread-safe: used by the engine's thread.
class run_driver {
 public:
  virtual ~run_driver() = default;

  /// Advances until sim time `until`, or until `stop()` returns true (polled: under the
  /// virtual clock every 50 ms of sim time, so the same run polls at the same instants on any
  /// host), or until there is nothing left to do. `tick` is called periodically (progress).
  virtual void run_until(core::sim_ns until, const std::function<bool()>& stop,
                         const std::function<void(core::sim_ns)>& tick) = 0;

  /// Lets pending messages be handled (the virtual clock runs them; the real one needn't).
  virtual void settle() = 0;

  /// Messages handled so far (counted by the virtual clock only).
  virtual uint64_t events() const { return 0; }

  /// True for the virtual clock.
  virtual bool is_virtual() const = 0;

  /// Creates the config for `clock` with `threads` workers (real clock).
  static void configure(caf::actor_system_config& cfg, Clock clock, uint32_t threads);

  /// The driver for an actor system made from `configure`.
  static std::unique_ptr<run_driver> make(caf::actor_system& sys, Clock clock,
                                          const core::sim_clock& clock_ref);
};

}  // namespace sdsim::scenarios
