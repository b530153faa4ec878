#include "actors/notification/provider_actor.hpp"

#include <caf/actor_cast.hpp>
#include <caf/actor_system.hpp>

#include "actors/core/messages.hpp"
#include "actors/core/service_actor.hpp"
#include "actors/notification/device_model.hpp"
#include "actors/notification/messages.hpp"
#include "actors/notification/provider_model.hpp"

namespace sdsim::notification {
namespace {

using namespace sdsim::core;

class provider_actor : public service_actor {
 public:
  provider_actor(caf::actor_config& cfg, std::shared_ptr<const provider_params> p)
      : service_actor(cfg, {p->name, 0, p->name}, p->capacity, p->basics),
        p_(std::move(p)),
        model_(p_->config) {}

  caf::behavior make_behavior() override {
    return with_common({
        [this](push_atom, uint64_t tag, const std::string& bytes) { on_push(tag, bytes); },
        [this](outage_atom, double rate) { model_.set_outage(rate); },
        [this](collect_atom) { return collect(); },
    });
  }

 private:
  void on_push(uint64_t tag, const std::string& bytes) {
    auto from = caf::actor_cast<caf::actor>(current_sender());
    const sim_ns now = clock().now();
    PushRequest req;
    if (!req.ParseFromString(bytes)) {
      send(from, pushed_atom::value, tag, static_cast<uint8_t>(PUSH_INVALID_TOKEN), sim_ns{0});
      return;
    }
    auto res = station_.arrive(now, rng_);
    if (!res) {
      send(from, pushed_atom::value, tag, static_cast<uint8_t>(PUSH_THROTTLED), from_s(1));
      return;
    }
    ++in_service_;
    at(res->end, [this, from, tag, now, req = std::move(req)] {
      --in_service_;
      station_.depart(now, clock().now());
      const auto a = model_.push(clock().now(), req.token(), rng_);
      if (a.delivered) devices_.offer(req.device_id(), req.dedup_key());
      if (!a.answer_lost)
        send(from, pushed_atom::value, tag, static_cast<uint8_t>(a.outcome), a.retry_after);
    });
  }

  std::string collect() {
    ActorMetrics m = service_metrics(station_);
    NotificationExtra x;
    auto* f = x.mutable_provider();
    const auto& c = model_.counts();
    f->set_name(p_->name);
    f->set_accepted(c.accepted);
    f->set_failed(c.failed);
    f->set_throttled(c.throttled);
    f->set_invalid_token(c.invalid_token);
    f->set_answers_lost(c.answers_lost);
    f->set_shown(devices_.shown());
    f->set_duplicates_dropped(devices_.duplicates_dropped());
    for (auto& k : devices_.shown_keys()) f->add_shown_keys(std::move(k));
    m.set_extra(x.SerializeAsString());
    return m.SerializeAsString();
  }

  std::shared_ptr<const provider_params> p_;
  provider_model model_;
  device_model devices_;
};

}  // namespace

caf::actor spawn_provider(caf::actor_system& sys, std::shared_ptr<const provider_params> p) {
  return sys.spawn<provider_actor>(std::move(p));
}

}  // namespace sdsim::notification
