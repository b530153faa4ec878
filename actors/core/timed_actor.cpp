// Timers in flight per actor: one for the earliest entry, plus those armed for entries that
// were the earliest when they came; every wake consumes one, and a new one is armed only
// when none in flight is due early enough.
#include "actors/core/timed_actor.hpp"

namespace sdsim::core {

timed_actor::timed_actor(caf::actor_config& cfg, const sim_clock* clock, sim_ns quantum)
    : caf::event_based_actor(cfg), clock_(clock), quantum_(quantum) {}

sim_ns timed_actor::rounded(sim_ns due) const {
  return quantum_ > 0 ? (due + quantum_ - 1) / quantum_ * quantum_ : due;
}

void timed_actor::at(sim_ns due, std::function<void()> work) {
  line_.add(due, std::move(work));
  // A timer in flight for the same quantum already covers it.
  if (armed_.empty() || rounded(due) < armed_.top()) arm(due);
}

void timed_actor::arm(sim_ns due) {
  due = rounded(due);
  armed_.push(due);
  delayed_send(this, clock_->to_wall(due - clock_->now()), wake_atom::value);
}

void timed_actor::on_wake() {
  const sim_ns now = clock_->now();
  // Timers fire in due order: this wake is the earliest one in flight.
  if (!armed_.empty()) armed_.pop();
  while (line_.has_due(now)) {
    sim_ns due = 0;
    auto work = line_.pop(&due);
    handler_lag_.record(now - due);  // simulated time, like the generator's lag
    work();
  }
  // Re-arm only when no timer in flight comes soon enough: a wake that finds nothing due
  // must not add a timer of its own, or timers multiply.
  if (!line_.empty() && (armed_.empty() || rounded(line_.next_due()) < armed_.top()))
    arm(line_.next_due());
}

ActorMetrics timed_actor::service_metrics(service_station& station) const {
  ActorMetrics m;
  station.to_proto(m.add_services(), clock_->now());
  handler_lag_.to_proto(m.mutable_host()->mutable_handler_lag_ns());
  return m;
}

std::string timed_actor::peek(const service_station& station) const {
  service_station now = station;
  return service_metrics(now).SerializeAsString();
}

void timed_actor::on_exit() {
  // Pending work may hold other actors' handles; drop it so nobody is kept alive.
  while (!line_.empty()) line_.pop(nullptr);
}

}  // namespace sdsim::core
