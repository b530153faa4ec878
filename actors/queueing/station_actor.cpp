// The station actor: a thin shell over core::service_station.
#include "actors/queueing/station_actor.hpp"

#include <unordered_map>

#include <caf/actor_cast.hpp>
#include <caf/actor_system.hpp>

#include "actors/core/metrics.pb.h"
#include "actors/core/service_actor.hpp"

namespace sdsim::queueing {
namespace {

using namespace sdsim::core;

struct in_service {
  caf::actor client;
  uint64_t request_id = 0;
  sim_ns arrival = 0;
};

// A request's life in the station:
//
//   call ──admit──► waiting/in service ──depart (at reservation end)──► reply ok
//     └──queue at limit──► reply overloaded
//
// The station is the benchmark of the actor layer's own cost, so a request in service is a
// slot in a table rather than a closure (a closure holding the caller's handle would not fit
// std::function's inline buffer and cost an allocation per request).
class station_actor : public service_actor {
 public:
  station_actor(caf::actor_config& cfg, std::shared_ptr<const station_params> p)
      : service_actor(cfg, {p->name, p->shard}, p->capacity, p->basics), p_(std::move(p)) {}

  caf::behavior make_behavior() override {
    return with_common({
        [this](start_atom) {
          delayed_send(this, clock().to_wall(p_->basics.arrivals_end - clock().now()),
                       stop_atom::value);
        },
        [this](stop_atom) { station_.mark_arrivals_end(clock().now()); },
        [this](call_atom, const request_envelope& env) { on_call(env); },
        [this](collect_atom) { return collect(); },
    });
  }

  // Actors holding each other's handles would keep each other alive after exit.
  void on_exit() override {
    service_actor::on_exit();
    slots_.clear();
  }

 private:
  void on_call(const request_envelope& env) {
    const sim_ns now = clock().now();
    const sim_ns arrival = station_.modeled_arrival(env.scheduled, now);
    auto client = caf::actor_cast<caf::actor>(current_sender());
    auto res = station_.arrive(arrival, rng_);
    if (!res) return answer(client, env.id, outcome::overloaded);
    const uint64_t slot = ++next_slot_;
    slots_.emplace(slot, in_service{std::move(client), env.id, arrival});
    ++in_service_;
    at(res->end, [this, slot] { on_depart(slot); });
  }

  void on_depart(uint64_t slot) {
    auto it = slots_.find(slot);
    if (it == slots_.end()) return;
    --in_service_;
    station_.depart(it->second.arrival, clock().now());
    answer(it->second.client, it->second.request_id, outcome::ok);
    slots_.erase(it);
    if ((slot & 63) == 0) mailbox_max_ = std::max<uint64_t>(mailbox_max_, mailbox().size());
  }

  std::string collect() {
    ActorMetrics m = service_metrics(station_);
    m.mutable_host()->set_mailbox_max(mailbox_max_);
    return m.SerializeAsString();
  }

  std::shared_ptr<const station_params> p_;
  std::unordered_map<uint64_t, in_service> slots_;
  uint64_t next_slot_ = 0;
  uint64_t mailbox_max_ = 0;
};

}  // namespace

caf::actor spawn_station(caf::actor_system& sys, std::shared_ptr<const station_params> p) {
  return sys.spawn<station_actor>(std::move(p));
}

}  // namespace sdsim::queueing
