// Tests for actors/core/token_bucket.hpp.
#include "actors/core/token_bucket.hpp"

#include <gtest/gtest.h>

namespace sdsim::core {
namespace {

TEST(TokenBucketTest, BurstAllowedThenRefused) {
  token_bucket b(1.0, 5.0);
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(b.try_take(0)) << i;
  EXPECT_FALSE(b.try_take(0));
  EXPECT_FALSE(b.try_take(from_ms(1)));
  EXPECT_NEAR(b.available(from_ms(1)), 0.001, 1e-12);
}

TEST(TokenBucketTest, RefillsAtTheRate) {
  token_bucket b(10.0, 1.0);
  EXPECT_TRUE(b.try_take(0));
  EXPECT_FALSE(b.try_take(from_ms(50)));
  EXPECT_NEAR(b.available(from_ms(50)), 0.5, 1e-12);
  EXPECT_TRUE(b.try_take(from_ms(100)));  // exactly one token's worth of time
  EXPECT_FALSE(b.try_take(from_ms(100)));
  // Whole-token steps keep working despite rounding in 0.1 s * 10/s.
  for (int i = 2; i < 1000; ++i) EXPECT_TRUE(b.try_take(from_ms(100) * i)) << i;
}

TEST(TokenBucketTest, RefillCappedAtBurst) {
  token_bucket b(100.0, 3.0);
  EXPECT_TRUE(b.try_take(0, 3.0));
  EXPECT_DOUBLE_EQ(b.available(from_s(3600)), 3.0);
}

TEST(TokenBucketTest, LongRunRateWithinOnePercent) {
  const double rate = 100.0;
  token_bucket b(rate, 10.0);
  // Offered load 1000/s for 100 s, ten times the rate.
  const sim_ns step = from_ms(1);
  const sim_ns duration = from_s(100);
  int64_t admitted = 0;
  for (sim_ns t = 0; t < duration; t += step) admitted += b.try_take(t);
  const double admitted_per_s = static_cast<double>(admitted) / to_s(static_cast<double>(duration));
  EXPECT_NEAR(admitted_per_s, rate, rate * 0.01);
}

TEST(TokenBucketTest, LongRunRateWithIrregularArrivals) {
  token_bucket b(37.5, 5.0);
  int64_t admitted = 0;
  sim_ns t = 0;
  for (int64_t i = 0; i < 400'000; ++i) {
    t += 1 + (i * 7919) % 500'000;  // 0.25 ms mean gap, deterministic jitter
    admitted += b.try_take(t);
  }
  const double admitted_per_s = static_cast<double>(admitted) / to_s(static_cast<double>(t));
  EXPECT_NEAR(admitted_per_s, 37.5, 37.5 * 0.01);
}

TEST(TokenBucketTest, BackwardTimeJumpGrantsNothing) {
  token_bucket b(10.0, 5.0);
  const sim_ns t10 = from_s(10);
  EXPECT_TRUE(b.try_take(t10, 5.0));
  // Jumping back to 5 s and forward again to 10 s must not look like 5 s of refill.
  EXPECT_FALSE(b.try_take(from_s(5)));
  EXPECT_DOUBLE_EQ(b.available(from_s(5)), 0.0);
  EXPECT_FALSE(b.try_take(t10));
  EXPECT_DOUBLE_EQ(b.available(t10), 0.0);
  // Only time past the largest seen counts.
  EXPECT_NEAR(b.available(t10 + from_ms(200)), 2.0, 1e-9);
}

TEST(TokenBucketTest, BackwardJumpFromFarFutureGrantsNothing) {
  token_bucket b(1.0, 100.0);
  EXPECT_TRUE(b.try_take(0, 100.0));
  EXPECT_NEAR(b.available(from_s(1)), 1.0, 1e-12);
  EXPECT_NEAR(b.available(-from_s(1000)), 1.0, 1e-12);
  EXPECT_NEAR(b.available(from_s(1)), 1.0, 1e-12);
}

TEST(TokenBucketTest, FractionalTokens) {
  token_bucket b(2.0, 1.0);
  EXPECT_TRUE(b.try_take(0, 0.5));
  EXPECT_TRUE(b.try_take(0, 0.25));
  EXPECT_TRUE(b.try_take(0, 0.25));
  EXPECT_FALSE(b.try_take(0, 0.1));
  EXPECT_FALSE(b.try_take(from_ms(100), 0.5));  // 0.2 available
  EXPECT_TRUE(b.try_take(from_ms(250), 0.5));   // 0.5 available
  EXPECT_NEAR(b.available(from_ms(250)), 0.0, 1e-9);
  EXPECT_TRUE(b.try_take(from_ms(250), 0.0));   // taking nothing always succeeds
}

TEST(TokenBucketTest, RequestLargerThanBurstNeverSucceeds) {
  token_bucket b(1000.0, 2.0);
  EXPECT_FALSE(b.try_take(0, 2.5));
  EXPECT_FALSE(b.try_take(from_s(100), 2.5));
  EXPECT_EQ(b.wait_ns(from_s(100), 2.5), -1);
  EXPECT_DOUBLE_EQ(b.available(from_s(100)), 2.0);  // a refusal takes nothing
}

TEST(TokenBucketTest, WaitNs) {
  token_bucket b(4.0, 2.0);
  EXPECT_EQ(b.wait_ns(0), 0);
  EXPECT_TRUE(b.try_take(0, 2.0));
  const sim_ns w = b.wait_ns(0);
  EXPECT_EQ(w, from_ms(250));
  EXPECT_FALSE(b.try_take(w - 1));
  EXPECT_TRUE(b.try_take(w));
  token_bucket zero(0.0, 1.0);
  EXPECT_TRUE(zero.try_take(0));
  EXPECT_EQ(zero.wait_ns(from_s(1)), -1);
  EXPECT_FALSE(zero.try_take(from_s(1'000'000)));
}

TEST(TokenBucketTest, FirstCallSetsTheTime) {
  token_bucket b(1.0, 2.0);
  // Starting late in a run is not a refill from t=0: the bucket is simply full.
  EXPECT_DOUBLE_EQ(b.available(from_s(1000)), 2.0);
  EXPECT_TRUE(b.try_take(from_s(1000), 2.0));
  EXPECT_FALSE(b.try_take(from_s(1000)));
}

}  // namespace
}  // namespace sdsim::core
