// The supervisor under CAF's deterministic test coordinator: a child that throws in a handler
// is restarted and its listeners learn the new handle; the fourth crash within 10 s is not
// restarted; a killed or shut-down child stays down until a deliberate restart.
#include "actors/core/supervisor.hpp"

#include <stdexcept>
#include <tuple>

#include <gtest/gtest.h>

#include <caf/event_based_actor.hpp>
#include <caf/exit_reason.hpp>
#include <caf/sec.hpp>
#include <caf/send.hpp>

#include "actors/core/messages.hpp"
#include "actors/core/metrics.pb.h"
#include "tests/support/det_system.hpp"

namespace sdsim::core {
namespace {

using crash_atom = caf::atom_constant<caf::atom("crash")>;
using custom_atom = caf::atom_constant<caf::atom("custom")>;

// A child that knows which spawn it was; `crash_atom` throws, `stop_atom` ends it normally.
class crasher : public caf::event_based_actor {
 public:
  crasher(caf::actor_config& cfg, uint64_t generation)
      : caf::event_based_actor(cfg), generation_(generation) {}

  caf::behavior make_behavior() override {
    return {
        [](crash_atom) { throw std::runtime_error("a bug in a handler"); },
        [this](stop_atom) { quit(); },
        [this](caf::get_atom) { return generation_; },
        [this](collect_atom) {
          ActorMetrics m;
          m.add_services()->set_shard(static_cast<uint32_t>(generation_));
          return m.SerializeAsString();
        },
    };
  }

 private:
  uint64_t generation_;
};

class SupervisorTest : public ::testing::Test {
 protected:
  ~SupervisorTest() override {
    if (sup_) caf::anon_send_exit(sup_, caf::exit_reason::user_shutdown);
    d_.sched.run();
  }

  void start(std::function<caf::message(uint32_t, const caf::actor&)> announce = {}) {
    auto p = std::make_shared<supervisor_params>();
    p->name = "test/child 7";
    p->index = 7;
    p->factory = [this] { return d_.sys.spawn<crasher>(++spawned_); };
    p->clock = &d_.clock;
    p->listeners = {d_.self};
    p->announce = std::move(announce);
    sup_ = spawn_supervisor(d_.sys, p);
    d_.sched.run();
  }

  // (restarts, gave up, child) as the supervisor reports them.
  std::tuple<uint64_t, bool, caf::actor> status() {
    std::tuple<uint64_t, bool, caf::actor> out;
    auto h = d_.self->request(sup_, caf::infinite, supervise_atom::value);
    d_.sched.run();
    h.receive([&](uint64_t n, bool gave_up, caf::actor c) { out = {n, gave_up, c}; },
              [&](caf::error& e) { ADD_FAILURE() << d_.sys.render(e); });
    return out;
  }

  caf::actor child() { return std::get<2>(status()); }

  // What the supervisor answers the engine's collect request.
  ActorMetrics collect() {
    ActorMetrics m;
    auto h = d_.self->request(sup_, caf::infinite, collect_atom::value);
    d_.sched.run();
    h.receive([&](const std::string& bytes) { EXPECT_TRUE(m.ParseFromString(bytes)); },
              [&](caf::error& e) { ADD_FAILURE() << d_.sys.render(e); });
    return m;
  }

  // The announcements that have arrived, in order.
  std::vector<caf::actor> announcements() {
    std::vector<caf::actor> out;
    for (bool more = true; more;) {
      d_.self->receive(
          [&](restarted_atom, uint32_t index, caf::actor c) {
            EXPECT_EQ(index, 7u);
            out.push_back(std::move(c));
          },
          caf::after(std::chrono::seconds(0)) >> [&] { more = false; });
    }
    return out;
  }

  void crash_after(std::chrono::milliseconds wait) {
    d_.sched.advance_time(wait);
    caf::anon_send(child(), crash_atom::value);
    d_.sched.run();
  }

  testing::det_system d_;
  caf::actor sup_;
  uint64_t spawned_ = 0;
};

TEST(IsCrashTest, OnlyUndeliberateEndsAreCrashes) {
  EXPECT_FALSE(is_crash(caf::error{}));
  EXPECT_FALSE(is_crash(caf::make_error(caf::exit_reason::normal)));
  EXPECT_FALSE(is_crash(caf::make_error(caf::exit_reason::user_shutdown)));
  EXPECT_FALSE(is_crash(caf::make_error(caf::exit_reason::kill)));
  EXPECT_TRUE(is_crash(caf::make_error(caf::exit_reason::unhandled_exception)));
  EXPECT_TRUE(is_crash(caf::make_error(caf::sec::runtime_error)));
  EXPECT_TRUE(is_crash(caf::make_error(caf::exit_reason::remote_link_unreachable)));
}

TEST_F(SupervisorTest, ChildThatThrowsIsRestartedAndListenersLearnTheNewHandle) {
  start();
  const auto first = child();
  ASSERT_TRUE(first);
  crash_after(std::chrono::milliseconds(1500));
  const auto told = announcements();
  ASSERT_EQ(told.size(), 1u);
  EXPECT_NE(told[0], first);
  const auto [restarts, gave_up, now] = status();
  EXPECT_EQ(restarts, 1u);
  EXPECT_FALSE(gave_up);
  EXPECT_EQ(now, told[0]);
  // Requests to the supervisor reach the new child.
  auto h = d_.self->request(sup_, caf::infinite, caf::get_atom::value);
  d_.sched.run();
  h.receive([](uint64_t generation) { EXPECT_EQ(generation, 2u); },
            [&](caf::error& e) { ADD_FAILURE() << d_.sys.render(e); });
}

TEST_F(SupervisorTest, FourthCrashWithinTheWindowIsNotRestarted) {
  start();
  for (int i = 0; i < 3; ++i) crash_after(std::chrono::seconds(1));
  EXPECT_EQ(announcements().size(), 3u);
  crash_after(std::chrono::seconds(1));  // at 4 s: four within 10 s
  EXPECT_TRUE(announcements().empty());
  const auto [restarts, gave_up, now] = status();
  EXPECT_EQ(restarts, 3u);
  EXPECT_TRUE(gave_up);
  EXPECT_FALSE(now);
  EXPECT_EQ(spawned_, 4u);

  // While down, requests for the child fail at once; its metrics carry what happened.
  auto h = d_.self->request(sup_, caf::infinite, caf::get_atom::value);
  d_.sched.run();
  h.receive([](uint64_t) { ADD_FAILURE() << "no child should answer"; },
            [](caf::error& e) { EXPECT_EQ(e, caf::sec::request_receiver_down); });
  const auto m = collect();
  EXPECT_EQ(m.services_size(), 0);
  ASSERT_EQ(m.supervision_size(), 4);
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(m.supervision(i).at_ns(), from_s(i + 1));
    EXPECT_EQ(m.supervision(i).child(), "test/child 7");
    EXPECT_EQ(m.supervision(i).restarted(), i < 3);
    EXPECT_EQ(m.supervision(i).max_restarts(), 3u);
    EXPECT_EQ(m.supervision(i).window_s(), 10);
  }

  // A message that is not a request is dropped, not answered with an error.
  d_.self->send(sup_, caf::get_atom::value);
  d_.sched.run();
  d_.self->receive([&](caf::error& e) { ADD_FAILURE() << d_.sys.render(e); },
                   caf::after(std::chrono::seconds(0)) >> [] {});
  // A deliberate restart brings it back.
  auto r = d_.self->request(sup_, caf::infinite, restart_atom::value);
  d_.sched.run();
  r.receive([](bool was_down) { EXPECT_TRUE(was_down); },
            [&](caf::error& e) { ADD_FAILURE() << d_.sys.render(e); });
  EXPECT_EQ(announcements().size(), 1u);
  EXPECT_FALSE(std::get<1>(status()));
}

TEST_F(SupervisorTest, CrashesSpreadBeyondTheWindowKeepBeingRestarted) {
  start();
  for (int i = 0; i < 3; ++i) crash_after(std::chrono::seconds(1));  // 1, 2, 3 s
  crash_after(std::chrono::milliseconds(8000));                     // 11 s: 1 s has left
  EXPECT_EQ(announcements().size(), 4u);
  EXPECT_FALSE(std::get<1>(status()));
}

TEST_F(SupervisorTest, ChildKilledAsAFaultStaysDownUntilRestarted) {
  start();
  caf::anon_send_exit(child(), caf::exit_reason::kill);
  d_.sched.run();
  EXPECT_TRUE(announcements().empty());
  const auto [restarts, gave_up, now] = status();
  EXPECT_EQ(restarts, 0u);
  EXPECT_FALSE(gave_up);
  EXPECT_FALSE(now);
  caf::anon_send(sup_, restart_atom::value);
  d_.sched.run();
  EXPECT_EQ(announcements().size(), 1u);
  EXPECT_TRUE(child());
}

TEST_F(SupervisorTest, HaltTakesTheChildDownAndARestartRightAfterFindsItDown) {
  start();
  const auto first = child();
  d_.self->monitor(first);
  caf::anon_send(sup_, halt_atom::value);
  caf::anon_send(sup_, restart_atom::value);
  d_.sched.run();
  d_.self->receive([&](caf::down_msg& dm) {
    EXPECT_EQ(dm.source, first.address());
    EXPECT_EQ(dm.reason, caf::exit_reason::kill);
  });
  const auto told = announcements();
  ASSERT_EQ(told.size(), 1u);
  EXPECT_NE(told[0], first);
  EXPECT_EQ(std::get<0>(status()), 0u);  // deliberate restarts are not counted
}

TEST_F(SupervisorTest, UserShutdownAndNormalEndsAreNotRestarted) {
  start();
  caf::anon_send_exit(child(), caf::exit_reason::user_shutdown);
  d_.sched.run();
  EXPECT_FALSE(child());
  caf::anon_send(sup_, restart_atom::value);
  d_.sched.run();
  caf::anon_send(child(), stop_atom::value);
  d_.sched.run();
  EXPECT_FALSE(child());
  EXPECT_EQ(announcements().size(), 1u);  // the deliberate restart only
  EXPECT_EQ(std::get<0>(status()), 0u);
}

TEST_F(SupervisorTest, CollectAddsTheEventsToTheChildsMetrics) {
  start();
  crash_after(std::chrono::seconds(2));
  const auto m = collect();
  ASSERT_EQ(m.services_size(), 1);
  EXPECT_EQ(m.services(0).shard(), 2u);  // the second child answered
  ASSERT_EQ(m.supervision_size(), 1);
  EXPECT_TRUE(m.supervision(0).restarted());
  // CAF 0.17's default exception handler ends the actor with sec::runtime_error.
  EXPECT_EQ(m.supervision(0).reason(), "system_error(runtime_error)");
  EXPECT_EQ(m.supervision(0).at_ns(), from_s(2));
}

TEST_F(SupervisorTest, CustomAnnouncementAndLateListeners) {
  start([](uint32_t index, const caf::actor& c) {
    return caf::make_message(custom_atom::value, index, c);
  });
  crash_after(std::chrono::seconds(1));
  caf::actor told;
  d_.self->receive([&](custom_atom, uint32_t index, caf::actor c) {
    EXPECT_EQ(index, 7u);
    told = c;
  });
  EXPECT_EQ(told, child());
  // A listener registered after the restart is told the current child at once.
  caf::anon_send(sup_, listen_atom::value, caf::actor{d_.self});
  d_.sched.run();
  d_.self->receive([&](custom_atom, uint32_t, caf::actor c) { EXPECT_EQ(c, told); });
}

TEST_F(SupervisorTest, EndingTheSupervisorEndsTheChild) {
  start();
  const auto c = child();
  d_.self->monitor(c);
  caf::anon_send_exit(sup_, caf::exit_reason::user_shutdown);
  d_.sched.run();
  d_.self->receive([&](caf::down_msg& dm) {
    EXPECT_EQ(dm.source, c.address());
    EXPECT_EQ(dm.reason, caf::exit_reason::user_shutdown);
  });
}

}  // namespace
}  // namespace sdsim::core
