// The shard actor. A request's life here:
//
//   shard request ──admit (capacity)──► service ends ──► create:  INSERT ... COMMIT ──► reply
//                                                   ├──► lookup:  LRU, else SELECT ──► reply
//                                                   └──► remove:  DELETE ... COMMIT ──► reply
//   every sweep interval until arrivals stop: DELETE expired rows (active expiry)
//
// Replication. Every copy of a shard runs this actor; gateways send requests to one, the
// primary. A write the primary committed goes to each live copy it knows (replicate); the
// gateway gets its answer once every one of them applied it (replicated) or died. Copies
// apply the primary's result as is (a row to put, a key to erase), so they never decide
// differently. A copy coming back (rejoin) copies the primary's whole table (join, snapshot
// parts in order), and only then does the primary send it writes and the gateways route to it.
#include "actors/shortener/shard_actor.hpp"

#include <algorithm>
#include <unordered_map>

#include <caf/actor_cast.hpp>
#include <caf/actor_system.hpp>
#include <caf/sec.hpp>

#include "actors/core/ack_tracker.hpp"
#include "actors/core/lru_cache.hpp"
#include "actors/core/messages.hpp"
#include "actors/core/metrics.pb.h"
#include "actors/core/service_station.hpp"
#include "actors/core/timed_actor.hpp"
#include "actors/shortener/click_counter.hpp"
#include "actors/shortener/messages.hpp"
#include "actors/shortener/shortener.pb.h"
#include "actors/shortener/shortener_audit.hpp"
#include "actors/shortener/url_table.hpp"

namespace sdsim::shortener {
namespace {

using namespace sdsim::core;

struct cached {
  std::string url;
  int64_t expire_at_ns = 0;
};

constexpr uint32_t snapshot_rows = 2'000;   // rows per snapshot part

// A reply held until the copies have the write.
struct held_reply {
  caf::actor to;
  uint64_t gid = 0;
  outcome o = outcome::ok;
  ShardReply rep;
};

class shard_actor : public timed_actor {
 public:
  shard_actor(caf::actor_config& cfg, std::shared_ptr<const shard_params> p)
      : timed_actor(cfg, p->clock, p->timer_quantum), p_(std::move(p)),
        rng_(rng::stream(p_->seed, "shortener/shard/" + std::to_string(p_->index))),
        station_("shortener/shard", p_->index,
                 capacity_model::of(p_->capacity), p_->window_start),
        cache_(std::max<std::size_t>(1, p_->cache_entries)),
        in_sync_(!p_->rejoin || p_->replicas == 1) {
    std::string error;
    table_ = url_table::open(p_->db_path, &error);
    if (table_) {
      table_->add_users(p_->users, p_->seed, 0);
      if (!p_->rejoin) table_->preload(p_->preload, p_->users, 0);
    } else {
      open_error_ = error;
    }
    set_down_handler([this](const caf::down_msg& dm) { on_peer_down(dm.source); });
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
        [this](peer_atom, const caf::actor& peer) { add_peer(peer); },
        [this](peer_down_atom, const caf::actor& peer) { on_peer_down(peer.address()); },
        [this](replicate_atom, uint64_t seq, const std::string& bytes) { apply(seq, bytes); },
        [this](replicated_atom, uint64_t seq) {
          if (auto done = acks_.ack(seq, current_sender()->address())) release(*done);
        },
        [this](join_atom) { on_join(caf::actor_cast<caf::actor>(current_sender())); },
        [this](catch_up_atom, const caf::actor& primary) -> caf::result<uint64_t> {
          return catch_up(primary);
        },
        [this](snapshot_atom, const std::string& bytes, bool last) { on_snapshot(bytes, last); },
        // The end-of-run audit, where the table is (the driver may be on another host).
        [this](audit_atom, const std::string& bytes) -> caf::result<std::string> {
          AuditRequest req;
          if (!req.ParseFromString(bytes))
            return caf::make_error(caf::sec::invalid_argument, "malformed audit request");
          return audit_copy(table_.get(), req).SerializeAsString();
        },
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
      ReplicatedWrite w;
      const outcome o = serve(req, rep, &w);
      if (w.op_case() == ReplicatedWrite::OP_NOT_SET || peers_.empty()) {
        if (w.op_case() != ReplicatedWrite::OP_NOT_SET && p_->replicas > 1) ++degraded_;
        return reply(from, gid, o, rep);
      }
      replicate(held_reply{from, gid, o, std::move(rep)}, w);
    });
  }

  // Replication, primary side: the write goes to every live copy; the answer waits.
  void replicate(held_reply h, const ReplicatedWrite& w) {
    const uint64_t seq = ++next_seq_;
    const std::string bytes = w.SerializeAsString();
    std::vector<caf::actor_addr> waiting;
    for (const auto& p : peers_) {
      send(p, replicate_atom::value, seq, bytes);
      waiting.push_back(p.address());
    }
    acks_.expect(seq, waiting);
    held_.emplace(seq, std::move(h));
  }

  void release(const ack_tracker::completed& done) {
    auto it = held_.find(done.seq);
    if (it == held_.end()) return;
    if (done.acks + 1 < p_->replicas) ++degraded_;
    reply(it->second.to, it->second.gid, it->second.o, it->second.rep);
    held_.erase(it);
  }

  void add_peer(const caf::actor& peer) {
    if (!peer || peer.address() == address()) return;
    for (const auto& p : peers_)
      if (p == peer) return;
    monitor(peer);
    peers_.push_back(peer);
  }

  // A copy died (this actor's monitor, or a gateway's, whichever comes first): writes stop
  // waiting for it; a catch-up from it fails.
  void on_peer_down(const caf::actor_addr& who) {
    peers_.erase(std::remove_if(peers_.begin(), peers_.end(),
                                [&](const caf::actor& p) { return p.address() == who; }),
                 peers_.end());
    for (const auto& done : acks_.drop_peer(who)) release(done);
    if (catching_up_ && catch_up_from_.address() == who) {
      catching_up_ = false;
      catch_up_.deliver(caf::make_error(caf::sec::request_receiver_down));
    }
  }

  // Replication, copy side: apply the primary's write as it is.
  void apply(uint64_t seq, const std::string& bytes) {
    ReplicatedWrite w;
    if (!table_ || !w.ParseFromString(bytes)) {
      ++replication_errors_;
      return;
    }
    const auto st = w.has_put() ? table_->put(w.put()) : table_->erase(w.remove());
    if (!st.ok()) {
      ++replication_errors_;
      return;
    }
    if (w.has_put())
      cache_.put(w.put().key(), cached{w.put().original_url(), w.put().expire_at_ns()});
    else
      cache_.erase(w.remove());
    ++replicated_;
    send(caf::actor_cast<caf::actor>(current_sender()), replicated_atom::value, seq);
  }

  // The primary's side of a catch-up: its whole table, in parts, then writes from now on.
  void on_join(const caf::actor& joiner) {
    int64_t cursor = 0;
    for (bool last = false; !last;) {
      SnapshotChunk chunk;
      if (table_)
        for (auto& row : table_->scan(&cursor, snapshot_rows)) *chunk.add_rows() = std::move(row);
      last = chunk.rows_size() < static_cast<int>(snapshot_rows);
      send(joiner, snapshot_atom::value, chunk.SerializeAsString(), last);
    }
    for (const auto& p : peers_) {
      send(joiner, peer_atom::value, p);
      send(p, peer_atom::value, joiner);
    }
    add_peer(joiner);
  }

  // The returning copy's side: ask the primary (none: this copy's own data is all there is).
  caf::result<uint64_t> catch_up(const caf::actor& primary) {
    if (!primary || primary.address() == address()) {
      in_sync_ = true;
      return uint64_t{0};
    }
    catch_up_ = make_response_promise<uint64_t>();
    catching_up_ = true;
    first_part_ = true;
    catch_up_from_ = primary;
    monitor(primary);
    send(primary, join_atom::value);
    return catch_up_;
  }

  void on_snapshot(const std::string& bytes, bool last) {
    if (!catching_up_) return;
    SnapshotChunk chunk;
    const std::vector<UrlRow> rows = chunk.ParseFromString(bytes)
        ? std::vector<UrlRow>(chunk.rows().begin(), chunk.rows().end())
        : std::vector<UrlRow>{};
    const auto st = table_ ? table_->restore(rows, first_part_) : core::status{};
    if (!table_ || !st.ok()) {
      catching_up_ = false;
      catch_up_.deliver(caf::make_error(caf::sec::runtime_error, "cannot store the snapshot"));
      return;
    }
    if (first_part_) cache_.clear();
    first_part_ = false;
    caught_up_rows_ += rows.size();
    if (!last) return;
    catching_up_ = false;
    in_sync_ = true;
    add_peer(catch_up_from_);
    catch_up_.deliver(caught_up_rows_);
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
    f->set_index(p_->index);
    f->set_replica(p_->replica);
    f->set_replicated(replicated_);
    f->set_degraded_writes(degraded_);
    f->set_caught_up_rows(caught_up_rows_);
    f->set_replication_errors(replication_errors_);
    f->set_in_sync(in_sync_ && replication_errors_ == 0);
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
  // Replication.
  std::vector<caf::actor> peers_;              // live copies that get this one's writes
  ack_tracker acks_;
  std::unordered_map<uint64_t, held_reply> held_;
  uint64_t next_seq_ = 0;
  uint64_t replicated_ = 0;
  uint64_t degraded_ = 0;
  uint64_t replication_errors_ = 0;
  // Catch-up of a returning copy.
  caf::response_promise catch_up_;
  caf::actor catch_up_from_;
  bool catching_up_ = false;
  bool first_part_ = true;
  uint64_t caught_up_rows_ = 0;
  bool in_sync_;           // a returning copy of several is not, until it has caught up
};

}  // namespace

caf::actor spawn_shard(caf::actor_system& sys, std::shared_ptr<const shard_params> p) {
  return sys.spawn<shard_actor>(std::move(p));
}

}  // namespace sdsim::shortener
