// timed_actor under CAF's deterministic test coordinator: work runs exactly at its sim time
// under the virtual clock (quantum 0), and on the quantum grid otherwise, with one timer.
#include "actors/core/timed_actor.hpp"

#include <gtest/gtest.h>

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/scheduler/test_coordinator.hpp>
#include <caf/send.hpp>

namespace sdsim::core {
namespace {

using go_atom = caf::atom_constant<caf::atom("go")>;

struct det_config : caf::actor_system_config {
  det_config() {
    set("scheduler.policy", caf::atom("testing"));
    set("logger.verbosity", caf::atom("quiet"));
  }
};

// Schedules work at 5, 1 and 3 ms and records the sim time each ran at.
class probe : public timed_actor {
 public:
  probe(caf::actor_config& cfg, const sim_clock* c, sim_ns quantum, std::vector<sim_ns>* seen)
      : timed_actor(cfg, c, quantum), seen_(seen) {}
  caf::behavior make_behavior() override {
    return {
        [this](go_atom) {
          for (sim_ns t : {5 * ns_per_ms, 1 * ns_per_ms, 3 * ns_per_ms})
            at(t, [this] { seen_->push_back(clock().now()); });
        },
        [this](wake_atom) { on_wake(); },
    };
  }

 private:
  std::vector<sim_ns>* seen_;
};

class TimedActorTest : public ::testing::Test {
 protected:
  std::vector<sim_ns> run(sim_ns quantum) {
    det_config cfg;
    caf::actor_system sys{cfg};
    auto& sched = dynamic_cast<caf::scheduler::test_coordinator&>(sys.scheduler());
    sim_clock clock{sys.clock(), 1.0};
    std::vector<sim_ns> seen;
    auto a = sys.spawn<probe>(&clock, quantum, &seen);
    caf::anon_send(a, go_atom::value);
    for (;;) {
      sched.run();
      if (!sched.trigger_timeout()) break;
    }
    caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
    sched.run();
    return seen;
  }
};

TEST_F(TimedActorTest, VirtualClockRunsEachAtItsTimeInOrder) {
  EXPECT_EQ(run(0), (std::vector<sim_ns>{1 * ns_per_ms, 3 * ns_per_ms, 5 * ns_per_ms}));
}

TEST_F(TimedActorTest, QuantumRoundsUpToTheGrid) {
  EXPECT_EQ(run(2 * ns_per_ms),
            (std::vector<sim_ns>{2 * ns_per_ms, 4 * ns_per_ms, 6 * ns_per_ms}));
}

}  // namespace
}  // namespace sdsim::core
