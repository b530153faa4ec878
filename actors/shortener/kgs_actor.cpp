// A thin shell over key_range_allocator and counter, behind a capacity model: under the
// COUNTER strategy every create waits on this one service, which is the point of the what-if.
#include "actors/shortener/kgs_actor.hpp"

#include <caf/actor_system.hpp>
#include <caf/response_promise.hpp>

#include "actors/core/metrics.pb.h"
#include "actors/core/service_station.hpp"
#include "actors/core/timed_actor.hpp"
#include "actors/shortener/key_generator.hpp"
#include "actors/shortener/messages.hpp"

namespace sdsim::shortener {
namespace {

using namespace sdsim::core;

class kgs_actor : public timed_actor {
 public:
  kgs_actor(caf::actor_config& cfg, std::shared_ptr<const kgs_params> p)
      : timed_actor(cfg, p->clock, p->timer_quantum), p_(std::move(p)),
        rng_(rng::stream(p_->seed, "shortener/kgs")),
        station_("shortener/kgs", 0,
                 capacity_model::of(p_->capacity), p_->window_start),
        ranges_(p_->range_size) {}

  caf::behavior make_behavior() override {
    return {
        [this](range_atom) {
          auto rp = make_response_promise<uint64_t, uint64_t>();
          after_service([this, rp]() mutable {
            auto r = ranges_.allocate();
            rp.deliver(r ? r->first : uint64_t{0}, r ? r->count : uint64_t{0});
          });
          return rp;
        },
        [this](next_id_atom) {
          auto rp = make_response_promise<uint64_t>();
          after_service([this, rp]() mutable { rp.deliver(next_id_++); });
          return rp;
        },
        [this](wake_atom) { on_wake(); },
        [this](peek_atom) { return peek(station_); },
        [this](collect_atom) {
          ActorMetrics m = service_metrics(station_);
          return m.SerializeAsString();
        },
        [this](caf::get_atom) { return uint64_t{0}; },
    };
  }

 private:
  void after_service(std::function<void()> work) {
    const sim_ns now = clock().now();
    auto res = station_.arrive(now, rng_);
    if (!res) return work();  // no queue limit is set for the KGS; never refuse a key
    at(res->end, [this, now, work = std::move(work)] {
      station_.depart(now, clock().now());
      work();
    });
  }

  std::shared_ptr<const kgs_params> p_;
  rng rng_;
  service_station station_;
  key_range_allocator ranges_;
  uint64_t next_id_ = 1;
};

}  // namespace

caf::actor spawn_kgs(caf::actor_system& sys, std::shared_ptr<const kgs_params> p) {
  return sys.spawn<kgs_actor>(std::move(p));
}

}  // namespace sdsim::shortener
