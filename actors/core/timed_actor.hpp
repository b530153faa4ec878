// An event-based actor with a delay line: `at(due, work)` runs work at a sim time through one
// armed timer. Under the real clock due times are rounded up to a quantum of wall time, so many
// entries share a timer; under the virtual clock (quantum 0) each fires exactly on time.
#pragma once

#include <string>

#include <functional>
#include <queue>
#include <vector>

#include <caf/event_based_actor.hpp>

#include "actors/core/delay_line.hpp"
#include "actors/core/histogram.hpp"
#include "actors/core/messages.hpp"
#include "actors/core/metrics.pb.h"
#include "actors/core/service_station.hpp"
#include "actors/core/sim_clock.hpp"

namespace sdsim::core {

using wake_atom = caf::atom_constant<caf::atom("wake")>;

/// Subclasses add `[this](wake_atom) { on_wake(); }` to their behavior. Not thread-safe (an
/// actor's state).
class timed_actor : public caf::event_based_actor {
 public:
  /// `quantum` is in sim ns: 0 fires each entry exactly on time.
  timed_actor(caf::actor_config& cfg, const sim_clock* clock, sim_ns quantum);

  /// Runs `work` at sim time `due` (at once if `due` has passed, still in order).
  void at(sim_ns due, std::function<void()> work);

  /// Runs every entry that is due; re-arms the timer for the next one.
  void on_wake();

  /// How late (simulated ns) due entries ran: the host-lag signal.
  const histogram& handler_lag() const { return handler_lag_; }

  const sim_clock& clock() const { return *clock_; }

  /// The metrics every service actor reports: its station's counters and its handler lag.
  ActorMetrics service_metrics(service_station& station) const;

  /// The same as bytes, for the live view's `peek_atom`: from a copy brought up to now, so the
  /// station itself (and what the report will say) is untouched.
  std::string peek(const service_station& station) const;

 protected:
  void on_exit() override;

 private:
  void arm(sim_ns due);
  sim_ns rounded(sim_ns due) const;  // due, rounded up to the quantum

  const sim_clock* clock_;
  sim_ns quantum_;
  delay_line line_;
  // Due times of the timers in flight, earliest on top.
  std::priority_queue<sim_ns, std::vector<sim_ns>, std::greater<sim_ns>> armed_;
  histogram handler_lag_;
};

}  // namespace sdsim::core
