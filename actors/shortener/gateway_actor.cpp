// The gateway actor. A request's life here:
//
//   call ──admit (capacity)──► service time ends ──checks──► refused: reply error
//                                                     └──► key (create) ──► shard ──► reply
//   create, KGS:     key from the ranges held; none left: wait for a range from the KGS
//   create, COUNTER: ask the KGS counter for an id, every time
//   create, MD5:     hash of URL and user; a collision retries with a salt (at most 8 times)
#include "actors/shortener/gateway_actor.hpp"

#include <algorithm>
#include <deque>
#include <unordered_map>

#include <caf/actor_cast.hpp>
#include <caf/actor_system.hpp>
#include <caf/exit_reason.hpp>

#include "actors/cluster/modeled_links.hpp"
#include "actors/cluster/replication_messages.hpp"
#include "actors/cluster/shard_routes.hpp"
#include "actors/cluster/primary_route.hpp"
#include "actors/core/hash_ring.hpp"
#include "actors/core/messages.hpp"
#include "actors/core/design.hpp"
#include "actors/core/metrics.pb.h"
#include "actors/core/service_actor.hpp"
#include "actors/shortener/base62.hpp"
#include "actors/shortener/key_generator.hpp"
#include "actors/shortener/messages.hpp"
#include "actors/shortener/shortener_workload.hpp"

namespace sdsim::shortener {
namespace {

using namespace sdsim::core;

constexpr uint32_t max_md5_retries = 8;
constexpr uint64_t range_size = 10'000;

struct in_flight {
  caf::actor client;
  std::size_t shard = SIZE_MAX;  // where it waits, once relayed
  request_envelope env;
  sim_ns arrival = 0;
  uint32_t user = 0;
  uint32_t salt = 0;
  CreateUrlRequest create;
  std::size_t copy = 0;          // which copy of the shard
  bool delayed = false;          // its reply has been held back by a slow link once
};

// A KGS that does not answer is asked again this much later.
constexpr sim_ns kgs_retry = 100'000'000;

class gateway_actor : public service_actor {
 public:
  gateway_actor(caf::actor_config& cfg, std::shared_ptr<const gateway_params> p)
      : service_actor(cfg, {"shortener/gateway", p->index}, p->capacity, p->basics),
        p_(std::move(p)), logic_(p_->config), routes_(p_->shards), kgs_at_(p_->kgs) {
    for (std::size_t i = 0; i < p_->shards.size(); ++i) {
      ring_.add("shard-" + std::to_string(i), 100);
      shard_of_["shard-" + std::to_string(i)] = i;
    }
    down_as_.assign(p_->shards.size(), outcome::shard_down);
    // A copy that dies fails what waits on it at once, not at the clients' timeouts; a lost
    // connection to its node (CAF reports remote_link_unreachable) is `node_down`.
    set_down_handler([this](const caf::down_msg& dm) {
      on_copy_down(dm.source, dm.reason == caf::exit_reason::remote_link_unreachable
                                  ? outcome::node_down
                                  : outcome::shard_down);
    });
    for (const auto& primary : p_->shards) monitor(primary);
  }

  caf::behavior make_behavior() override {
    return with_common(caf::message_handler{
        [this](call_atom, request_envelope& env) { on_call(std::move(env)); },
        [this](shard_reply_atom, uint64_t gid, uint8_t o, const std::string& bytes) {
          on_shard_reply(gid, static_cast<outcome>(o), bytes);
        },
        [this](start_atom) { if (p_->strategy == KGS) ask_range(); },
        [this](cluster::primary_atom, uint32_t shard, uint32_t copy, uint64_t epoch,
               const caf::actor& primary) {
          if (p_->kgs_group && current_sender() == p_->kgs_group.address())
            return kgs_at_.announce(copy, epoch, primary);   // the KGS copies' group
          if (shard < routes_.shards() && routes_.announce(shard, copy, epoch, primary))
            monitor(primary);
        },
        [this](caf::get_atom) { return static_cast<uint64_t>(pending_.size()); },
    }.or_else(links_.handler()));
  }

 protected:
  void on_exit() override {
    service_actor::on_exit();
    routes_.clear();
    pending_.clear();
    waiting_for_key_.clear();
    p_.reset();
  }

 private:
  void on_call(request_envelope env) {
    const sim_ns now = clock().now();
    const sim_ns arrival = station_.modeled_arrival(env.scheduled, now);
    auto client = caf::actor_cast<caf::actor>(current_sender());
    auto res = station_.arrive(arrival, rng_);
    if (!res) return answer(client, env.id, outcome::overloaded);
    const uint64_t gid = ++next_gid_;
    pending_.emplace(gid, in_flight{std::move(client), SIZE_MAX, std::move(env), arrival, 0, 0, {}});
    at(res->end, [this, gid] { handle(gid); });
  }

  void handle(uint64_t gid) {
    auto& f = pending_.at(gid);
    station_.depart(f.arrival, clock().now());
    switch (f.env.api) {
      case create_api: return handle_create(gid, f);
      case redirect_api: return handle_redirect(gid, f);
      case delete_api: return handle_delete(gid, f);
      default: return finish(gid, outcome::not_supported, {});
    }
  }

  void handle_create(uint64_t gid, in_flight& f) {
    if (!f.create.ParseFromString(f.env.payload)) return finish(gid, outcome::malformed_request, {});
    const auto o = logic_.check_create(f.create, clock().now(), &f.user);
    if (o != outcome::ok) return finish(gid, o, {});
    if (!f.create.custom_alias().empty()) return send_create(gid, f.create.custom_alias());
    make_key(gid);
  }

  void make_key(uint64_t gid) {
    auto& f = pending_.at(gid);
    key_request kr;
    kr.original_url = f.create.original_url();
    kr.user_id = f.user;
    kr.request_id = f.env.id;
    kr.retry_salt = f.salt;
    switch (p_->strategy) {
      case KGS: {
        if (kgs_.remaining() < range_size / 2) ask_range();
        if (auto key = kgs_.next(kr)) return send_create(gid, *key);
        waiting_for_key_.push_back(gid);
        return;
      }
      case COUNTER:
        request(kgs_at_.actor(), kgs_wait(), next_id_atom::value)
            .then([this, gid](uint64_t id) {
                    if (pending_.count(gid)) send_create(gid, encode_base62(id));
                  },
                  [this, gid](const caf::error&) {   // asked again of the KGS's primary
                    at(clock().now() + kgs_retry, [this, gid] {
                      if (pending_.count(gid)) make_key(gid);
                    });
                  });
        return;
      default:
        if (auto key = md5_.next(kr)) return send_create(gid, *key);
        return finish(gid, outcome::io_error, {});
    }
  }

  void ask_range() {
    if (range_requested_) return;
    range_requested_ = true;
    request(kgs_at_.actor(), kgs_wait(), range_atom::value).then([this](uint64_t first, uint64_t n) {
      range_requested_ = false;
      kgs_.add_range(key_range{first, n});
      auto waiting = std::move(waiting_for_key_);
      waiting_for_key_.clear();
      for (auto gid : waiting)
        if (pending_.count(gid)) make_key(gid);
    }, [this](const caf::error&) {   // asked again of the KGS's primary
      at(clock().now() + kgs_retry, [this] {
        range_requested_ = false;
        ask_range();
      });
    });
  }

  // How long an answer from the KGS is waited for: its node may be gone, and a request sent
  // there is never answered.
  caf::duration kgs_wait() const { return caf::duration{clock().to_wall(from_s(1))}; }

  void send_create(uint64_t gid, const std::string& key) {
    auto& f = pending_.at(gid);
    ShardRequest req;
    auto* c = req.mutable_create();
    c->set_key(key);
    c->set_original_url(f.create.original_url());
    if (f.create.expire_after_s() > 0)
      c->set_expire_at_ns(clock().now() + from_s(f.create.expire_after_s()));
    c->set_user_id(f.user);
    c->set_request_id(f.env.id);
    to_shard(gid, key, req);
  }

  void handle_redirect(uint64_t gid, in_flight& f) {
    RedirectRequest r;
    if (!r.ParseFromString(f.env.payload)) return finish(gid, outcome::malformed_request, {});
    if (r.short_key().empty() || r.short_key().size() > 64)
      return finish(gid, outcome::not_found, {});
    ShardRequest req;
    req.mutable_lookup()->set_key(r.short_key());
    to_shard(gid, r.short_key(), req);
  }

  void handle_delete(uint64_t gid, in_flight& f) {
    DeleteUrlRequest d;
    if (!d.ParseFromString(f.env.payload)) return finish(gid, outcome::malformed_request, {});
    const auto o = logic_.check_delete(d, clock().now(), &f.user);
    if (o != outcome::ok) return finish(gid, o, {});
    ShardRequest req;
    req.mutable_remove()->set_key(d.short_key());
    req.mutable_remove()->set_user_id(f.user);
    to_shard(gid, d.short_key(), req);
  }

  void to_shard(uint64_t gid, const std::string& key, const ShardRequest& req) {
    const std::size_t i = shard_of_.at(ring_.owner(key));
    const caf::actor* primary = routes_.primary(i);
    if (!primary) return finish(gid, down_as_[i], {});
    auto& f = pending_.at(gid);
    f.shard = i;
    f.copy = routes_.primary_copy(i);
    // The modeled link to the copy's node: lost requests get no answer (their clients time
    // out), late ones leave later.
    const auto link = links_.message(node_of(i, f.copy), true, rng_);
    if (link.lost) return forget(gid);
    if (link.delay > 0) {
      at(clock().now() + link.delay,
         [this, to = *primary, gid, bytes = req.SerializeAsString()] {
           send(to, shard_atom::value, gid, bytes);
         });
      return;
    }
    send(*primary, shard_atom::value, gid, req.SerializeAsString());
  }

  // The node copy `copy` of shard `shard` lives on; "" for this process.
  const std::string& node_of(std::size_t shard, std::size_t copy) const {
    static const std::string here;
    if (shard >= p_->nodes.size() || copy >= p_->nodes[shard].size()) return here;
    return p_->nodes[shard][copy];
  }

  // A request whose message was lost on the way: no answer comes (the client times out).
  void forget(uint64_t gid) { pending_.erase(gid); }

  void on_copy_down(const caf::actor_addr& who, outcome why) {
    auto lost = routes_.down(who);
    if (!lost) return;
    down_as_[lost->shard] = why;
    std::vector<uint64_t> failed;
    for (const auto& [gid, f] : pending_)
      if (f.shard == lost->shard && f.copy == lost->copy) failed.push_back(gid);
    std::sort(failed.begin(), failed.end());  // replies in a deterministic order
    for (auto gid : failed) finish(gid, why, {});
  }

  void on_shard_reply(uint64_t gid, outcome o, const std::string& bytes) {
    auto it = pending_.find(gid);
    if (it == pending_.end()) return;
    auto& f = it->second;
    const auto link = links_.message(node_of(f.shard, f.copy), false, rng_);
    if (link.lost) return forget(gid);
    if (link.delay > 0 && !f.delayed) {
      f.delayed = true;
      at(clock().now() + link.delay, [this, gid, o, bytes] { on_shard_reply(gid, o, bytes); });
      return;
    }
    ShardReply rep;
    rep.ParseFromString(bytes);
    if (f.env.api == create_api && rep.collision()) {
      ++collisions_;
      if (++f.salt > max_md5_retries) return finish(gid, outcome::io_error, {});
      return make_key(gid);
    }
    std::string payload;
    if (o == outcome::ok && f.env.api == create_api) {
      CreateUrlReply r;
      r.set_short_key(rep.key());
      r.set_expire_at_ns(rep.expire_at_ns());
      payload = r.SerializeAsString();
    } else if (o == outcome::ok && f.env.api == redirect_api) {
      RedirectReply r;
      r.set_original_url(rep.url());
      payload = r.SerializeAsString();
    }
    finish(gid, o, std::move(payload));
  }

  void finish(uint64_t gid, outcome o, std::string payload) {
    auto it = pending_.find(gid);
    if (it == pending_.end()) return;
    answer(it->second.client, it->second.env.id, o, std::move(payload));
    pending_.erase(it);
  }

  std::shared_ptr<const gateway_params> p_;
  gateway_logic logic_;
  hash_ring ring_;
  std::unordered_map<std::string, std::size_t> shard_of_;
  cluster::shard_routes routes_;
  std::vector<outcome> down_as_;   // what requests for a shard with no live copy fail with
  cluster::modeled_links links_;   // to the nodes, as faults left them
  kgs_range kgs_;
  md5_hash md5_;
  std::unordered_map<uint64_t, in_flight> pending_;
  std::vector<uint64_t> waiting_for_key_;
  bool range_requested_ = false;
  cluster::primary_route kgs_at_;   // the KGS's primary, as its copies' group names it
  uint64_t next_gid_ = 0;
  uint64_t collisions_ = 0;
};

}  // namespace

caf::actor spawn_gateway(caf::actor_system& sys, std::shared_ptr<const gateway_params> p) {
  return sys.spawn<gateway_actor>(std::move(p));
}

}  // namespace sdsim::shortener
