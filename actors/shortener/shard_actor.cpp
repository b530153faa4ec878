// The shard actor. A request's life here:
//
//   shard request ──admit (capacity)──► service ends ──► create:  INSERT ... COMMIT ──► reply
//                                                   ├──► lookup:  LRU, else SELECT ──► reply
//                                                   └──► remove:  DELETE ... COMMIT ──► reply
//   every sweep interval until arrivals stop: DELETE expired rows (active expiry)
#include "actors/shortener/shard_actor.hpp"

#include <caf/actor_cast.hpp>
#include <caf/actor_system.hpp>

#include "actors/core/lru_cache.hpp"
#include "actors/core/messages.hpp"
#include "actors/core/metrics.pb.h"
#include "actors/core/service_station.hpp"
#include "actors/core/timed_actor.hpp"
#include "actors/shortener/click_counter.hpp"
#include "actors/shortener/messages.hpp"
#include "actors/shortener/shortener.pb.h"
#include "actors/shortener/url_table.hpp"

namespace sdsim::shortener {
namespace {

using namespace sdsim::core;

struct cached {
  std::string url;
  int64_t expire_at_ns = 0;
};

class shard_actor : public timed_actor {
 public:
  shard_actor(caf::actor_config& cfg, std::shared_ptr<const shard_params> p)
      : timed_actor(cfg, p->clock, p->timer_quantum), p_(std::move(p)),
        rng_(rng::stream(p_->seed, "shortener/shard/" + std::to_string(p_->index))),
        station_("shortener/shard", p_->index,
                 capacity_model::of(p_->capacity), p_->window_start),
        cache_(std::max<std::size_t>(1, p_->cache_entries)) {
    std::string error;
    table_ = url_table::open(p_->db_path, &error);
    if (table_) {
      table_->add_users(p_->users, p_->seed, 0);
      table_->preload(p_->preload, p_->users, 0);
    } else {
      open_error_ = error;
    }
  }

  caf::behavior make_behavior() override {
    return {
        [this](shard_atom, uint64_t gid, const std::string& bytes) { on_request(gid, bytes); },
        [this](start_atom) { schedule_sweep(); },
        [this](wake_atom) { on_wake(); },
        // The live view: the station so far and the facts (cache, hottest keys), so the design
        // can show its figures while it runs.
        [this](peek_atom) {
          ActorMetrics m;
          m.ParseFromString(peek(station_));
          m.set_extra(extra());
          return m.SerializeAsString();
        },
        [this](collect_atom) { return collect(); },
        [this](caf::get_atom) { return in_service_; },
    };
  }

 private:
  void on_request(uint64_t gid, const std::string& bytes) {
    const sim_ns now = clock().now();
    auto from = caf::actor_cast<caf::actor>(current_sender());
    ShardRequest req;
    if (!req.ParseFromString(bytes)) return reply(from, gid, outcome::malformed_request, {});
    if (!table_) return reply(from, gid, outcome::io_error, {});
    // A lookup the cache will answer costs the cache's time, not the database's.
    const bool hit = req.has_lookup() && p_->cache_entries > 0 &&
                     cache_.peek(req.lookup().key()) != nullptr;
    auto res = hit ? station_.arrive_with(now, p_->cache_hit_cost) : station_.arrive(now, rng_);
    if (!res) return reply(from, gid, outcome::overloaded, {});
    ++in_service_;
    at(res->end, [this, from, gid, now, req = std::move(req)] {
      --in_service_;
      station_.depart(now, clock().now());
      ShardReply rep;
      const outcome o = serve(req, rep);
      reply(from, gid, o, rep);
    });
  }

  outcome serve(const ShardRequest& req, ShardReply& rep) {
    const sim_ns now = clock().now();
    if (req.has_lookup()) return lookup(req.lookup().key(), now, rep);
    if (req.has_create()) {
      const auto& c = req.create();
      auto r = table_->create(c.key(), c.original_url(), c.expire_at_ns(), c.user_id(),
                              c.request_id(), now);
      rep.set_collision(r.collision);
      rep.set_key(r.key);
      rep.set_expire_at_ns(r.expire_at_ns);
      if (r.outcome == outcome::ok && !r.collision)
        cache_.put(r.key, cached{c.original_url(), r.expire_at_ns});
      return r.outcome;
    }
    const auto& rm = req.remove();
    const outcome o = table_->remove(rm.key(), rm.user_id());
    if (o == outcome::ok) cache_.erase(rm.key());
    return o;
  }

  outcome lookup(const std::string& key, sim_ns now, ShardReply& rep) {
    if (p_->cache_entries > 0) {
      if (auto* hit = cache_.get(key)) {
        if (hit->expire_at_ns != 0 && hit->expire_at_ns <= now) {
          cache_.erase(key);
          ++expired_on_read_;
          return outcome::expired;
        }
        rep.set_url(hit->url);
        clicks_.record(key);
        return outcome::ok;
      }
    }
    auto r = table_->lookup(key, now);
    if (r.outcome == outcome::expired) ++expired_on_read_;
    if (r.outcome != outcome::ok) return r.outcome;
    if (p_->cache_entries > 0) cache_.put(key, cached{r.url, r.expire_at_ns});
    rep.set_url(r.url);
    clicks_.record(key);
    return outcome::ok;
  }

  void schedule_sweep() {
    const sim_ns next = clock().now() + p_->sweep_interval;
    if (p_->sweep_interval <= 0 || next > p_->arrivals_end) return;
    at(next, [this] {
      if (table_) swept_ += table_->sweep_expired(clock().now(), 10'000);
      schedule_sweep();
    });
  }

  void reply(const caf::actor& to, uint64_t gid, outcome o, const ShardReply& rep) {
    send(to, shard_reply_atom::value, gid, static_cast<uint8_t>(o), rep.SerializeAsString());
  }

  std::string collect() {
    ActorMetrics m = service_metrics(station_);
    m.set_extra(extra());
    return m.SerializeAsString();
  }

  std::string extra() const {
    ShortenerExtra x;
    auto* f = x.mutable_shard();
    f->set_cache_hits(cache_.hits());
    f->set_cache_misses(cache_.misses());
    f->set_rows(table_ ? table_->rows() : 0);
    f->set_expired_swept(swept_);
    f->set_expired_on_read(expired_on_read_);
    f->set_clicks(clicks_.total());
    f->set_db_path(p_->db_path);
    for (const auto& [key, n] : clicks_.top(10)) {
      auto* h = f->add_hottest();
      h->set_key(key);
      h->set_clicks(n);
    }
    return x.SerializeAsString();
  }

  std::shared_ptr<const shard_params> p_;
  rng rng_;
  service_station station_;
  std::unique_ptr<url_table> table_;
  std::string open_error_;
  lru_cache<std::string, cached> cache_;
  click_counter clicks_;
  uint64_t in_service_ = 0;
  uint64_t swept_ = 0;
  uint64_t expired_on_read_ = 0;
};

}  // namespace

caf::actor spawn_shard(caf::actor_system& sys, std::shared_ptr<const shard_params> p) {
  return sys.spawn<shard_actor>(std::move(p));
}

}  // namespace sdsim::shortener
