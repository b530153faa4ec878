// Tests for actors/core/restart_intensity.hpp: OTP's "more than N restarts within W gives
// up", judged on sim time.
#include "actors/core/restart_intensity.hpp"

#include <gtest/gtest.h>

namespace sdsim::core {
namespace {

TEST(RestartIntensityTest, DefaultIsThreeInTenSeconds) {
  restart_intensity r;
  EXPECT_EQ(r.limit().max_restarts, 3u);
  EXPECT_EQ(r.limit().window, from_s(10));
}

TEST(RestartIntensityTest, FourthCrashWithinTheWindowGivesUp) {
  restart_intensity r;
  EXPECT_TRUE(r.try_restart(from_s(1)));
  EXPECT_TRUE(r.try_restart(from_s(2)));
  EXPECT_TRUE(r.try_restart(from_s(3)));
  EXPECT_FALSE(r.try_restart(from_s(4)));
  EXPECT_EQ(r.granted(), 3u);
  EXPECT_EQ(r.recent(from_s(4)), 3u);
}

TEST(RestartIntensityTest, CrashesAtTheSameInstantCountEach) {
  restart_intensity r({2, from_s(1)});
  EXPECT_TRUE(r.try_restart(0));
  EXPECT_TRUE(r.try_restart(0));
  EXPECT_FALSE(r.try_restart(0));
}

TEST(RestartIntensityTest, WindowSlides) {
  restart_intensity r;  // 3 in 10 s
  EXPECT_TRUE(r.try_restart(from_s(0)));
  EXPECT_TRUE(r.try_restart(from_s(4)));
  EXPECT_TRUE(r.try_restart(from_s(8)));
  // The one at 0 s counts until just before 10 s.
  EXPECT_EQ(r.recent(from_s(10) - 1), 3u);
  EXPECT_FALSE(r.try_restart(from_s(10) - 1));
  // At 10 s it has left the window (half-open), so there is room for one more ...
  EXPECT_TRUE(r.try_restart(from_s(10)));
  // ... but 4 s and 8 s still count, and so does 10 s.
  EXPECT_FALSE(r.try_restart(from_s(13)));
  EXPECT_TRUE(r.try_restart(from_s(14)));
  EXPECT_EQ(r.granted(), 5u);
}

TEST(RestartIntensityTest, RefusedCrashesDoNotExtendTheWait) {
  restart_intensity r({1, from_s(10)});
  EXPECT_TRUE(r.try_restart(from_s(0)));
  for (int s = 1; s < 10; ++s) EXPECT_FALSE(r.try_restart(from_s(s))) << s;
  EXPECT_TRUE(r.try_restart(from_s(10)));
}

TEST(RestartIntensityTest, SteadyCrashesBelowTheRateAreAlwaysRestarted) {
  restart_intensity r;  // 3 in 10 s: one crash every 3.5 s never has 4 in a window
  for (int i = 0; i < 1000; ++i) EXPECT_TRUE(r.try_restart(from_ms(3500) * i)) << i;
}

TEST(RestartIntensityTest, ZeroMaximumNeverRestarts) {
  restart_intensity r({0, from_s(10)});
  EXPECT_FALSE(r.try_restart(0));
  EXPECT_FALSE(r.try_restart(from_s(100)));
  EXPECT_EQ(r.granted(), 0u);
}

TEST(RestartIntensityTest, ZeroWindowJudgesEachCrashAlone) {
  restart_intensity r({1, 0});
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(r.try_restart(0)) << i;
  EXPECT_EQ(r.recent(0), 0u);
}

}  // namespace
}  // namespace sdsim::core
