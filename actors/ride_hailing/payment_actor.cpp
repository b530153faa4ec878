#include "actors/ride_hailing/payment_actor.hpp"

#include <caf/actor_cast.hpp>
#include <caf/actor_system.hpp>

#include "actors/ride_hailing/messages.hpp"
#include "actors/ride_hailing/payment_ledger.hpp"
#include "actors/ride_hailing/ride_hailing.pb.h"
#include "actors/core/service_actor.hpp"

namespace sdsim::ride_hailing {
namespace {

using namespace sdsim::core;

class payment_actor : public core::service_actor {
 public:
  payment_actor(caf::actor_config& cfg, std::shared_ptr<const payment_params> p)
      : service_actor(cfg, {"ride_hailing/payment", 0}, p->capacity, p->basics), p_(std::move(p)),
        ledger_(p_->failure_rate) {}

  caf::behavior make_behavior() override {
    return with_common({
        [this](charge_atom, uint64_t trip, double amount) {
          auto from = caf::actor_cast<caf::actor>(current_sender());
          bool repeat = false;
          ledger_.charge(trip, amount, &repeat);
          // The processor answers after its latency; a refused (queue full) charge is retried
          // by the processor's own queue, modeled as answering after the same wait.
          auto webhook = [this, from, trip] {
            const bool ok = ledger_.settle(trip, rng_) == charge_state::confirmed;
            send(from, settled_atom::value, trip, ok);
            if (rng_.uniform() < p_->redelivery_rate) send(from, settled_atom::value, trip, ok);
          };
          serve(webhook, webhook);
        },
        [this](collect_atom) { return metrics({}); },
    });
  }

 protected:
  // The params hold the peers' handles and the peers hold ours: break the cycle on exit.
  void on_exit() override {
    service_actor::on_exit();
    p_.reset();
  }

 private:
  std::shared_ptr<const payment_params> p_;
  payment_ledger ledger_;
};

}  // namespace

caf::actor spawn_payment(caf::actor_system& sys, std::shared_ptr<const payment_params> p) {
  return sys.spawn<payment_actor>(std::move(p));
}

}  // namespace sdsim::ride_hailing
