#include "actors/core/sim_clock.hpp"

#include <chrono>
#include <thread>

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <gtest/gtest.h>

namespace sdsim::core {
namespace {

// These tests never assert how much time passed, only what must hold whatever the host does.
class SimClockTest : public ::testing::Test {
 protected:
  caf::actor_system_config cfg;
  caf::actor_system sys{cfg};
};

TEST_F(SimClockTest, StaysStillWhilePausedAndGoesOnFromThereAfter) {
  sim_clock c{sys.clock(), 2.0};
  c.begin();
  c.set_speed(0);
  const sim_ns paused_at = c.now();
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(c.now(), paused_at);
  EXPECT_EQ(c.speed(), 0);
  c.set_speed(1.0);
  EXPECT_GE(c.now(), paused_at);
  EXPECT_EQ(c.speed(), 1.0);
}

TEST_F(SimClockTest, SpeedChangesKeepSimTimeContinuousAndMonotonic) {
  sim_clock c{sys.clock(), 1.0};
  c.begin();
  sim_ns last = c.now();
  for (double s : {4.0, 0.25, 0.0, 10.0, 1.0}) {
    c.set_speed(s);
    const sim_ns now = c.now();
    EXPECT_GE(now, last) << "speed " << s;
    last = now;
  }
}

TEST_F(SimClockTest, TimersKeepTheLastRunningSpeedWhilePaused) {
  sim_clock c{sys.clock(), 2.0};
  c.begin();
  EXPECT_EQ(c.to_wall(from_ms(10)), caf::timespan{from_ms(5)});
  c.set_speed(0);
  EXPECT_EQ(c.to_wall(from_ms(10)), caf::timespan{from_ms(5)});
  EXPECT_EQ(c.to_sim(caf::timespan{from_ms(5)}), 0);
  c.set_speed(0.5);
  EXPECT_EQ(c.to_wall(from_ms(10)), caf::timespan{from_ms(20)});
}

TEST_F(SimClockTest, AnInstantAfterASpeedChangeMapsToTheNewPace) {
  sim_clock c{sys.clock(), 1.0};
  c.begin();
  c.set_speed(0.5);
  const sim_ns now = c.now();
  // One sim second ahead takes two wall seconds from here on.
  const auto wall = c.at(now + from_s(1)) - c.at(now);
  EXPECT_EQ(wall, caf::timespan{from_s(2)});
}

}  // namespace
}  // namespace sdsim::core
