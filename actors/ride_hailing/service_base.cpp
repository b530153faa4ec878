#include "actors/ride_hailing/service_base.hpp"

namespace sdsim::ride_hailing {

using namespace sdsim::core;

service_base::service_base(caf::actor_config& cfg, const std::string& name, uint32_t shard,
                           const Capacity& capacity, const actor_basics& b)
    : timed_actor(cfg, b.clock, b.timer_quantum),
      rng_(rng::stream(b.seed, name + "/" + std::to_string(shard))),
      station_(name, shard, capacity_model::of(capacity), b.window_start) {}

void service_base::serve(std::function<void()> work, std::function<void()> refused) {
  serve(station_.capacity().service_time().sample(rng_), std::move(work), std::move(refused));
}

void service_base::serve(sim_ns service, std::function<void()> work,
                         std::function<void()> refused) {
  const sim_ns now = clock().now();
  auto res = station_.arrive_with(now, service);
  if (!res) {
    if (refused) refused();
    return;
  }
  ++in_service_;
  at(res->end, [this, now, work = std::move(work)] {
    --in_service_;
    station_.depart(now, clock().now());
    work();
  });
}

void service_base::answer(const caf::actor& to, uint64_t id, outcome o, std::string payload) {
  send(to, reply_atom::value, reply_envelope{id, static_cast<uint8_t>(o), std::move(payload)});
}

caf::behavior service_base::with_common(caf::message_handler own) {
  return own.or_else(
      [this](wake_atom) { on_wake(); },
      [this](slow_atom, double factor) { station_.capacity().set_slowdown(factor); },
      [this](core::peek_atom) { return peek(station_); },
      [this](caf::get_atom) { return in_service_; });
}

std::string service_base::metrics(std::string extra) {
  ActorMetrics m = service_metrics(station_);
  m.set_extra(std::move(extra));
  return m.SerializeAsString();
}

}  // namespace sdsim::ride_hailing
