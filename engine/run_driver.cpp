// Real clock: the threaded scheduler runs by itself; we sleep and poll. Virtual clock: CAF's
// test coordinator, with the event loop `run(); trigger_timeout();` stopped at `until`.
#include "engine/run_driver.hpp"

#include <chrono>
#include <thread>

#include <caf/atom.hpp>
#include <caf/scheduler/test_coordinator.hpp>

namespace sdsim::scenarios {
namespace {

class real_driver : public run_driver {
 public:
  explicit real_driver(const core::sim_clock& clock) : clock_(clock) {}

  void run_until(core::sim_ns until, const std::function<bool()>& stop,
                 const std::function<void(core::sim_ns)>& tick) override {
    for (;;) {
      const core::sim_ns now = clock_.now();
      tick(now);
      if (now >= until || stop()) return;
      const auto left = clock_.to_wall(until - now);
      std::this_thread::sleep_for(std::min<caf::timespan>(left, std::chrono::milliseconds(50)));
    }
  }

  void settle() override {}
  bool is_virtual() const override { return false; }

 private:
  const core::sim_clock& clock_;
};

class virtual_driver : public run_driver {
 public:
  virtual_driver(caf::actor_system& sys, const core::sim_clock& clock)
      : sched_(dynamic_cast<caf::scheduler::test_coordinator&>(sys.scheduler())), clock_(clock) {}

  void run_until(core::sim_ns until, const std::function<bool()>& stop,
                 const std::function<void(core::sim_ns)>& tick) override {
    auto last_tick = std::chrono::steady_clock::now();
    core::sim_ns next_poll = next_grid_point(clock_.now());
    for (uint64_t i = 0;; ++i) {
      events_ += sched_.run();
      // `stop` is asked on a grid of sim time, never by the wall clock, so that a run does the
      // same work however fast the host is (the cost gate counts it under valgrind).
      if (clock_.now() >= next_poll) {
        next_poll = next_grid_point(clock_.now());
        if (stop()) return;
      }
      // Progress only, by the wall clock now and then: the loop handles millions of events a
      // second.
      if ((i & 1023) == 0) {
        const auto wall = std::chrono::steady_clock::now();
        if (wall - last_tick > std::chrono::milliseconds(200)) {
          tick(clock_.now());
          last_tick = wall;
        }
      }
      const auto& schedule = sched_.clock().schedule();
      if (schedule.empty()) return;
      if (schedule.begin()->first > clock_.at(until)) {
        // Nothing more happens before `until`: move the clock there and stop.
        sched_.clock().current_time = clock_.at(until);
        return;
      }
      sched_.trigger_timeout();
    }
  }

  void settle() override { events_ += sched_.run(); }
  bool is_virtual() const override { return true; }
  uint64_t events() const override { return events_; }

 private:
  // The first point of the stop grid after `now`.
  static core::sim_ns next_grid_point(core::sim_ns now) { return (now / stop_grid + 1) * stop_grid; }

  static constexpr core::sim_ns stop_grid = 50 * core::ns_per_ms;
  caf::scheduler::test_coordinator& sched_;
  const core::sim_clock& clock_;
  uint64_t events_ = 0;
};

}  // namespace

void run_driver::configure(caf::actor_system_config& cfg, Clock clock, uint32_t threads) {
  if (clock == VIRTUAL) {
    cfg.set("scheduler.policy", caf::atom("testing"));
  } else {
    cfg.set("scheduler.max-threads", static_cast<size_t>(threads));
  }
  cfg.set("logger.verbosity", caf::atom("quiet"));
}

std::unique_ptr<run_driver> run_driver::make(caf::actor_system& sys, Clock clock,
                                             const core::sim_clock& clock_ref) {
  if (clock == VIRTUAL) return std::make_unique<virtual_driver>(sys, clock_ref);
  return std::make_unique<real_driver>(clock_ref);
}

}  // namespace sdsim::scenarios
