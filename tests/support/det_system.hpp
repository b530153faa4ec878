// An actor system on CAF's deterministic test coordinator, for actor-protocol tests: nothing
// runs until the test says so, and time moves only from timer to timer.
#pragma once

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/scheduler/test_coordinator.hpp>
#include <caf/scoped_actor.hpp>

#include "actors/core/sim_clock.hpp"

namespace sdsim::testing {

struct det_config : caf::actor_system_config {
  det_config() {
    set("scheduler.policy", caf::atom("testing"));
    set("logger.verbosity", caf::atom("quiet"));
  }
};

/// The system, its coordinator, a sim clock on its test clock, and a scoped actor that plays
/// the tested actor's peers.
struct det_system {
  det_system()
      : sys(cfg), sched(dynamic_cast<caf::scheduler::test_coordinator&>(sys.scheduler())),
        clock(sys.clock(), 1.0), self(sys) {}

  det_config cfg;
  caf::actor_system sys;
  caf::scheduler::test_coordinator& sched;
  core::sim_clock clock;
  caf::scoped_actor self;
};

}  // namespace sdsim::testing
