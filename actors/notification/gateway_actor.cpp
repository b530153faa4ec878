// The gateway actor. A request's life here:
//
//   call ──admit (capacity)──► service time ends ──check──► refused: reply the error
//                                                   └──► queue shard of the user ──► reply
//   a queue shard's primary goes down: every request waiting on it ends `shard_down` at once;
//   the shard's group names the next (cluster::shard_routes)
#include "actors/notification/gateway_actor.hpp"

#include <algorithm>
#include <unordered_map>

#include <caf/actor_cast.hpp>
#include <caf/actor_system.hpp>

#include "actors/cluster/replication_messages.hpp"
#include "actors/cluster/shard_routes.hpp"
#include "actors/core/hash_ring.hpp"
#include "actors/core/messages.hpp"
#include "actors/core/service_actor.hpp"
#include "actors/notification/messages.hpp"
#include "actors/notification/request_rules.hpp"

namespace sdsim::notification {
namespace {

using namespace sdsim::core;

struct waiting {
  caf::actor client;
  uint64_t id = 0;
  std::size_t shard = 0;
};

class gateway_actor : public service_actor {
 public:
  gateway_actor(caf::actor_config& cfg, std::shared_ptr<const gateway_params> p)
      : service_actor(cfg, {"notification/gateway", p->index}, p->capacity, p->basics),
        p_(std::move(p)), routes_(p_->queues) {
    for (std::size_t i = 0; i < routes_.shards(); ++i) {
      ring_.add("queue-" + std::to_string(i), 100);
      index_of_["queue-" + std::to_string(i)] = i;
    }
    set_down_handler([this](const caf::down_msg& dm) { on_down(dm.source); });
    for (const auto& q : p_->queues) monitor(q);
  }

  caf::behavior make_behavior() override {
    return with_common({
        [this](call_atom, request_envelope& env) { on_call(std::move(env)); },
        [this](routed_atom, uint64_t gid, uint8_t o, const std::string& bytes) {
          finish(gid, static_cast<outcome>(o), bytes);
        },
        [this](cluster::primary_atom, uint32_t shard, uint32_t copy, uint64_t epoch,
               const caf::actor& primary) {
          if (shard < routes_.shards() && routes_.announce(shard, copy, epoch, primary))
            monitor(primary);
        },
        [this](caf::get_atom) { return static_cast<uint64_t>(waiting_.size()); },
    });
  }

 protected:
  void on_exit() override {
    service_actor::on_exit();
    waiting_.clear();
    routes_.clear();
  }

 private:
  void on_call(request_envelope env) {
    auto client = caf::actor_cast<caf::actor>(current_sender());
    const sim_ns arrival = station_.modeled_arrival(env.scheduled, clock().now());
    auto res = station_.arrive(arrival, rng_);
    if (!res) return answer(client, env.id, outcome::overloaded);
    const uint64_t gid = ++next_gid_;
    waiting_.emplace(gid, waiting{std::move(client), env.id, SIZE_MAX});
    at(res->end, [this, gid, arrival, env = std::move(env)] {
      station_.depart(arrival, clock().now());
      route(gid, env);
    });
  }

  void route(uint64_t gid, const request_envelope& env) {
    uint64_t user = 0;
    const outcome o = parse_and_check(env.api, env.payload, &user);
    if (o != outcome::ok) return finish(gid, o, {});
    const std::size_t i = index_of_.at(ring_.owner(std::to_string(user)));
    const caf::actor* primary = routes_.primary(i);
    if (!primary) return finish(gid, outcome::shard_down, {});
    waiting_.at(gid).shard = i;
    send(*primary, route_atom::value, gid, env.api, env.scheduled, env.payload);
  }

  void on_down(const caf::actor_addr& who) {
    auto lost = routes_.down(who);
    if (!lost) return;
    std::vector<uint64_t> failed;
    for (const auto& [gid, w] : waiting_)
      if (w.shard == lost->shard) failed.push_back(gid);
    std::sort(failed.begin(), failed.end());  // replies in a deterministic order
    for (auto gid : failed) finish(gid, outcome::shard_down, {});
  }

  void finish(uint64_t gid, outcome o, const std::string& payload) {
    auto it = waiting_.find(gid);
    if (it == waiting_.end()) return;
    answer(it->second.client, it->second.id, o, payload);
    waiting_.erase(it);
  }

  std::shared_ptr<const gateway_params> p_;
  cluster::shard_routes routes_;
  hash_ring ring_;
  std::unordered_map<std::string, std::size_t> index_of_;
  std::unordered_map<uint64_t, waiting> waiting_;
  uint64_t next_gid_ = 0;
};

}  // namespace

caf::actor spawn_gateway(caf::actor_system& sys, std::shared_ptr<const gateway_params> p) {
  return sys.spawn<gateway_actor>(std::move(p));
}

}  // namespace sdsim::notification
