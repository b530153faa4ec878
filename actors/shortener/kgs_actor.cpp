// A thin shell over key_range_allocator and counter, behind a capacity model: under the
// COUNTER strategy every create waits on this one service, which is the point of the what-if.
#include "actors/shortener/kgs_actor.hpp"

#include <caf/actor_system.hpp>
#include <caf/response_promise.hpp>

#include "actors/core/service_actor.hpp"
#include "actors/shortener/key_generator.hpp"
#include "actors/shortener/messages.hpp"

namespace sdsim::shortener {
namespace {

using namespace sdsim::core;

class kgs_actor : public service_actor {
 public:
  kgs_actor(caf::actor_config& cfg, std::shared_ptr<const kgs_params> p)
      : service_actor(cfg, {"shortener/kgs", 0, "shortener/kgs"}, p->capacity, p->basics),
        p_(std::move(p)), ranges_(p_->range_size) {}

  caf::behavior make_behavior() override {
    return with_common({
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
    });
  }

 private:
  // No queue limit is set for the KGS: never refuse a key.
  void after_service(const std::function<void()>& work) { serve(work, work); }

  std::shared_ptr<const kgs_params> p_;
  key_range_allocator ranges_;
  uint64_t next_id_ = 1;
};

}  // namespace

caf::actor spawn_kgs(caf::actor_system& sys, std::shared_ptr<const kgs_params> p) {
  return sys.spawn<kgs_actor>(std::move(p));
}

}  // namespace sdsim::shortener
