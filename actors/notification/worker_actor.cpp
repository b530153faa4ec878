// The worker actor. A job's life here:
//
//   jobs ──admit (capacity)──► user's limit ──wait > 1 s──► result: throttled here (retry-after)
//                                   │  wait <= 1 s: held until its booked time
//                                   └──► push to FCM/APNS ──answer──────► result: its outcome
//                                                  └──no answer by the timeout──► result: timeout
#include "actors/notification/worker_actor.hpp"

#include <unordered_map>

#include <caf/actor_system.hpp>

#include "actors/cluster/replication_messages.hpp"
#include "actors/core/messages.hpp"
#include "actors/core/service_actor.hpp"
#include "actors/notification/messages.hpp"
#include "actors/notification/notification.pb.h"
#include "actors/notification/sender_throttle.hpp"

namespace sdsim::notification {
namespace {

using namespace sdsim::core;

// Longest a worker holds a push for the sender's limits; longer waits go back to the queue.
const sim_ns max_hold = from_s(1);

class worker_actor : public service_actor {
 public:
  worker_actor(caf::actor_config& cfg, std::shared_ptr<const worker_params> p)
      : service_actor(cfg, {"notification/worker", p->index}, p->capacity, p->basics),
        p_(std::move(p)),
        throttle_(p_->per_user_rate_per_s, p_->per_user_burst),
        queue_(p_->queue) {}

  caf::behavior make_behavior() override {
    return with_common({
        [this](jobs_atom, const std::string& bytes) { on_jobs(bytes); },
        [this](pushed_atom, uint64_t tag, uint8_t o, sim_ns retry_after) {
          answer(tag, static_cast<PushOutcome>(o), retry_after);
        },
        [this](start_atom) { send(queue_, pull_atom::value, p_->window); },
        // Its queue shard's new primary (a restart, a failover): the old leases are void;
        // offer the new one a full window.
        [this](cluster::primary_atom, uint32_t shard, uint32_t, uint64_t epoch, caf::actor q) {
          if (shard != p_->index || epoch < epoch_) return;
          epoch_ = epoch;
          queue_ = std::move(q);
          send(queue_, pull_atom::value, p_->window);
        },
        [this](collect_atom) { return collect(); },
        [this](caf::get_atom) { return static_cast<uint64_t>(in_flight_.size() + in_service_); },
    });
  }

 protected:
  void on_exit() override {
    service_actor::on_exit();
    queue_ = nullptr;
    p_.reset();
  }

 private:
  void on_jobs(const std::string& bytes) {
    PushJobs jobs;
    if (!jobs.ParseFromString(bytes)) return;
    const sim_ns now = clock().now();
    for (auto& job : *jobs.mutable_job()) {
      auto res = station_.arrive(now, rng_);
      if (!res) {
        report(job, PUSH_LOCALLY_THROTTLED, from_ms(100));
        continue;
      }
      ++in_service_;
      at(res->end, [this, now, job = std::move(job)] {
        --in_service_;
        station_.depart(now, clock().now());
        pace(job);
      });
    }
  }

  // The user's limit paces the push: held here briefly, or handed back to wait in line.
  void pace(const PushJob& job) {
    const sim_ns now = clock().now();
    sim_ns wait = 0;
    const auto when = throttle_.book(job.user_id(), now, max_hold, &wait);
    if (!when) {
      ++throttled_locally_;
      return report(job, PUSH_LOCALLY_THROTTLED, wait);
    }
    if (*when <= now) return push(job);
    ++held_;
    ++in_service_;
    at(*when, [this, job] {
      --in_service_;
      push(job);
    });
  }

  void push(const PushJob& job) {
    const sim_ns now = clock().now();
    PushRequest req;
    req.set_device_id(job.device_id());
    req.set_token(job.token());
    req.set_dedup_key(job.dedup_key());
    req.set_size(static_cast<uint32_t>(job.payload().size()));
    const uint64_t tag = ++next_tag_;
    in_flight_.emplace(tag, job);
    ++sent_;
    send(job.platform() == IOS ? p_->apns : p_->fcm, push_atom::value, tag,
         req.SerializeAsString());
    at(now + p_->push_timeout, [this, tag] {
      if (in_flight_.count(tag) == 0) return;
      ++timeouts_;
      answer(tag, PUSH_TIMEOUT, 0);
    });
  }

  void answer(uint64_t tag, PushOutcome o, sim_ns retry_after) {
    auto it = in_flight_.find(tag);
    if (it == in_flight_.end()) return;  // answered after its timeout: already reported
    report(it->second, o, retry_after);
    in_flight_.erase(it);
  }

  void report(const PushJob& job, PushOutcome o, sim_ns retry_after) {
    PushResult r;
    r.set_notification_id(job.notification_id());
    r.set_device_id(job.device_id());
    r.set_lease(job.lease());
    r.set_outcome(o);
    r.set_retry_after_ns(retry_after);
    r.set_acked_at_ns(clock().now());
    send(queue_, result_atom::value, r.SerializeAsString());
  }

  std::string collect() {
    ActorMetrics m = service_metrics(station_);
    NotificationExtra x;
    auto* f = x.mutable_worker();
    f->set_sent(sent_);
    f->set_timeouts(timeouts_);
    f->set_throttled_locally(throttled_locally_);
    f->set_held(held_);
    m.set_extra(x.SerializeAsString());
    return m.SerializeAsString();
  }

  std::shared_ptr<const worker_params> p_;
  sender_throttle throttle_;
  caf::actor queue_;
  uint64_t epoch_ = 1;   // of the primary it pulls from
  std::unordered_map<uint64_t, PushJob> in_flight_;
  uint64_t next_tag_ = 0;
  uint64_t sent_ = 0, timeouts_ = 0, throttled_locally_ = 0, held_ = 0;
};

}  // namespace

caf::actor spawn_worker(caf::actor_system& sys, std::shared_ptr<const worker_params> p) {
  return sys.spawn<worker_actor>(std::move(p));
}

}  // namespace sdsim::notification
