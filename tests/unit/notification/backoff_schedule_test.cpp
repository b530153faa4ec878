#include "actors/notification/backoff_schedule.hpp"

#include <gtest/gtest.h>

namespace sdsim::notification {
namespace {

using core::from_s;

TEST(BackoffSchedule, DoublesFromTheBaseUpToTheCap) {
  backoff_schedule b(from_s(0.5), from_s(30), 0.5, 8);
  EXPECT_EQ(b.base_delay(1), from_s(0.5));
  EXPECT_EQ(b.base_delay(2), from_s(1));
  EXPECT_EQ(b.base_delay(3), from_s(2));
  EXPECT_EQ(b.base_delay(7), from_s(30));   // 32 s capped
  EXPECT_EQ(b.base_delay(1000), from_s(30)); // no overflow however many failures
}

TEST(BackoffSchedule, BaseDelaysNeverDecrease) {
  backoff_schedule b(from_s(0.3), from_s(7), 0.2, 20);
  for (uint32_t n = 1; n < 40; ++n) EXPECT_LE(b.base_delay(n), b.base_delay(n + 1)) << n;
}

TEST(BackoffSchedule, JitterStaysWithinItsBoundAndVaries) {
  backoff_schedule b(from_s(1), from_s(60), 0.5, 8);
  core::rng r(42);
  core::sim_ns lo = INT64_MAX, hi = 0;
  for (int i = 0; i < 10'000; ++i) {
    const auto d = b.delay(3, r);
    EXPECT_EQ(d.base, from_s(4));
    EXPECT_GE(d.jitter, 0);
    EXPECT_LE(d.jitter, b.jitter_bound(d.base));
    lo = std::min(lo, d.jitter);
    hi = std::max(hi, d.jitter);
  }
  EXPECT_EQ(b.jitter_bound(from_s(4)), from_s(2));
  EXPECT_LT(lo, from_s(0.1));   // spread over the whole bound, not one value
  EXPECT_GT(hi, from_s(1.9));
}

TEST(BackoffSchedule, ZeroJitterIsExact) {
  backoff_schedule b(from_s(1), from_s(8), 0, 3);
  core::rng r(1);
  EXPECT_EQ(b.delay(2, r).total(), from_s(2));
}

TEST(BackoffSchedule, ExhaustedAtTheCap) {
  backoff_schedule b(from_s(1), from_s(8), 0, 3);
  EXPECT_FALSE(b.exhausted(2));
  EXPECT_TRUE(b.exhausted(3));
}

}  // namespace
}  // namespace sdsim::notification
