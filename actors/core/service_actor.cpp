#include "actors/core/service_actor.hpp"

namespace sdsim::core {

service_actor::service_actor(caf::actor_config& cfg, const service_identity& id,
                             const Capacity& capacity, const actor_basics& b)
    : timed_actor(cfg, b.clock, b.timer_quantum),
      rng_(rng::stream(b.seed, id.stream.empty() ? id.name + "/" + std::to_string(id.shard)
                                                 : id.stream)),
      station_(id.name, id.shard, capacity_model::of(capacity), b.window_start) {}

void service_actor::serve(std::function<void()> work, std::function<void()> refused) {
  serve(station_.capacity().service_time().sample(rng_), std::move(work), std::move(refused));
}

void service_actor::serve(sim_ns service, std::function<void()> work,
                          std::function<void()> refused) {
  admit(clock().now(), service, std::move(work), std::move(refused));
}

void service_actor::serve_arrived(sim_ns arrival, std::function<void()> work,
                                  std::function<void()> refused) {
  admit(arrival, station_.capacity().service_time().sample(rng_), std::move(work),
        std::move(refused));
}

void service_actor::admit(sim_ns arrival, sim_ns service, std::function<void()> work,
                          std::function<void()> refused) {
  auto res = station_.arrive_with(arrival, service);
  if (!res) {
    if (refused) refused();
    return;
  }
  ++in_service_;
  at(res->end, [this, arrival, work = std::move(work)] {
    --in_service_;
    station_.depart(arrival, clock().now());
    work();
  });
}

void service_actor::answer(const caf::actor& to, uint64_t id, outcome o, std::string payload) {
  send(to, reply_atom::value, reply_envelope{id, static_cast<uint8_t>(o), std::move(payload)});
}

// Wake-ups come first: after requests they are the commonest message, and no service
// handles them its own way. The answers a service may give its own way come after its own.
caf::behavior service_actor::with_common(caf::message_handler own) {
  caf::message_handler first{[this](wake_atom) { on_wake(); }};
  return first.or_else(own).or_else(
      [this](slow_atom, double factor) { station_.capacity().set_slowdown(factor); },
      [this](peek_atom) { return peek(station_); },
      [this](caf::get_atom) { return in_service_; },
      [this](collect_atom) { return metrics(); });
}

std::string service_actor::metrics(std::string extra) {
  ActorMetrics m = service_metrics(station_);
  m.set_extra(std::move(extra));
  return m.SerializeAsString();
}

}  // namespace sdsim::core
