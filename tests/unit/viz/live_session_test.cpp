// The knobs on a real run (real clock, a small city): what a viewer's clicks do, checked
// without a window. Waits are bounded polls; nothing here asserts how long anything took.
#include "viz/live_session.hpp"

#include <algorithm>
#include <chrono>
#include <functional>
#include <thread>

#include <gtest/gtest.h>

#include "viz/fault_knobs.hpp"
#include "viz/ride_picker.hpp"

namespace sdsim::viz {
namespace {

const std::string concert = SDSIM_SOURCE_DIR "/scenarios/ride_hailing/surge-concert.textproto";

bool wait_for(const std::function<bool()>& done) {
  const auto limit = std::chrono::steady_clock::now() + std::chrono::seconds(90);
  while (!done()) {
    if (std::chrono::steady_clock::now() > limit) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return true;
}

bool has_figure(const live_session& s, const std::string& name) {
  for (const auto& f : s.figures())
    if (f.name == name) return true;
  return false;
}

std::size_t drivers_shown(const live_session& s) {
  const auto map = s.map();
  const auto pts = map ? map->points() : nullptr;
  return pts ? pts->lat.size() : 0;
}

TEST(LiveSession, RefusesABadOverrideBeforeStarting) {
  live_session s(concert, {"ride_hailing.drivers=0"});
  std::vector<std::string> errors;
  EXPECT_FALSE(s.start(&errors));
  ASSERT_FALSE(errors.empty());
  EXPECT_NE(errors.front().find("drivers"), std::string::npos);
}

TEST(LiveSession, ShowsTheRunAndTurnsEveryKindOfKnob) {
  live_session s(concert, {"ride_hailing.drivers=2000", "duration_s=600", "drain_s=2"});
  std::vector<std::string> errors;
  ASSERT_TRUE(s.start(&errors));

  // The city's picture holds every driver; the clients' counters arrive.
  ASSERT_TRUE(wait_for([&] { return drivers_shown(s) == 2000; }));
  ASSERT_TRUE(wait_for([&] { return !s.apis().empty(); }));
  EXPECT_EQ(s.map()->legend().kinds.size(), 4u);
  // The services' stations, looked at twice, give rates.
  ASSERT_TRUE(wait_for([&] {
    for (const auto& l : s.service_load())
      if (l.name == "ride_hailing/location" && l.arrivals_per_s > 0) return true;
    return false;
  }));

  // A ride's trace, asked the way a click on the map asks: the trip service's rows and
  // matching's search and offers, merged in time order.
  uint64_t ride = 0;
  ASSERT_TRUE(wait_for([&] {
    const auto pts = s.map()->points();
    ride = pts ? first_ride(*pts).value_or(0) : 0;
    return ride != 0;
  }));
  s.ask_trace(ride);
  ASSERT_TRUE(wait_for([&] { return s.trace().ready; }));
  const request_trace t = s.trace();
  EXPECT_EQ(t.id, ride);
  EXPECT_EQ(t.unanswered, 0u);
  std::vector<std::string> seen;
  for (const auto& h : t.hops) seen.push_back(h.service + " " + h.what);
  auto has = [&](const std::string& x) {
    return std::find(seen.begin(), seen.end(), x) != seen.end();
  };
  EXPECT_TRUE(has("ride_hailing/trip quote"));
  EXPECT_TRUE(has("ride_hailing/trip requested"));
  EXPECT_TRUE(has("ride_hailing/matching search"));
  EXPECT_TRUE(has("ride_hailing/matching offer"));
  for (std::size_t i = 1; i < t.hops.size(); ++i) EXPECT_LE(t.hops[i - 1].at, t.hops[i].at);

  // Express: the city is no longer asked for pictures.
  s.set_express(true);
  EXPECT_TRUE(s.express());
  s.set_express(false);

  // Pause: sim time stands still until resumed.
  s.pause();
  const double paused_at = s.status().sim_s;
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_TRUE(s.status().paused);
  EXPECT_EQ(s.status().sim_s, paused_at);
  s.set_speed(2);
  EXPECT_FALSE(s.status().paused);
  EXPECT_EQ(s.status().speed, 2);
  ASSERT_TRUE(wait_for([&] { return s.status().sim_s > paused_at; }));

  // Faults go through the engine and come back with the design's answer.
  s.fault(slow_fault("ride_hailing/location", 10));
  s.fault(kill_fault("ride_hailing/location", 0));
  ASSERT_TRUE(wait_for([&] { return s.faults().size() == 2; }));
  EXPECT_EQ(s.faults()[0].result, "applied");
  EXPECT_NE(s.faults()[1].result, "applied");  // ride-hailing shards cannot be killed (yet)

  // A knob that needs a fresh start: the next run has the new fleet.
  std::string why;
  EXPECT_FALSE(s.restart_with("ride_hailing.drivers=-3", &why));
  EXPECT_FALSE(why.empty());
  ASSERT_TRUE(s.restart_with("ride_hailing.drivers=500", &why)) << why;
  ASSERT_TRUE(wait_for([&] { return s.status().runs == 2 && drivers_shown(s) == 500; }));
  EXPECT_EQ(s.sets().back(), "ride_hailing.drivers=500");
  EXPECT_NE(s.replay_command().find("--set ride_hailing.drivers=500"), std::string::npos);
  EXPECT_TRUE(s.faults().empty());  // a new run starts without the old one's faults

  s.stop();
  EXPECT_TRUE(s.status().finished);
  EXPECT_FALSE(s.status().running);
  EXPECT_GT(s.status().sim_s, 0);  // where the run stopped, still shown
}

TEST(LiveSession, ARunThatEndsCanBeRunAgain) {
  live_session s(concert, {"ride_hailing.drivers=300", "duration_s=1", "drain_s=1"});
  std::vector<std::string> errors;
  ASSERT_TRUE(s.start(&errors));
  ASSERT_TRUE(wait_for([&] { return s.status().finished; }));
  EXPECT_TRUE(s.last_report().designs_size() > 0);
  s.rerun();
  ASSERT_TRUE(wait_for([&] { return s.status().runs == 2 && s.status().finished; }));
  s.stop();
}

}  // namespace
}  // namespace sdsim::viz

namespace sdsim::viz {
namespace {

TEST(LiveSession, KillAndRestartAShardOfTheShortener) {
  live_session s(SDSIM_SOURCE_DIR "/scenarios/shortener/shard-restart.textproto",
                 {"duration_s=600", "drain_s=1"});
  std::vector<std::string> errors;
  ASSERT_TRUE(s.start(&errors)) << (errors.empty() ? "" : errors.front());
  ASSERT_TRUE(wait_for([&] { return !s.apis().empty(); }));
  // The design's own figures while it runs, from its shards' looks.
  ASSERT_TRUE(wait_for([&] { return has_figure(s, "cache hit ratio %") && has_figure(s, "hottest keys"); }));
  s.fault(kill_fault("shortener/shard", 1));
  ASSERT_TRUE(wait_for([&] { return s.faults().size() == 1; }));
  s.fault(restart_fault("shortener/shard", 1));
  s.fault(restart_fault("shortener/shard", 1));
  ASSERT_TRUE(wait_for([&] { return s.faults().size() == 3; }));
  const auto done = s.faults();
  EXPECT_EQ(done[0].result, "applied");
  EXPECT_EQ(done[1].result, "applied");
  EXPECT_NE(done[2].result, "applied");  // it is up already: the design says so
  s.stop();
  // Faults a viewer applied are in the report like scheduled ones.
  const RunReport report = s.last_report();
  int live = 0;
  for (const auto& f : report.faults()) live += f.what() == "kill shortener/shard/1" ? 1 : 0;
  EXPECT_GE(live, 1);
}

}  // namespace
}  // namespace sdsim::viz

namespace sdsim::viz {
namespace {

// The "fail 50%" and "heal" buttons of a push provider, as the knobs panel sends them.
TEST(LiveSession, FailAndHealAPushProvider) {
  live_session s(SDSIM_SOURCE_DIR "/scenarios/notification/documented.textproto",
                 {"duration_s=600", "drain_s=1"});
  std::vector<std::string> errors;
  ASSERT_TRUE(s.start(&errors)) << (errors.empty() ? "" : errors.front());
  ASSERT_TRUE(wait_for([&] { return !s.apis().empty(); }));
  ASSERT_TRUE(wait_for([&] { return has_figure(s, "queue depth") && has_figure(s, "dead-lettered (DLQ)"); }));
  s.fault(fail_fault("notification/fcm", 0.5));
  s.fault(fail_fault("notification/gateway", 0.5));
  ASSERT_TRUE(wait_for([&] { return s.faults().size() == 2; }));
  s.fault(fail_fault("notification/fcm", 0));
  ASSERT_TRUE(wait_for([&] { return s.faults().size() == 3; }));
  const auto done = s.faults();
  EXPECT_EQ(done[0].result, "applied");
  EXPECT_NE(done[1].result, "applied");  // only the providers can fail
  EXPECT_EQ(done[2].result, "applied");
  s.stop();
  const RunReport report = s.last_report();
  int failed = 0;
  for (const auto& f : report.faults())
    failed += f.what().find("notification/fcm") != std::string::npos ? 1 : 0;
  EXPECT_GE(failed, 2);
}

}  // namespace
}  // namespace sdsim::viz
