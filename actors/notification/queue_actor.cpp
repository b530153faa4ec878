// The queue shard actor: the API's writes, then the retry/backoff state machine drawn above
// settle().
#include "actors/notification/queue_actor.hpp"

#include <cmath>
#include <unordered_map>

#include <caf/actor_cast.hpp>
#include <caf/actor_system.hpp>

#include "actors/cluster/held_answers.hpp"
#include "actors/cluster/replica.hpp"
#include "actors/cluster/replicated_tables.hpp"
#include "actors/core/histogram.hpp"
#include "actors/core/messages.hpp"
#include "actors/core/service_actor.hpp"
#include "actors/notification/delivery_queue.hpp"
#include "actors/notification/messages.hpp"
#include "actors/notification/pacer.hpp"

namespace sdsim::notification {
namespace {

using namespace sdsim::core;

constexpr uint32_t max_jobs_per_message = 64;

// The tables copies keep equal, and the order replicated_tables numbers them in.
enum table : uint32_t { preferences, devices, notifications, deliveries, attempts, dead_letters };
const std::vector<std::string> replicated = {"preferences", "devices", "notifications",
                                             "deliveries", "attempts", "dead_letters"};

cluster::replica_identity identity(const queue_params& p) {
  return cluster::identity_of(p.index, p.replica, p.replicas, p.rejoin);
}

std::string station_name(const queue_params& p, uint32_t incarnation) {
  std::string name = "notification/queue/" + std::to_string(p.index) + "/" + std::to_string(incarnation);
  return p.replica == 0 ? name : name + "/copy-" + std::to_string(p.replica);
}

class queue_actor : public service_actor, private cluster::tables_state {
 public:
  queue_actor(caf::actor_config& cfg, std::shared_ptr<const queue_params> p, uint32_t incarnation)
      : service_actor(cfg, {"notification/queue", p->index, station_name(*p, incarnation)},
                      p->capacity, p->basics),
        p_(std::move(p)),
        queue_((static_cast<uint64_t>(incarnation) << 40) | 1),
        replica_(this, *this, identity(*p_), clock()), held_(replica_, p_->replicas) {
    if (p_->global_rate_per_s > 0) global_.emplace(p_->global_rate_per_s, 1.0);
    std::string error;
    const uint64_t device_base = (1ull << 50) + (static_cast<uint64_t>(p_->index) << 40);
    store_ = notification_store::open(p_->db_path, device_base, &error);
    if (store_) tables_ = cluster::replicated_tables::open(store_->sql(), replicated, &error);
    if (!tables_) {
      store_ = nullptr;
      return;
    }
    held_.set_tables(tables_.get());
    if (incarnation == 0 && !p_->rejoin) store_->preload(p_->preload);
    set_down_handler([this](const caf::down_msg& dm) { replica_.on_down(dm.source); });
    if (replica_.leading()) reload();
  }

  caf::behavior make_behavior() override {
    return with_common(caf::message_handler{
        [this](route_atom, uint64_t gid, uint32_t api, sim_ns scheduled, const std::string& b) {
          on_request(gid, api, scheduled, b);
        },
        [this](pull_atom, uint32_t credit) {
          credit_of(caf::actor_cast<caf::actor>(current_sender())) += credit;
          dispatch();
        },
        [this](result_atom, const std::string& bytes) { on_result(bytes); },
        [this](start_atom) { sample_depth(); dispatch(); },
        // The live view: the station so far and the facts (depth, dead letters), so the design
        // can show its figures while it runs.
        [this](peek_atom) {
          ActorMetrics m;
          m.ParseFromString(peek(station_));
          m.set_extra(extra());
          return m.SerializeAsString();
        },
        [this](collect_atom) { return collect(); },
        [this](caf::get_atom) { return static_cast<uint64_t>(in_service_ + depth()); },
    }.or_else(replica_.handlers()));
  }

 protected:
  void on_exit() override {
    service_actor::on_exit();
    credit_.clear();
    replica_.clear();
  }

 private:
  // Everything not yet terminal goes back in line: on a restart, and when a copy becomes
  // the primary. Whatever was leased before is sent again (at-least-once; the devices drop
  // the repeat), and a worker's late answer to an old lease finds none.
  void reload() {
    queue_.clear();
    store_->pending([this](delivery d, sim_ns due) {
      ++recovered_;
      if (due == 0 && !d.dispatched) queue_.push_first(std::move(d));
      else queue_.push_at(std::move(d), due);
    });
  }

  // A copy that becomes primary serves its pending deliveries.
  void on_lead() override {
    if (store_) reload();
    dispatch();
  }



  uint64_t depth() const { return queue_.waiting() + queue_.leased(); }

  // Workers in the order they first asked (a vector: dispatch order must not depend on
  // hashing addresses).
  uint32_t& credit_of(const caf::actor& worker) {
    for (auto& [w, c] : credit_)
      if (w == worker) return c;
    return credit_.emplace_back(worker, 0).second;
  }

  void on_request(uint64_t gid, uint32_t api, sim_ns scheduled, const std::string& bytes) {
    auto from = caf::actor_cast<caf::actor>(current_sender());
    if (!store_) return reply(from, gid, outcome::io_error, {});
    if (!replica_.leading()) return reply(from, gid, outcome::shard_down, {});
    const sim_ns arrival = station_.modeled_arrival(scheduled, clock().now());
    auto res = station_.arrive(arrival, rng_);
    if (!res) return reply(from, gid, outcome::overloaded, {});
    ++in_service_;
    at(res->end, [this, from, gid, api, scheduled, arrival, bytes] {
      --in_service_;
      station_.depart(arrival, clock().now());
      std::string out;
      const outcome o = serve(api, scheduled, bytes, out);
      held_.answer([this, from, gid, o, out] { reply(from, gid, o, out); });
      held_.flush();
      dispatch();
    });
  }

  // Serves one API call; the rows it wrote go to held_ (for the copies).
  outcome serve(uint32_t api, sim_ns scheduled, const std::string& bytes, std::string& out) {
    if (api == notify_api) {
      NotifyRequest req;
      if (!req.ParseFromString(bytes)) return outcome::malformed_request;
      auto r = store_->notify(req, scheduled, minute_of_day());
      if (r.outcome != outcome::ok) return r.outcome;
      if (!req.sender().empty()) ++accepted_from_others_;
      if (r.disposition != DEDUPLICATED) held_.touch(notifications, {r.id});
      for (const auto& d : r.deliveries) held_.touch(deliveries, {r.id, d.key.device_id});
      for (auto& d : r.deliveries) queue_.push_first(std::move(d));
      NotifyReply rep;
      rep.set_notification_id(r.id);
      rep.set_shard(p_->index);
      rep.set_disposition(r.disposition);
      out = rep.SerializeAsString();
      return outcome::ok;
    }
    if (api == set_preferences_api) {
      SetPreferencesRequest req;
      if (!req.ParseFromString(bytes)) return outcome::malformed_request;
      const outcome o = store_->set_preferences(req);
      if (o == outcome::ok) held_.touch(preferences, {req.user_id()});
      return o;
    }
    RegisterDeviceRequest req;
    if (!req.ParseFromString(bytes)) return outcome::malformed_request;
    RegisterDeviceReply rep;
    uint64_t id = 0;
    const outcome o = store_->register_device(req, &id);
    if (o == outcome::ok) held_.touch(devices, {id});
    rep.set_device_id(id);
    out = rep.SerializeAsString();
    return o;
  }

  uint32_t minute_of_day() const {
    const double s = p_->day_offset_s + to_s(static_cast<double>(clock().now()));
    return static_cast<uint32_t>(std::fmod(std::floor(s / 60), 1440));
  }

  // Leases due deliveries to workers with credit, in batches, paced by the global limit:
  // what the limit does not allow yet waits here, in line, not at the provider.
  void dispatch() {
    const sim_ns now = clock().now();
    for (auto& [worker, credit] : credit_) {
      PushJobs batch;
      while (credit > 0) {
        if (global_ && !paced(now)) break;
        auto d = queue_.pop(now);
        if (!d) break;
        --credit;
        check_order(*d);
        auto* job = batch.add_job();
        job->set_notification_id(d->key.notification_id);
        job->set_device_id(d->key.device_id);
        job->set_user_id(d->user_id);
        job->set_platform(static_cast<Platform>(d->platform));
        job->set_token(d->token);
        job->set_dedup_key(d->device_key);
        job->set_payload(d->payload);
        job->set_attempt(d->tries + 1);
        if (global_) global_->book(now);
        const uint64_t lease = queue_.lease(std::move(*d));
        job->set_lease(lease);
        at(now + p_->lease_timeout, [this, lease] { expire(lease); });
        if (batch.job_size() == static_cast<int>(max_jobs_per_message)) {
          send(worker, jobs_atom::value, batch.SerializeAsString());
          batch.Clear();
        }
      }
      if (batch.job_size() > 0) send(worker, jobs_atom::value, batch.SerializeAsString());
    }
  }

  // True when the global limit lets one go now; otherwise dispatch runs again when it will.
  bool paced(sim_ns now) {
    const sim_ns next = global_->earliest(now);
    if (next <= now) return true;
    if (pace_wake_ != next) {
      pace_wake_ = next;
      at(next, [this] { dispatch(); });
    }
    return false;
  }

  // First attempts leave in acceptance order per (user, priority): counted, never expected.
  void check_order(delivery& d) {
    if (d.dispatched) return;
    d.dispatched = true;
    auto& last = last_first_[d.user_id * 2 + (d.high ? 1 : 0)];
    if (d.key.notification_id < last) ++order_violations_;
    last = std::max(last, d.key.notification_id);
  }

  void expire(uint64_t lease) {
    auto d = queue_.release(lease);
    if (!d) return;
    ++lease_expiries_;
    PushResult r;
    r.set_outcome(PUSH_TIMEOUT);
    r.set_acked_at_ns(clock().now());
    settle(std::move(*d), r);
  }

  void on_result(const std::string& bytes) {
    ++credit_of(caf::actor_cast<caf::actor>(current_sender()));
    PushResult r;
    if (!r.ParseFromString(bytes)) return;
    auto d = queue_.release(r.lease());
    if (!d) {
      ++stale_results_;
      return dispatch();
    }
    settle(std::move(*d), r);
    dispatch();
  }

  // A delivery's life in a queue shard:
  //
  //   notify ─► COMMIT ─► ack ─► line ─► leased to a worker ─┬─ ok ─────────────► delivered
  //                               ▲                           ├─ invalid token ──► invalid_device
  //                               │ due                       ├─ failed, timeout ─┬─ failures < cap ──┐
  //                               │                           │                   └─ failures = cap ──► dead_lettered
  //                               │                           ├─ 429 ── max(Retry-After, backoff) ────┤
  //                               │                           └─ throttled here ── (not an attempt) ──┤
  //                               └──────────────── timer heap: base·2^(failures-1) + jitter ◄────────┘
  //
  // Each arrow out of "leased" is one transaction: the attempt row and the delivery's new
  // state. A lease the worker does not answer in time counts as a timeout; the worker's late
  // answer finds no lease and is dropped.
  //
  // settle() records the attempt that ended with `r` and moves the delivery on.
  void settle(delivery d, const PushResult& r) {
    const sim_ns now = clock().now();
    if (r.outcome() == PUSH_LOCALLY_THROTTLED) {
      ++throttled_locally_;
      return retry_at(std::move(d), now + std::max<sim_ns>(r.retry_after_ns(), from_ms(1)));
    }
    attempt_record a;
    a.key = d.key;
    a.try_number = d.tries + 1;
    a.outcome = r.outcome();
    a.at = now;
    delivery_update u;
    u.failures = d.failures;
    switch (r.outcome()) {
      case PUSH_OK:
        u.state = delivery_state::delivered;
        if (d.accepted >= p_->basics.window_start) latency_.record(r.acked_at_ns() - d.accepted);
        break;
      case PUSH_INVALID_TOKEN:
        u.state = delivery_state::invalid_device;
        break;
      case PUSH_THROTTLED: {
        // Not a failure (no step toward the cap), but repeated 429s back off like failures,
        // never sooner than the provider's Retry-After: a storm of retries would only spend
        // the quota that is already short.
        ++throttled_;
        const auto delay = p_->backoff.delay(++d.throttles, rng_);
        a.base_delay = std::max<sim_ns>(r.retry_after_ns(), delay.base);
        a.jitter = delay.jitter;
        u.next_attempt = now + a.base_delay + a.jitter;
        break;
      }
      default: {  // failed or timed out: counts toward the cap
        d.throttles = 0;
        u.failures = d.failures + 1;
        if (p_->backoff.exhausted(u.failures)) {
          u.state = delivery_state::dead_lettered;
          ++dead_lettered_;
          break;
        }
        const auto delay = p_->backoff.delay(u.failures, rng_);
        a.base_delay = delay.base;
        a.jitter = delay.jitter;
        u.next_attempt = now + delay.total();
      }
    }
    bool conflict = false;
    const auto st = store_->record(a, u, &conflict);
    if (!st.ok()) {
      // Not recorded: the delivery is still pending in the store; try it again later.
      ++store_errors_;
      return retry_at(std::move(d), now + from_s(1));
    }
    if (conflict) ++terminal_conflicts_;
    touch_recorded(a, u);
    held_.flush();
    if (u.state != delivery_state::pending) return;
    d.tries = a.try_number;
    d.failures = u.failures;
    retry_at(std::move(d), u.next_attempt);
  }

  // The rows record() wrote.
  void touch_recorded(const attempt_record& a, const delivery_update& u) {
    const auto& k = a.key;
    held_.touch(attempts, {k.notification_id, k.device_id, a.try_number});
    held_.touch(deliveries, {k.notification_id, k.device_id});
    if (u.state == delivery_state::dead_lettered)
      held_.touch(dead_letters, {k.notification_id, k.device_id});
    if (u.state == delivery_state::invalid_device) held_.touch(devices, {k.device_id});
  }

  void retry_at(delivery d, sim_ns due) {
    queue_.push_at(std::move(d), due);
    at(due, [this] { dispatch(); });
  }

  // Pending deliveries once a second while traffic lasts or anything is left.
  void sample_depth() {
    const uint64_t d = depth();
    max_depth_ = std::max(max_depth_, d);
    // Indexed by the second of sim time, so a restarted shard's samples line up.
    const auto i = static_cast<std::size_t>(clock().now() / from_s(1));
    if (depth_per_s_.size() <= i) depth_per_s_.resize(i + 1, 0);
    depth_per_s_[i] = d;
    if (clock().now() < p_->basics.arrivals_end || d > 0)
      at(clock().now() + from_s(1), [this] { sample_depth(); });
  }

  void reply(const caf::actor& to, uint64_t gid, outcome o, const std::string& payload) {
    send(to, routed_atom::value, gid, static_cast<uint8_t>(o), payload);
  }

  std::string collect() {
    ActorMetrics m = service_metrics(station_);
    m.set_extra(extra());
    return m.SerializeAsString();
  }

  std::string extra() const {
    NotificationExtra x;
    auto* f = x.mutable_queue();
    f->set_shard(p_->index);
    f->set_db_path(p_->db_path);
    f->set_max_depth(max_depth_);
    for (auto d : depth_per_s_) f->add_depth_per_s(d);
    f->set_terminal_conflicts(terminal_conflicts_);
    f->set_stale_results(stale_results_);
    f->set_recovered(recovered_);
    f->set_lease_expiries(lease_expiries_);
    f->set_order_violations(order_violations_);
    f->set_throttled(throttled_);
    f->set_throttled_locally(throttled_locally_);
    f->set_store_errors(store_errors_);
    f->set_open_error(store_ ? "" : "cannot open " + p_->db_path);
    HistogramData h;
    latency_.to_proto(&h);
    f->set_delivery_latency(h.SerializeAsString());
    f->set_dead_lettered(dead_lettered_);
    f->set_depth(depth());
    f->set_accepted_from_other_designs(accepted_from_others_);
    f->set_replica(p_->replica);
    const auto r = replica_.figures();
    f->set_leading(r.leading);
    f->set_epoch(r.epoch);
    f->set_replicated(r.replicated);
    f->set_caught_up(r.caught_up);
    return x.SerializeAsString();
  }

  std::shared_ptr<const queue_params> p_;
  std::unique_ptr<notification_store> store_;
  delivery_queue queue_;
  std::optional<pacer> global_;
  sim_ns pace_wake_ = -1;
  std::vector<std::pair<caf::actor, uint32_t>> credit_;
  std::unordered_map<uint64_t, uint64_t> last_first_;
  histogram latency_;
  uint64_t max_depth_ = 0;
  uint64_t accepted_from_others_ = 0;   // notifies another design sent
  uint64_t dead_lettered_ = 0;
  std::vector<uint64_t> depth_per_s_;
  uint64_t terminal_conflicts_ = 0, stale_results_ = 0, recovered_ = 0, lease_expiries_ = 0;
  uint64_t order_violations_ = 0, throttled_ = 0, throttled_locally_ = 0, store_errors_ = 0;
  cluster::replica replica_;   // after the state it refers to
  cluster::held_answers held_;
};

}  // namespace

caf::actor spawn_queue(caf::actor_system& sys, std::shared_ptr<const queue_params> p,
                       uint32_t incarnation) {
  return sys.spawn<queue_actor>(std::move(p), incarnation);
}

}  // namespace sdsim::notification
