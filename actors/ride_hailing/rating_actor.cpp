#include "actors/ride_hailing/rating_actor.hpp"

#include <unordered_map>
#include <unordered_set>

#include <caf/actor_cast.hpp>
#include <caf/actor_system.hpp>

#include "actors/ride_hailing/messages.hpp"
#include "actors/cluster/primary_route.hpp"
#include "actors/cluster/replication_messages.hpp"
#include "actors/ride_hailing/ride_hailing.pb.h"
#include "actors/core/service_actor.hpp"

namespace sdsim::ride_hailing {
namespace {

using namespace sdsim::core;

struct asking {
  caf::actor client;
  uint64_t id = 0;
  uint32_t rating = 0;
};

class rating_actor : public core::service_actor {
 public:
  rating_actor(caf::actor_config& cfg, std::shared_ptr<const rating_params> p)
      : service_actor(cfg, {"ride_hailing/rating", 0}, p->capacity, p->basics), p_(std::move(p)),
        trip_(p_->trip), matching_(p_->matching) {}

  caf::behavior make_behavior() override {
    return with_common({
        [this](start_atom) { delayed_send(this, clock().to_wall(ns_per_s), tick_atom::value); },
        [this](call_atom, request_envelope& env) {
          auto from = caf::actor_cast<caf::actor>(current_sender());
          serve([this, from, env = std::move(env)] { on_rate(from, env); },
                [this, from, id = env.id] { answer(from, id, outcome::overloaded); });
        },
        [this](rated_atom, uint64_t tag, uint8_t o, uint64_t driver) {
          auto it = asking_.find(tag);
          if (it == asking_.end()) return;
          if (o == static_cast<uint8_t>(outcome::ok)) {
            auto& [sum, n] = totals_[driver];
            sum += it->second.rating;
            ++n;
            dirty_.insert(driver);
          }
          answer(it->second.client, it->second.id, static_cast<outcome>(o));
          asking_.erase(it);
        },
        [this](tick_atom) {
          publish();
          delayed_send(this, clock().to_wall(ns_per_s), tick_atom::value);
        },
        [this](moved_atom, uint8_t peer, caf::actor a) { moved(static_cast<ride_peer>(peer), a); },
        [this](cluster::primary_atom, uint32_t, uint32_t copy, uint64_t epoch, caf::actor a) {
          trip_.announce(copy, epoch, std::move(a));  // trip's copies' group named its primary
          if (rebuilding_) recover();
        },
        [this](recover_atom) {
          rebuilding_ = true;
          recover();
        },
        [this](collect_atom) { return metrics({}); },
    });
  }

 protected:
  // The params hold the peers' handles and the peers hold ours: break the cycle on exit.
  void on_exit() override {
    service_actor::on_exit();
    p_.reset();
    asking_.clear();
    trip_.clear();
    matching_ = nullptr;
  }

 private:
  void on_rate(const caf::actor& from, const request_envelope& env) {
    if (env.api != rate_trip_api) return answer(from, env.id, outcome::not_supported);
    RateTripRequest r;
    if (!r.ParseFromString(env.payload)) return answer(from, env.id, outcome::malformed_request);
    if (r.rating() < 1 || r.rating() > 5) return answer(from, env.id, outcome::invalid_argument);
    if (r.feedback().size() > 1000) return answer(from, env.id, outcome::too_large);
    const uint64_t tag = ++last_tag_;
    asking_.emplace(tag, asking{from, env.id, r.rating()});
    send(trip_.actor(), may_rate_atom::value, tag, env.payload);
  }

  // A peer spawned again on its returned node. A new matching knows no averages: all of them
  // go to it with the next tick.
  void moved(ride_peer peer, caf::actor a) {
    if (peer != ride_peer::matching) return;
    matching_ = std::move(a);
    for (const auto& [driver, total] : totals_) dirty_.insert(driver);
  }

  // Spawned again: the averages are rebuilt from the trip store, the system of record. The
  // totals replace what this service added meanwhile, which the store already holds (trip
  // commits a rating before it answers may_rate).
  void recover() {
    request(trip_.actor(), caf::infinite, totals_atom::value)
        .then(
            [this](const std::string& bytes) {
              RatingTotals t;
              if (!rebuilding_ || !t.ParseFromString(bytes)) return;
              rebuilding_ = false;
              totals_.clear();
              for (int i = 0; i < t.driver_size() && i < t.stars_size() && i < t.count_size(); ++i) {
                totals_[t.driver(i)] = {static_cast<double>(t.stars(i)), t.count(i)};
                dirty_.insert(t.driver(i));
              }
            },
            [](const caf::error&) {});  // trip unreachable: asked again of the next primary
  }

  // The averages that changed since the last time, to matching.
  void publish() {
    if (dirty_.empty()) return;
    Ratings r;
    for (uint64_t d : dirty_) {
      const auto& [sum, n] = totals_[d];
      r.add_driver(d);
      r.add_average(sum / static_cast<double>(n));
    }
    dirty_.clear();
    send(matching_, ratings_atom::value, r.SerializeAsString());
  }

  std::shared_ptr<const rating_params> p_;
  cluster::primary_route trip_;
  caf::actor matching_;  // moved when spawned again on a returned node
  bool rebuilding_ = false;  // asked for the totals, not answered yet
  std::unordered_map<uint64_t, asking> asking_;
  std::unordered_map<uint64_t, std::pair<double, uint64_t>> totals_;  // driver -> sum, count
  std::unordered_set<uint64_t> dirty_;
  uint64_t last_tag_ = 0;
};

}  // namespace

caf::actor spawn_rating(caf::actor_system& sys, std::shared_ptr<const rating_params> p) {
  return sys.spawn<rating_actor>(std::move(p));
}

}  // namespace sdsim::ride_hailing
