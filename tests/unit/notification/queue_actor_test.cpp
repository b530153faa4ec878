// The queue shard's retry/backoff state machine (drawn above queue_actor's settle()) under
// CAF's deterministic test coordinator. The test plays both the gateway and the worker, and
// moves sim time from timer to timer.
#include "actors/notification/queue_actor.hpp"

#include <filesystem>

#include <gtest/gtest.h>
#include <unistd.h>


#include "actors/core/messages.hpp"
#include "actors/notification/messages.hpp"
#include "tests/support/det_system.hpp"

namespace sdsim::notification {
namespace {

using namespace sdsim::core;
namespace fs = std::filesystem;

class QueueActorTest : public ::testing::Test {
 protected:
  QueueActorTest() {
    dir_ = fs::temp_directory_path() / ("sdsim_queue_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    auto p = std::make_shared<queue_params>();
    p->db_path = (dir_ / "q.sqlite").string();
    p->capacity.set_servers(1);
    p->capacity.mutable_service_time()->mutable_constant()->set_ms(1);
    p->preload.users = {1};
    p->preload.second_device_share = 0;
    p->preload.ios_share = 0;
    p->backoff = backoff_schedule(from_s(1), from_s(8), 0, 3);  // no jitter: exact times
    p->lease_timeout = from_s(100);
    p->basics.clock = &clock_;
    p->basics.seed = 1;
    p->basics.arrivals_end = from_s(1000);
    params_ = p;
    queue_ = spawn_queue(sys_, p, 0);
    run();
  }

  ~QueueActorTest() override {
    caf::anon_send_exit(queue_, caf::exit_reason::user_shutdown);
    sched_.run();
    fs::remove_all(dir_);
  }

  void run() { sched_.run(); }

  // Moves sim time to the next timer and runs what it wakes.
  void next_timer() {
    ASSERT_TRUE(sched_.trigger_timeout());
    sched_.run();
  }

  NotifyReply notify(const std::string& key) {
    NotifyRequest r;
    r.set_user_id(1);
    r.set_kind("ride_update");
    r.set_dedup_key(key);
    self_->send(queue_, route_atom::value, ++gid_, uint32_t{notify_api}, clock_.now(), r.SerializeAsString());
    run();
    if (!sched_.trigger_timeout()) ADD_FAILURE() << "no service timer";  // 1 ms service time
    run();
    NotifyReply rep;
    self_->receive([&](routed_atom, uint64_t, uint8_t o, const std::string& bytes) {
      EXPECT_EQ(o, static_cast<uint8_t>(outcome::ok));
      rep.ParseFromString(bytes);
    });
    return rep;
  }

  // Jobs the queue has sent to us (the worker) so far.
  std::vector<PushJob> jobs() {
    std::vector<PushJob> out;
    while (self_->mailbox().size() > 0)
      self_->receive([&](jobs_atom, const std::string& bytes) {
        PushJobs js;
        js.ParseFromString(bytes);
        for (const auto& j : js.job()) out.push_back(j);
      });
    return out;
  }

  void answer(const PushJob& j, PushOutcome o, sim_ns retry_after = 0) {
    PushResult r;
    r.set_notification_id(j.notification_id());
    r.set_device_id(j.device_id());
    r.set_lease(j.lease());
    r.set_outcome(o);
    r.set_retry_after_ns(retry_after);
    r.set_acked_at_ns(clock_.now());
    self_->send(queue_, result_atom::value, r.SerializeAsString());
    run();
  }

  int64_t count(const std::string& sql) {
    std::string error;
    auto s = notification_store::open(params_->db_path, 0, &error);
    int64_t n = -1;
    s->sql().query(sql, {}, [&](const sql_row& r) { n = r.integer(0); });
    return n;
  }

  sdsim::testing::det_system det_;
  caf::actor_system& sys_ = det_.sys;
  caf::scheduler::test_coordinator& sched_ = det_.sched;
  sim_clock& clock_ = det_.clock;
  caf::scoped_actor& self_ = det_.self;
  std::shared_ptr<queue_params> params_;
  caf::actor queue_;
  fs::path dir_;
  uint64_t gid_ = 0;
};

TEST_F(QueueActorTest, FailuresBackOffExponentiallyThenDeadLetterAtTheCap) {
  ASSERT_EQ(notify("e1").disposition(), QUEUED);
  self_->send(queue_, pull_atom::value, uint32_t{10});
  run();
  auto js = jobs();
  ASSERT_EQ(js.size(), 1u);
  EXPECT_EQ(js[0].attempt(), 1u);
  sim_ns failed_at = clock_.now();
  answer(js[0], PUSH_FAILED);
  EXPECT_TRUE(jobs().empty());                   // waiting for its retry, not sent at once
  next_timer();
  js = jobs();
  ASSERT_EQ(js.size(), 1u);
  EXPECT_EQ(js[0].attempt(), 2u);
  EXPECT_EQ(clock_.now() - failed_at, from_s(1));  // base delay 1 s
  failed_at = clock_.now();
  answer(js[0], PUSH_TIMEOUT);                     // a timeout counts as a failure too
  next_timer();
  js = jobs();
  ASSERT_EQ(js.size(), 1u);
  EXPECT_EQ(js[0].attempt(), 3u);
  EXPECT_EQ(clock_.now() - failed_at, from_s(2));  // doubled
  answer(js[0], PUSH_FAILED);                      // third failure: the cap
  EXPECT_TRUE(jobs().empty());
  EXPECT_EQ(count("SELECT count(*) FROM dead_letters"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM deliveries WHERE state = 2"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM attempts"), 3);
}

TEST_F(QueueActorTest, ARetryWaitingDoesNotHoldBackTheNextNotification) {
  notify("e1");
  self_->send(queue_, pull_atom::value, uint32_t{10});
  run();
  auto first = jobs();
  ASSERT_EQ(first.size(), 1u);
  answer(first[0], PUSH_FAILED);
  notify("e2");                      // accepted while e1 waits for its retry
  auto js = jobs();
  ASSERT_EQ(js.size(), 1u);
  EXPECT_EQ(js[0].dedup_key(), "e2");
  answer(js[0], PUSH_OK);
  EXPECT_EQ(count("SELECT count(*) FROM deliveries WHERE state = 1"), 1);
}

TEST_F(QueueActorTest, ThrottledWaitsForRetryAfterWithoutSpendingTheCap) {
  notify("e1");
  self_->send(queue_, pull_atom::value, uint32_t{10});
  run();
  auto js = jobs();
  for (int i = 0; i < 5; ++i) {  // more 429s than the cap of 3 failures
    const sim_ns at = clock_.now();
    answer(js.at(0), PUSH_THROTTLED, from_s(3));
    next_timer();
    js = jobs();
    ASSERT_EQ(js.size(), 1u) << i;
    EXPECT_GE(clock_.now() - at, from_s(3));   // never before Retry-After
  }
  answer(js[0], PUSH_OK);
  EXPECT_EQ(count("SELECT count(*) FROM deliveries WHERE state = 1"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM dead_letters"), 0);
}

TEST_F(QueueActorTest, AnUnansweredLeaseTimesOutAndALateAnswerIsIgnored) {
  notify("e1");
  self_->send(queue_, pull_atom::value, uint32_t{10});
  run();
  auto js = jobs();
  ASSERT_EQ(js.size(), 1u);
  next_timer();                         // the lease expires: counted as a timeout
  EXPECT_EQ(clock_.now(), from_s(100) + from_ms(1));
  next_timer();                         // its retry, 1 s later
  auto again = jobs();
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].attempt(), 2u);
  EXPECT_NE(again[0].lease(), js[0].lease());
  answer(js[0], PUSH_OK);               // the worker's late answer to the old lease
  EXPECT_EQ(count("SELECT count(*) FROM deliveries WHERE state = 1"), 0);
  answer(again[0], PUSH_OK);
  EXPECT_EQ(count("SELECT count(*) FROM deliveries WHERE state = 1"), 1);
}

TEST_F(QueueActorTest, InvalidTokenUnregistersTheDevice) {
  notify("e1");
  self_->send(queue_, pull_atom::value, uint32_t{10});
  run();
  answer(jobs().at(0), PUSH_INVALID_TOKEN);
  EXPECT_EQ(count("SELECT count(*) FROM deliveries WHERE state = 3"), 1);
  EXPECT_EQ(notify("e2").disposition(), NO_DEVICE);
}

TEST_F(QueueActorTest, MalformedRequestIsAnErrorReply) {
  self_->send(queue_, route_atom::value, uint64_t{1}, uint32_t{notify_api}, sim_ns{0},
              std::string("\xff\xff\xff", 3));
  run();
  sched_.trigger_timeout();
  run();
  self_->receive([&](routed_atom, uint64_t, uint8_t o, const std::string&) {
    EXPECT_EQ(o, static_cast<uint8_t>(outcome::malformed_request));
  });
}

}  // namespace
}  // namespace sdsim::notification
