// The station actor: a thin shell over core::service_station.
#include "actors/queueing/station_actor.hpp"

#include <unordered_map>

#include <caf/actor_cast.hpp>
#include <caf/actor_system.hpp>

#include "actors/core/error_kind.hpp"
#include "actors/core/histogram.hpp"
#include "actors/core/messages.hpp"
#include "actors/core/metrics.pb.h"
#include "actors/core/service_station.hpp"
#include "actors/core/timed_actor.hpp"

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
class station_actor : public timed_actor {
 public:
  station_actor(caf::actor_config& cfg, std::shared_ptr<const station_params> p)
      : timed_actor(cfg, p->clock, p->timer_quantum), p_(std::move(p)),
        rng_(rng::stream(p_->seed, p_->name + "/" + std::to_string(p_->shard))),
        station_(p_->name, p_->shard,
                 capacity_model::of(p_->capacity), p_->window_start) {}

  caf::behavior make_behavior() override {
    return {
        [this](start_atom) {
          delayed_send(this, p_->clock->to_wall(p_->arrivals_end - p_->clock->now()),
                       stop_atom::value);
        },
        [this](stop_atom) { station_.mark_arrivals_end(p_->clock->now()); },
        [this](call_atom, const request_envelope& env) { on_call(env); },
        [this](slow_atom, double factor) { station_.capacity().set_slowdown(factor); },
        [this](wake_atom) { on_wake(); },
        [this](peek_atom) { return peek(station_); },
        [this](collect_atom) { return collect(); },
        [this](caf::get_atom) { return static_cast<uint64_t>(in_service_.size()); },
    };
  }

  // Actors holding each other's handles would keep each other alive after exit.
  void on_exit() override {
    timed_actor::on_exit();
    in_service_.clear();
  }

 private:
  void on_call(const request_envelope& env) {
    const sim_ns now = p_->clock->now();
    const sim_ns arrival = station_.modeled_arrival(env.scheduled, now);
    auto client = caf::actor_cast<caf::actor>(current_sender());
    auto res = station_.arrive(arrival, rng_);
    if (!res) {
      send(client, reply_atom::value,
           reply_envelope{env.id, static_cast<uint8_t>(outcome::overloaded), {}});
      return;
    }
    const uint64_t slot = ++next_slot_;
    in_service_.emplace(slot, in_service{std::move(client), env.id, arrival});
    at(res->end, [this, slot] { on_depart(slot); });
  }

  void on_depart(uint64_t slot) {
    const sim_ns now = p_->clock->now();
    auto it = in_service_.find(slot);
    if (it == in_service_.end()) return;
    station_.depart(it->second.arrival, now);
    send(it->second.client, reply_atom::value,
         reply_envelope{it->second.request_id, static_cast<uint8_t>(outcome::ok), {}});
    in_service_.erase(it);
    if ((slot & 63) == 0) mailbox_max_ = std::max<uint64_t>(mailbox_max_, mailbox().size());
  }

  std::string collect() {
    ActorMetrics m = service_metrics(station_);
    m.mutable_host()->set_mailbox_max(mailbox_max_);
    return m.SerializeAsString();
  }

  std::shared_ptr<const station_params> p_;
  rng rng_;
  service_station station_;
  std::unordered_map<uint64_t, in_service> in_service_;
  uint64_t next_slot_ = 0;
  uint64_t mailbox_max_ = 0;
};

}  // namespace

caf::actor spawn_station(caf::actor_system& sys, std::shared_ptr<const station_params> p) {
  return sys.spawn<station_actor>(std::move(p));
}

}  // namespace sdsim::queueing
