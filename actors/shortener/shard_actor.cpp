// The shard actor. A request's life here:
//
//   shard request ──admit (capacity)──► service ends ──► create:  INSERT ... COMMIT ──► reply
//                                                   ├──► lookup:  LRU, else SELECT ──► reply
//                                                   └──► remove:  DELETE ... COMMIT ──► reply
//   every sweep interval until arrivals stop: DELETE expired rows (active expiry)
//
// Replication is the cluster layer's (cluster::replica): this actor says what a write is (a
// row to put, a key to erase, as the primary decided them) and how its table is copied
// whole; it serves only while its copy is the primary.
#include "actors/shortener/shard_actor.hpp"

#include <algorithm>
#include <unordered_map>

#include <caf/actor_cast.hpp>
#include <caf/actor_system.hpp>
#include <caf/sec.hpp>

#include "actors/cluster/replica.hpp"
#include "actors/core/lru_cache.hpp"
#include "actors/core/messages.hpp"
#include "actors/core/metrics.pb.h"
#include "actors/core/service_actor.hpp"
#include "actors/shortener/click_counter.hpp"
#include "actors/shortener/messages.hpp"
#include "actors/shortener/shortener.pb.h"
#include "actors/shortener/shortener_audit.hpp"
#include "actors/shortener/url_table.hpp"

namespace sdsim::shortener {
namespace {

using namespace sdsim::core;

cluster::replica_identity identity(const shard_params& p) {
  return cluster::identity_of(p.index, p.replica, p.replicas, p.rejoin);
}

struct cached {
  std::string url;
  int64_t expire_at_ns = 0;
};

constexpr uint32_t snapshot_rows = 2'000;   // rows per snapshot part

class shard_actor : public service_actor, private cluster::replicated_state {
 public:
  shard_actor(caf::actor_config& cfg, std::shared_ptr<const shard_params> p)
      : service_actor(cfg, {"shortener/shard", p->index}, p->capacity, p->basics),
        p_(std::move(p)),
        cache_(std::max<std::size_t>(1, p_->cache_entries)),
        replica_(this, *this, identity(*p_), clock()) {
    std::string error;
    table_ = url_table::open(p_->db_path, &error);
    if (table_) {
      table_->add_users(p_->users, p_->basics.seed, 0);
      if (!p_->rejoin) table_->preload(p_->preload, p_->users, 0);
    } else {
      open_error_ = error;
    }
    set_down_handler([this](const caf::down_msg& dm) { replica_.on_down(dm.source); });
  }

  caf::behavior make_behavior() override {
    return with_common(caf::message_handler{
        [this](shard_atom, uint64_t gid, const std::string& bytes) { on_request(gid, bytes); },
        [this](start_atom) { schedule_sweep(); },
        // The live view: the station so far and the facts (cache, hottest keys), so the design
        // can show its figures while it runs.
        [this](peek_atom) {
          ActorMetrics m;
          m.ParseFromString(peek(station_));
          m.set_extra(extra());
          return m.SerializeAsString();
        },
        [this](collect_atom) { return metrics(extra()); },
        // The end-of-run audit, where the table is (the driver may be on another host).
        [this](audit_atom, const std::string& bytes) -> caf::result<std::string> {
          AuditRequest req;
          if (!req.ParseFromString(bytes))
            return caf::make_error(caf::sec::invalid_argument, "malformed audit request");
          return audit_copy(table_.get(), req).SerializeAsString();
        },
    }.or_else(replica_.handlers()));
  }

 protected:
  // Handles held after exit would keep the gateways and the other copies alive.
  void on_exit() override {
    service_actor::on_exit();
    replica_.clear();
  }

 private:
  void on_request(uint64_t gid, const std::string& bytes) {
    const sim_ns now = clock().now();
    auto from = caf::actor_cast<caf::actor>(current_sender());
    ShardRequest req;
    if (!req.ParseFromString(bytes)) return reply(from, gid, outcome::malformed_request, {});
    if (!table_) return reply(from, gid, outcome::io_error, {});
    if (!replica_.leading()) return reply(from, gid, outcome::shard_down, {});
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
      ReplicatedWrite w;
      const outcome o = serve(req, rep, &w);
      if (w.op_case() == ReplicatedWrite::OP_NOT_SET) return reply(from, gid, o, rep);
      replica_.commit(w,
                      [this, from, gid, o, rep = std::move(rep)] { reply(from, gid, o, rep); });
    });
  }

  // What a write does on a copy: the primary's result as it is (a row to put, a key to
  // erase), so copies never decide differently.
  bool apply(const std::string& bytes, cluster::log_position at) override {
    ReplicatedWrite w;
    if (!table_ || !w.ParseFromString(bytes)) return false;
    const write_position pos{at.epoch, at.seq};
    const auto st = w.has_put() ? table_->put(w.put(), pos) : table_->erase(w.remove(), pos);
    if (!st.ok()) return false;
    if (w.has_put())
      cache_.put(w.put().key(), cached{w.put().original_url(), w.put().expire_at_ns()});
    else
      cache_.erase(w.remove());
    return true;
  }

  std::optional<cluster::log_position> stored_position() override {
    auto at = table_ ? table_->position() : std::nullopt;
    if (!at) return std::nullopt;
    return cluster::log_position{at->epoch, at->seq};
  }

  bool forget_position() override { return table_ && table_->forget_position().ok(); }

  std::string snapshot_part(int64_t* cursor, bool* last) override {
    SnapshotChunk chunk;
    if (table_)
      for (auto& row : table_->scan(cursor, snapshot_rows)) *chunk.add_rows() = std::move(row);
    *last = chunk.rows_size() < static_cast<int>(snapshot_rows);
    return chunk.SerializeAsString();
  }

  int64_t restore_part(const std::string& bytes, bool first,
                       std::optional<cluster::log_position> last_at) override {
    SnapshotChunk chunk;
    if (!table_ || !chunk.ParseFromString(bytes)) return -1;
    const std::vector<UrlRow> rows(chunk.rows().begin(), chunk.rows().end());
    std::optional<write_position> at;
    if (last_at) at = write_position{last_at->epoch, last_at->seq};
    if (!table_->restore(rows, first, at).ok()) return -1;
    if (first) cache_.clear();
    return static_cast<int64_t>(rows.size());
  }

  // Serves `req`; a write that changed the table is described in `*w` for the copies.
  outcome serve(const ShardRequest& req, ShardReply& rep, ReplicatedWrite* w) {
    const sim_ns now = clock().now();
    if (req.has_lookup()) return lookup(req.lookup().key(), now, rep);
    if (req.has_create()) {
      const auto& c = req.create();
      auto r = table_->create(c.key(), c.original_url(), c.expire_at_ns(), c.user_id(),
                              c.request_id(), now);
      rep.set_collision(r.collision);
      rep.set_key(r.key);
      rep.set_expire_at_ns(r.expire_at_ns);
      if (r.outcome == outcome::ok && !r.collision) {
        cache_.put(r.key, cached{c.original_url(), r.expire_at_ns});
        auto* row = w->mutable_put();
        row->set_key(r.key);
        row->set_original_url(c.original_url());
        row->set_expire_at_ns(r.expire_at_ns);
        row->set_user_id(c.user_id());
        row->set_created_at_ns(now);
        row->set_request_id(c.request_id());
      }
      return r.outcome;
    }
    const auto& rm = req.remove();
    const outcome o = table_->remove(rm.key(), rm.user_id());
    if (o == outcome::ok) {
      cache_.erase(rm.key());
      w->set_remove(rm.key());
    }
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
    if (p_->sweep_interval <= 0 || next > p_->basics.arrivals_end) return;
    at(next, [this] {
      if (table_) swept_ += table_->sweep_expired(clock().now(), 10'000);
      schedule_sweep();
    });
  }

  void reply(const caf::actor& to, uint64_t gid, outcome o, const ShardReply& rep) {
    send(to, shard_reply_atom::value, gid, static_cast<uint8_t>(o), rep.SerializeAsString());
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
    f->set_index(p_->index);
    f->set_replica(p_->replica);
    const auto r = replica_.figures();
    f->set_replicated(r.replicated);
    f->set_degraded_writes(r.degraded);
    f->set_caught_up_rows(r.caught_up);
    f->set_caught_up_writes(r.suffix_writes);
    f->set_in_sync(r.in_sync);
    f->set_leading(r.leading);
    for (const auto& [key, n] : clicks_.top(10)) {
      auto* h = f->add_hottest();
      h->set_key(key);
      h->set_clicks(n);
    }
    return x.SerializeAsString();
  }

  std::shared_ptr<const shard_params> p_;
  std::unique_ptr<url_table> table_;
  std::string open_error_;
  lru_cache<std::string, cached> cache_;
  click_counter clicks_;
  uint64_t swept_ = 0;
  uint64_t expired_on_read_ = 0;
  cluster::replica replica_;
};

}  // namespace

caf::actor spawn_shard(caf::actor_system& sys, std::shared_ptr<const shard_params> p) {
  return sys.spawn<shard_actor>(std::move(p));
}

}  // namespace sdsim::shortener
