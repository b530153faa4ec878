// One timer in flight per actor: armed for the earliest entry, or earlier when an earlier one
// arrives (the later timer then finds nothing due and re-arms).
#include "actors/core/timed_actor.hpp"

namespace sdsim::core {

timed_actor::timed_actor(caf::actor_config& cfg, const sim_clock* clock, sim_ns quantum)
    : caf::event_based_actor(cfg), clock_(clock), quantum_(quantum) {}

void timed_actor::at(sim_ns due, std::function<void()> work) {
  line_.add(due, std::move(work));
  if (armed_for_ < 0 || due < armed_for_) arm(due);
}

void timed_actor::arm(sim_ns due) {
  if (quantum_ > 0) due = (due + quantum_ - 1) / quantum_ * quantum_;
  armed_for_ = due;
  delayed_send(this, clock_->to_wall(due - clock_->now()), wake_atom::value);
}

void timed_actor::on_wake() {
  const sim_ns now = clock_->now();
  armed_for_ = -1;
  while (line_.has_due(now)) {
    sim_ns due = 0;
    auto work = line_.pop(&due);
    handler_lag_.record(clock_->to_wall(now - due).count());
    work();
  }
  if (!line_.empty()) arm(line_.next_due());
}

ActorMetrics timed_actor::service_metrics(service_station& station) const {
  ActorMetrics m;
  station.to_proto(m.add_services(), clock_->now());
  handler_lag_.to_proto(m.mutable_host()->mutable_handler_lag_ns());
  return m;
}

void timed_actor::on_exit() {
  // Pending work may hold other actors' handles; drop it so nobody is kept alive.
  while (!line_.empty()) line_.pop(nullptr);
}

}  // namespace sdsim::core
